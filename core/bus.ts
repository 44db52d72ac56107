import { EventEmitter } from 'node:events';

/** Things one part of the platform announces and others react to (e.g. the API changes a device, the broker drops its cached credentials). */
export interface PlatformEvents {
  /** A device's credentials, binding, status or config changed; `deleted` means it is gone. */
  'device.changed': { deviceId: number; mac: string; change: DeviceChange };
  /** An organization changed how WiFi sightings join into visits: its visits must be re-derived. */
  'wifi.thresholds_changed': { organizationId: number };
  /** A device's MQTT session began or ended (its tunnel, if any, ends with it). */
  'device.presence': { deviceId: number; mac: string; online: boolean };
}

export type DeviceChange = 'registered' | 'bound' | 'unbound' | 'blocked' | 'unblocked' | 'deleted' | 'token_rotated' | 'config';

/** In-process typed event bus; in scale-out mode the same events travel over Redis pub/sub. */
export class Bus {
  private readonly emitter = new EventEmitter().setMaxListeners(100);

  on<K extends keyof PlatformEvents>(event: K, listener: (payload: PlatformEvents[K]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  emit<K extends keyof PlatformEvents>(event: K, payload: PlatformEvents[K]): void {
    this.emitter.emit(event, payload);
  }
}

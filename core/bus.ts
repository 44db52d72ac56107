import { EventEmitter } from 'node:events';

/** Things one part of the platform announces and others react to (e.g. the API changes a device, the broker drops its cached credentials). */
export interface PlatformEvents {
  /** A device's credentials, binding, status or config changed; `deleted` means it is gone. */
  'device.changed': { deviceId: number; mac: string; change: DeviceChange };
  /** An organization changed how WiFi sightings join into visits: its visits must be re-derived. */
  'wifi.thresholds_changed': { organizationId: number };
}

export type DeviceChange = 'registered' | 'bound' | 'unbound' | 'blocked' | 'unblocked' | 'deleted' | 'token_rotated' | 'config';

/** In-process typed event bus; in scale-out mode the same events travel over Redis pub/sub. */
export class Bus {
  private readonly emitter = new EventEmitter().setMaxListeners(100);
  private relay: (<K extends keyof PlatformEvents>(event: K, payload: PlatformEvents[K]) => void) | undefined;

  on<K extends keyof PlatformEvents>(event: K, listener: (payload: PlatformEvents[K]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  emit<K extends keyof PlatformEvents>(event: K, payload: PlatformEvents[K]): void {
    this.emitter.emit(event, payload);
    this.relay?.(event, payload);
  }

  /** Scale-out: every event emitted here is also sent to the other processes (core/redis-bus.ts); undefined stops it. */
  relayTo(send: (<K extends keyof PlatformEvents>(event: K, payload: PlatformEvents[K]) => void) | undefined): void {
    this.relay = send;
  }

  /** An event another process emitted: for this process's listeners only, never relayed back. */
  deliver<K extends keyof PlatformEvents>(event: K, payload: PlatformEvents[K]): void {
    this.emitter.emit(event, payload);
  }
}

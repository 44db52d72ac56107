import { EventEmitter } from 'node:events';
import type { ProductName } from './products.ts';

/** Things one part of the platform announces and others react to (e.g. the API changes a device, the broker drops its cached credentials). */
export interface PlatformEvents {
  /** A device's credentials, binding, status or config changed; `deleted` means it is gone. */
  'device.changed': { deviceId: number; mac: string; change: DeviceChange };
  /** An organization's status or products changed: what its devices may store changed with them. */
  'organization.changed': { organizationId: number };
  /** An organization changed its settings of a product (e.g. WiFi visit rules): derived data may need rebuilding. */
  'product.settings_changed': { organizationId: number; product: ProductName };
  /** A monitored condition crossed its threshold (see monitoring/alerts.ts); the superadmin should hear of it. */
  'alert.raised': PlatformAlert;
  /** A raised alert's condition is over. */
  'alert.resolved': PlatformAlert;
  /** A device's MQTT session began or ended (its tunnel, if any, ends with it). */
  'device.presence': { deviceId: number; mac: string; online: boolean };
  /** A batch of a product that reads its events live is durable in ClickHouse: its rows, as written (TabSeparated). */
  'ingest.stored': { product: ProductName; rows: string };
}

export type AlertKind = 'receivers_offline' | 'ingest_backlog' | 'clickhouse_unavailable' | 'disk_nearly_full';

/** One alert: what, since when, until when (null while active), and the figures behind it. */
export interface PlatformAlert {
  id: number;
  kind: AlertKind;
  severity: 'warning' | 'critical';
  raisedAt: Date;
  resolvedAt: Date | null;
  details: Record<string, number | string | string[]>;
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

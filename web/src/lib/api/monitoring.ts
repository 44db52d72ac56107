import { request } from './http.ts';

/** GET /monitoring/host: the prototype's shape (memory and disk usage in MB, io and network in bytes since boot). */
export interface HostSnapshot {
  cpu: { usage: number; cores: number };
  memory: { total: number; used: number; percent: number };
  network: { rx_bytes: number; tx_bytes: number };
  load: { '1m': number; '5m': number; '15m': number };
  disk: { io: { read_bytes: number; write_bytes: number }; usage: { total: number; used: number; percent: number } };
  timestamp: string;
}

export interface MonitoringSample {
  at: string;
  cpu_percent: number;
  memory_percent: number;
  load_1m: number;
  disk_percent: number;
  network_rx_bytes_per_second: number;
  network_tx_bytes_per_second: number;
  disk_read_bytes_per_second: number;
  disk_write_bytes_per_second: number;
  devices_online: number;
  events_per_second: number;
  queue_depth: number;
  insert_ms: number | null;
}

export type AlertKind = 'receivers_offline' | 'ingest_backlog' | 'clickhouse_unavailable' | 'disk_nearly_full';

export interface Alert {
  id: number;
  kind: AlertKind;
  severity: 'warning' | 'critical';
  raised_at: string;
  resolved_at: string | null;
  details: Record<string, number | string | string[]>;
}

export const getHost = () => request<HostSnapshot>('GET', '/monitoring/host');

/** Samples taken after `since` (all kept ones without it). */
export const getSamples = (since?: string) =>
  request<{ interval_ms: number; samples: MonitoringSample[] }>('GET', '/monitoring/samples', { query: { since } });

export const getAlerts = () => request<{ active: Alert[]; recent: Alert[] }>('GET', '/monitoring/alerts');

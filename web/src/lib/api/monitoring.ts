import type { HostSnapshot, MonitoringSample } from '$core/monitoring.ts';
import { request } from './http.ts';

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

import { request } from './http.ts';
import type { Alert, HostSnapshot, MonitoringSample } from './types.ts';

export const getHost = () => request<HostSnapshot>('GET', '/monitoring/host');

/** Samples taken after `since` (all kept ones without it). */
export const getSamples = (since?: string) =>
  request<{ interval_ms: number; samples: MonitoringSample[] }>('GET', '/monitoring/samples', { query: { since } });

export const getAlerts = () => request<{ active: Alert[]; recent: Alert[] }>('GET', '/monitoring/alerts');

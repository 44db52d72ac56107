import { download, queryString, request } from './http.ts';

/** WiFi Analytics (/client/wifi/*); what each number means: docs/wifi-metrics.md. */

export const WIFI_PERIODS = ['today', 'yesterday', 'week', 'month', 'custom'] as const;
export type WifiPeriodName = (typeof WIFI_PERIODS)[number];

/** A period as the API takes it: a preset, or custom local dates (YYYY-MM-DD, inclusive). */
export interface WifiPeriod {
  period: WifiPeriodName;
  from?: string;
  to?: string;
}

export type Granularity = 'day' | 'hour';

export interface ResolvedPeriod {
  from: string;
  to: string;
  first_day: string;
  last_day: string;
  time_zone: string;
}

export interface WifiThresholds {
  rssi_floor_dbm: number;
  visitor_rssi_dbm: number;
  min_visit_minutes: number;
  visit_gap_minutes: number;
}

export interface Split {
  total: number;
  real: number;
  randomized: number;
}

export interface WifiSummary {
  period: ResolvedPeriod;
  thresholds: WifiThresholds;
  uniques: Split;
  visitors: Split;
  passers_by: number;
  capture_rate: number;
  visits: number;
  dwell: { mean_minutes: number; median_minutes: number };
  repeat_visitors: number;
  new_visitors: number;
  returning_visitors: number;
  events: number;
  /** With compare=previous: the period just before and each metric's change, computed by the API. */
  comparison?: { period: ResolvedPeriod; changes: Record<ComparedMetric, MetricChange> };
}

export type ComparedMetric =
  | 'uniques'
  | 'visitors'
  | 'passers_by'
  | 'capture_rate'
  | 'visits'
  | 'dwell_mean_minutes'
  | 'dwell_median_minutes'
  | 'events'
  | 'repeat_visitors'
  | 'new_visitors'
  | 'returning_visitors';

export interface MetricChange {
  previous: number;
  change: number;
  /** change / previous; null when the previous value was 0. */
  ratio: number | null;
}

/** GET /client/wifi/heatmap: arrivals per weekday (1 = Monday) and hour, averaged over the period. */
export interface HeatmapCell {
  weekday: number;
  hour: number;
  days: number;
  uniques: number;
  visitors: number;
}

export interface SeriesPoint {
  /** Local date (day) or local hour start `YYYY-MM-DDTHH:00` (hour), in the organization's time zone. */
  bucket: string;
  uniques: number;
  uniques_real: number;
  uniques_randomized: number;
  visitors: number;
  visits: number;
  events: number;
}

export interface DwellBucket {
  from_minutes: number;
  to_minutes: number | null;
  visits: number;
}

export interface VendorRow {
  vendor: string;
  devices: number;
  visitors: number;
}

export interface ReceiverRow {
  id: number;
  label: string;
  name: string;
  online: boolean;
  /** Monitor mode on (wifi.monitor_enabled): only then does the receiver hear probes. */
  monitoring: boolean;
  events: number;
  devices: number;
}

export const EXPORT_FIELDS = ['timestamp', 'receiver', 'receiver_mac', 'client_mac', 'randomized', 'vendor', 'rssi', 'ssid', 'channel', 'frame_type'] as const;
export type ExportField = (typeof EXPORT_FIELDS)[number];
export type ExportFormat = 'csv' | 'json';

export interface ExportRequest extends WifiPeriod {
  format: ExportFormat;
  fields: ExportField[];
  exclude_randomized: boolean;
}

export interface ExportJob {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  format: string;
  parameters: { period?: string; first_day?: string; last_day?: string; fields?: string[]; exclude_randomized?: boolean };
  rows: number;
  bytes: number;
  error: string | null;
  requested_by: string;
  created_at: string;
  finished_at: string | null;
}

const periodQuery = (p: WifiPeriod) => ({ period: p.period, from: p.period === 'custom' ? p.from : undefined, to: p.period === 'custom' ? p.to : undefined });

export const getWifiSummary = (p: WifiPeriod) => request<WifiSummary>('GET', '/client/wifi/summary', { query: { ...periodQuery(p), compare: 'previous' } });

export const getWifiHeatmap = (p: WifiPeriod) => request<{ period: ResolvedPeriod; cells: HeatmapCell[] }>('GET', '/client/wifi/heatmap', { query: periodQuery(p) });

export const getWifiSeries = (p: WifiPeriod, granularity: Granularity) =>
  request<{ period: ResolvedPeriod; granularity: Granularity; points: SeriesPoint[] }>('GET', '/client/wifi/series', { query: { ...periodQuery(p), granularity } });

export const getWifiDwell = (p: WifiPeriod) => request<{ buckets: DwellBucket[] }>('GET', '/client/wifi/dwell', { query: periodQuery(p) });

export const getWifiVendors = (p: WifiPeriod, limit = 10) =>
  request<{ vendors: VendorRow[] }>('GET', '/client/wifi/vendors', { query: { ...periodQuery(p), limit } });

export const getWifiReceivers = (p: WifiPeriod) => request<{ receivers: ReceiverRow[] }>('GET', '/client/wifi/receivers', { query: periodQuery(p) });

export const getWifiThresholds = () => request<WifiThresholds>('GET', '/client/wifi/thresholds');

/** PUT /client/wifi/thresholds (owner, admin, operator) */
export const putWifiThresholds = (t: WifiThresholds) => request<WifiThresholds>('PUT', '/client/wifi/thresholds', { body: t });

/** POST /client/wifi/exports (owner, admin, manager): queues a job to poll. */
export const startWifiExport = (input: ExportRequest) => request<ExportJob>('POST', '/client/wifi/exports', { body: { ...input, ...periodQuery(input) } });

export const listWifiExports = () => request<ExportJob[]>('GET', '/client/wifi/exports');

export const getWifiExport = (id: string) => request<ExportJob>('GET', `/client/wifi/exports/${id}`);

/** GET /client/wifi/exports/:id/download as a Blob with the server's file name (the endpoint needs the Bearer token, which a plain link cannot send). */
export const downloadWifiExport = (id: string) => download(`/client/wifi/exports/${id}/download`, `wifi-export-${id}`);

/** GET /client/wifi/receivers.csv for the period, with the server's file name. */
export const downloadWifiReceiversCsv = (p: WifiPeriod) => download(`/client/wifi/receivers.csv${queryString(periodQuery(p))}`, 'wifi-receivers.csv');

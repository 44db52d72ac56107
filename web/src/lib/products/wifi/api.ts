import { download, queryString, request } from '$lib/api/http.ts';
import type { components } from '$lib/api/schema.d.ts';

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

type Schemas = components['schemas'];

export type ResolvedPeriod = Schemas['WifiSummary']['period'];
export type WifiThresholds = Schemas['WifiThresholds'];
export type WifiSummary = Schemas['WifiSummary'];
/** `bucket`: local date (day) or local hour start `YYYY-MM-DDTHH:00` (hour), in the organization's time zone. */
export type SeriesPoint = Schemas['WifiSeries']['points'][number];
export type DwellBucket = Schemas['WifiDwellHistogram']['buckets'][number];
export type VendorRow = Schemas['WifiVendors']['vendors'][number];
export type ReceiverRow = Schemas['WifiReceivers']['receivers'][number];

/** With compare=previous: each headline metric's change against the previous period, computed by the API. */
export type ComparedMetric = keyof NonNullable<WifiSummary['comparison']>['changes'];
export type MetricChange = NonNullable<WifiSummary['comparison']>['changes'][ComparedMetric];
/** GET /client/wifi/heatmap: arrivals per weekday (1 = Monday) and hour, averaged over the period. */
export type HeatmapCell = Schemas['WifiHourOfWeek']['cells'][number];

/** Export columns in the form's order (the API's own list, typed by it). */
export const EXPORT_FIELDS = ['timestamp', 'receiver', 'receiver_mac', 'client_mac', 'randomized', 'vendor', 'rssi', 'ssid', 'channel', 'frame_type'] as const satisfies readonly NonNullable<Schemas['WifiExportRequest']['fields']>[number][];
export type ExportField = (typeof EXPORT_FIELDS)[number];
export type ExportFormat = NonNullable<Schemas['WifiExportRequest']['format']>;

export interface ExportRequest extends WifiPeriod {
  format: ExportFormat;
  fields: ExportField[];
  exclude_randomized: boolean;
}

export type ExportJob = Schemas['Export'];

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

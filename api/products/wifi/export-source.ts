import { clickhouseTime, selectRows, type ClickHouseClient } from '../../../core/clickhouse.ts';
import type { ExportFormat, ExportSource } from '../../services/export-jobs.ts';
import { slicesByHour } from '../../services/export-slices.ts';

/** Columns a WiFi events export may contain, with the SQL that renders each. */
export const WIFI_EXPORT_FIELDS = {
  timestamp: `concat(replaceOne(toString(e.timestamp, 'UTC'), ' ', 'T'), 'Z')`,
  receiver: `transform(e.device_id, {device_ids:Array(UInt32)}, {labels:Array(String)}, '')`,
  receiver_mac: 'toString(e.device_mac)',
  client_mac: 'e.client_mac',
  randomized: 'toBool(bitTest(MACStringToNum(e.client_mac), 41))',
  vendor: 'toString(e.vendor)',
  rssi: 'e.rssi',
  ssid: 'e.ssid',
  channel: 'e.channel',
  frame_type: 'toString(e.frame_type)',
} as const;

export type WifiExportField = keyof typeof WIFI_EXPORT_FIELDS;
export const WIFI_EXPORT_FIELD_NAMES = Object.keys(WIFI_EXPORT_FIELDS) as [WifiExportField, ...WifiExportField[]];

export interface WifiExportRequest {
  organizationId: number;
  from: Date;
  to: Date;
  format: ExportFormat;
  fields: readonly WifiExportField[];
  excludeRandomized: boolean;
  /** Receivers the author may not see (at locations not granted): their events stay out. */
  hiddenDevices: readonly number[];
  /** Receiver labels by device id ("Receiver #5"), resolved from Postgres. */
  receivers: ReadonlyMap<number, string>;
}

// About this many rows per ClickHouse round trip: big enough to be fast, small enough to bound memory.
const SLICE_ROWS = 250_000;

/**
 * Raw WiFi events of a period, cut into time slices of about SLICE_ROWS rows using the hourly aggregate
 * (so planning costs one small query), each slice read in the export's own format.
 */
export async function wifiExportSource(ch: ClickHouseClient, req: WifiExportRequest): Promise<ExportSource> {
  const hourly = await selectRows(
    ch,
    `SELECT toUnixTimestamp(hour) * 1000 AS hour_ms, sum(events) AS n FROM wifi_device_hourly
     WHERE organization_id = {org:UInt32} AND device_id NOT IN {hidden:Array(UInt32)} AND hour >= toStartOfHour(toDateTime64({from:String}, 3, 'UTC'))
       AND hour < toDateTime64({to:String}, 3, 'UTC')
     GROUP BY hour ORDER BY hour`,
    { org: req.organizationId, from: clickhouseTime(req.from), to: clickhouseTime(req.to), hidden: [...req.hiddenDevices] },
    { hour_ms: 'number', n: 'number' },
  );

  return { columns: req.fields, slices: slicesByHour(hourly, req, SLICE_ROWS, (from, to) => fetchSlice(ch, req, from, to)) };
}

async function fetchSlice(ch: ClickHouseClient, req: WifiExportRequest, from: Date, to: Date): Promise<string> {
  const csv = req.format === 'csv';
  const select = req.fields.map((f) => `${renderField(f, csv)} AS ${f}`).join(', ');
  const result = await ch.query({
    // Columns are qualified (e.…) because the output names reuse them: an alias would shadow the column.
    query: `SELECT ${select} FROM wifi_events AS e
            WHERE e.organization_id = {org:UInt32} AND e.device_id NOT IN {hidden:Array(UInt32)}
              AND e.timestamp >= toDateTime64({from:String}, 3, 'UTC') AND e.timestamp < toDateTime64({to:String}, 3, 'UTC')
              ${req.excludeRandomized ? 'AND NOT bitTest(MACStringToNum(e.client_mac), 41)' : ''}
            ORDER BY e.timestamp, e.device_id`,
    query_params: {
      org: req.organizationId,
      from: clickhouseTime(from),
      to: clickhouseTime(to),
      hidden: [...req.hiddenDevices],
      device_ids: [...req.receivers.keys()],
      labels: [...req.receivers.values()],
    },
    format: csv ? 'CSV' : 'JSONEachRow',
  });
  return result.text();
}

/**
 * SSIDs come from anyone's phone. In CSV they are made one-line (row counting and naive readers rely on
 * it) and defused against spreadsheet formula injection (OWASP: prefix a quote to = + - @).
 */
function renderField(field: WifiExportField, csv: boolean): string {
  if (field === 'ssid' && csv) {
    const oneLine = `replaceRegexpAll(e.ssid, '[\\\\r\\\\n]', ' ')`;
    return `if(match(e.ssid, '^[=+\\\\-@\\\\t\\\\r]'), concat('''', ${oneLine}), ${oneLine})`;
  }
  return WIFI_EXPORT_FIELDS[field];
}

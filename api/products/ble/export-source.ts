import { clickhouseTime, selectRows, type ClickHouseClient } from '../../../core/clickhouse.ts';
import type { ExportFormat, ExportSource } from '../../services/export-jobs.ts';
import { slicesByHour } from '../../services/export-slices.ts';
import type { Period, PlanScope } from './positions-repository.ts';

export const BLE_EXPORT_KINDS = ['positions', 'zone_visits'] as const;
export type BleExportKind = (typeof BLE_EXPORT_KINDS)[number];

export interface BleExportRequest {
  scope: PlanScope;
  period: Period;
  kind: BleExportKind;
  format: ExportFormat;
  /** Names the client gave, by id, from PostgreSQL: tags, zones (with their numbers), receivers ("Receiver #5"). */
  tags: ReadonlyMap<number, string>;
  zones: ReadonlyMap<number, { number: number; name: string }>;
  receivers: ReadonlyMap<number, string>;
}

// About this many rows per ClickHouse round trip: big enough to be fast, small enough to bound memory.
const SLICE_ROWS = 250_000;

const TIME = (column: string) => `concat(replaceOne(toString(${column}, 'UTC'), ' ', 'T'), 'Z')`;
const NAMED = (column: string, ids: string, names: string) => `transform(${column}, {${ids}:Array(UInt32)}, {${names}:Array(String)}, '')`;

const COLUMNS: Record<BleExportKind, Record<string, string>> = {
  positions: {
    timestamp: TIME('p.ts'),
    tag_id: 'p.tag_id',
    tag: NAMED('p.tag_id', 'tag_ids', 'tag_names'),
    zone: NAMED('p.zone_id', 'zone_ids', 'zone_numbers'),
    zone_name: NAMED('p.zone_id', 'zone_ids', 'zone_names'),
    x_m: 'round(p.x, 2)',
    y_m: 'round(p.y, 2)',
    error_m: 'round(p.error_m, 2)',
    receiver: NAMED('p.best_device_id', 'device_ids', 'device_labels'),
    rssi: 'p.best_rssi',
  },
  zone_visits: {
    tag_id: 'v.tag_id',
    tag: NAMED('v.tag_id', 'tag_ids', 'tag_names'),
    zone: NAMED('v.zone_id', 'zone_ids', 'zone_numbers'),
    zone_name: NAMED('v.zone_id', 'zone_ids', 'zone_names'),
    enter: TIME('v.enter'),
    exit: TIME('v.exit'),
    seconds: `round(dateDiff('millisecond', v.enter, v.exit) / 1000)`,
    closed: 'toBool(v.closed)',
  },
};

/**
 * Names come from the client's own typing (a tag called "=HYPERLINK(…)"). In CSV they are made one-line
 * and defused against spreadsheet formula injection (OWASP: prefix a quote to = + - @ tab CR).
 */
export function csvSafe(text: string): string {
  const oneLine = text.replace(/[\r\n]+/g, ' ');
  return /^[=+\-@\t\r]/.test(oneLine) ? `'${oneLine}` : oneLine;
}

/**
 * Positions or zone visits of one plan in a period, cut into time slices of about SLICE_ROWS rows. Slices
 * are planned from the aggregates (fixes per hour from the grid, visits per hour), so planning is one
 * small query whatever the period's size.
 */
export async function bleExportSource(ch: ClickHouseClient, req: BleExportRequest): Promise<ExportSource> {
  const params = { org: req.scope.organizationId, location: req.scope.locationId, plan: req.scope.planId, from: clickhouseTime(req.period.from), to: clickhouseTime(req.period.to) };
  const hourly = await selectRows(
    ch,
    req.kind === 'positions'
      ? `SELECT toUnixTimestamp(hour) * 1000 AS hour_ms, sum(fixes) AS n FROM ble_grid_hour
         WHERE organization_id = {org:UInt32} AND location_id = {location:UInt32} AND plan_id = {plan:UInt32}
           AND hour >= toStartOfHour(toDateTime64({from:String}, 3, 'UTC')) AND hour < toDateTime64({to:String}, 3, 'UTC')
         GROUP BY hour ORDER BY hour`
      : `SELECT toUnixTimestamp(toStartOfHour(enter)) * 1000 AS hour_ms, count() AS n FROM ble_zone_visits FINAL
         WHERE organization_id = {org:UInt32} AND plan_id = {plan:UInt32}
           AND enter >= toDateTime64({from:String}, 3, 'UTC') AND enter < toDateTime64({to:String}, 3, 'UTC')
         GROUP BY hour_ms ORDER BY hour_ms`,
    params,
    { hour_ms: 'number', n: 'number' },
  );
  return { columns: Object.keys(COLUMNS[req.kind]), slices: slicesByHour(hourly, req.period, SLICE_ROWS, (from, to) => fetchSlice(ch, req, from, to)) };
}

async function fetchSlice(ch: ClickHouseClient, req: BleExportRequest, from: Date, to: Date): Promise<string> {
  const csv = req.format === 'csv';
  const name = csv ? csvSafe : (s: string) => s;
  const select = Object.entries(COLUMNS[req.kind])
    .map(([alias, sql]) => `${sql} AS ${alias}`)
    .join(', ');
  const positions = req.kind === 'positions';
  // Columns are qualified (p.…, v.…) because the output names reuse them: an alias would shadow the column.
  const query = positions
    ? `SELECT ${select} FROM ble_positions AS p
       WHERE p.organization_id = {org:UInt32} AND p.plan_id = {plan:UInt32}
         AND p.ts >= toDateTime64({from:String}, 3, 'UTC') AND p.ts < toDateTime64({to:String}, 3, 'UTC')
       ORDER BY p.ts, p.tag_id`
    : `SELECT ${select} FROM ble_zone_visits AS v FINAL
       WHERE v.organization_id = {org:UInt32} AND v.plan_id = {plan:UInt32}
         AND v.enter >= toDateTime64({from:String}, 3, 'UTC') AND v.enter < toDateTime64({to:String}, 3, 'UTC')
       ORDER BY v.enter, v.tag_id`;
  const result = await ch.query({
    query,
    query_params: {
      org: req.scope.organizationId,
      plan: req.scope.planId,
      from: clickhouseTime(from),
      to: clickhouseTime(to),
      tag_ids: [...req.tags.keys()],
      tag_names: [...req.tags.values()].map(name),
      zone_ids: [...req.zones.keys()],
      zone_numbers: [...req.zones.values()].map((z) => String(z.number)),
      zone_names: [...req.zones.values()].map((z) => name(z.name)),
      device_ids: [...req.receivers.keys()],
      device_labels: [...req.receivers.values()],
    },
    format: csv ? 'CSV' : 'JSONEachRow',
  });
  return result.text();
}

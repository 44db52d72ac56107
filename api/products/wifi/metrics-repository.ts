import type { ClickHouseClient } from '../../../core/clickhouse.ts';
import { clickhouseTime } from '../../../db/repositories/device-events.ts';
import type { WifiThresholds } from './thresholds.ts';

/** One organization, one period, the thresholds that turn sightings into visits. */
export interface MetricsScope {
  organizationId: number;
  from: Date;
  to: Date;
  timeZone: string;
  thresholds: WifiThresholds;
}

export type Granularity = 'day' | 'hour';

const params = (s: MetricsScope) => ({
  org: s.organizationId,
  from: clickhouseTime(s.from),
  to: clickhouseTime(s.to),
  tz: s.timeZone,
  floor: s.thresholds.rssi_floor_dbm,
  visitor_rssi: s.thresholds.visitor_rssi_dbm,
  min_visit_ms: s.thresholds.min_visit_minutes * 60_000,
  gap_ms: s.thresholds.visit_gap_minutes * 60_000,
});

// Bit 41 of the 48-bit MAC number is bit 0x02 of the first octet: locally administered, i.e. randomized.
const RANDOMIZED = 'bitTest(mac, 41)';

/**
 * Minutes in which a MAC was present above the RSSI floor. Partial aggregate rows of one minute (not yet
 * merged by ClickHouse) are merged here first, so the floor applies to the minute's strongest reading.
 */
const MINUTES = `
  SELECT mac, minute,
         toUnixTimestamp64Milli(min(first_seen)) AS f, toUnixTimestamp64Milli(max(last_seen)) AS l,
         max(max_rssi) AS r, sum(events) AS n, anyLast(vendor) AS v
  FROM wifi_presence_minute
  WHERE organization_id = {org:UInt32}
    AND minute >= toStartOfMinute(toDateTime64({from:String}, 3, 'UTC'))
    AND minute < toDateTime64({to:String}, 3, 'UTC')
  GROUP BY mac, minute
  HAVING r >= {floor:Int8}`;

/**
 * One row per MAC with its visits: the MAC's minutes in time order, split wherever the silence since the
 * previous minute's last sighting exceeds the visit gap. `q` keeps the qualifying visits (long and strong
 * enough), each as (start ms, end ms, strongest rssi).
 */
const PER_MAC = `
  SELECT mac,
         arraySort(groupArray((f, l, r))) AS m,
         arrayMap((x, i) -> i = 1 OR x.1 - m[i - 1].2 > {gap_ms:Int64}, m, arrayEnumerate(m)) AS starts,
         arrayMap(v -> (v[1].1, v[-1].2, arrayMax(arrayMap(x -> x.3, v))), arraySplit((x, s) -> s, m, starts)) AS visits,
         arrayFilter(v -> v.2 - v.1 >= {min_visit_ms:Int64} AND v.3 >= {visitor_rssi:Int8}, visits) AS q,
         sum(n) AS events
  FROM (${MINUTES})
  GROUP BY mac`;

export interface SummaryRow {
  uniques: number;
  uniques_randomized: number;
  visitors: number;
  visitors_randomized: number;
  repeat_visitors: number;
  returning_visitors: number;
  visits: number;
  dwell_mean_ms: number;
  dwell_median_ms: number;
  events: number;
}

/** Every headline number of the period in one pass over the presence table. */
export async function querySummary(ch: ClickHouseClient, scope: MetricsScope): Promise<SummaryRow> {
  const query = `
    SELECT count() AS uniques,
           countIf(${RANDOMIZED}) AS uniques_randomized,
           countIf(length(q) > 0) AS visitors,
           countIf(length(q) > 0 AND ${RANDOMIZED}) AS visitors_randomized,
           countIf(length(arrayDistinct(arrayMap(v -> toDate(fromUnixTimestamp64Milli(v.1), {tz:String}), q))) > 1) AS repeat_visitors,
           countIf(length(q) > 0 AND seen_before) AS returning_visitors,
           sum(length(q)) AS visits,
           ifNotFinite(sumArray(arrayMap(v -> v.2 - v.1, q)) / sum(length(q)), 0) AS dwell_mean_ms,
           ifNotFinite(quantileExactInclusiveArray(0.5)(arrayMap(v -> v.2 - v.1, q)), 0) AS dwell_median_ms,
           sum(events) AS events
    FROM (${PER_MAC}) AS per_mac
    LEFT JOIN (
      SELECT mac, 1 AS seen_before FROM wifi_first_seen
      WHERE organization_id = {org:UInt32}
      GROUP BY mac
      HAVING min(first_seen) < toDateTime64({from:String}, 3, 'UTC')
    ) AS history USING (mac)`;
  const [row] = await rows<SummaryRow>(ch, query, params(scope));
  return numbers(row!);
}

export interface SeriesRow {
  bucket: string;
  uniques: number;
  uniques_randomized: number;
  visitors: number;
  visits: number;
  events: number;
}

/** Uniques, visitors, visits and events per local day or hour; a visit belongs to the bucket it began in. */
export async function querySeries(ch: ClickHouseClient, scope: MetricsScope, granularity: Granularity): Promise<SeriesRow[]> {
  const bucketOf = (ms: string) =>
    granularity === 'day'
      ? `toString(toDate(fromUnixTimestamp64Milli(${ms}), {tz:String}))`
      : `formatDateTime(toStartOfHour(fromUnixTimestamp64Milli(${ms}), {tz:String}), '%Y-%m-%dT%H:00')`;
  const query = `
    SELECT bucket,
           uniqExactIf(mac, kind = 0) AS uniques,
           uniqExactIf(mac, kind = 0 AND ${RANDOMIZED}) AS uniques_randomized,
           uniqExactIf(mac, kind = 1) AS visitors,
           countIf(kind = 1) AS visits,
           sumIf(n, kind = 0) AS events
    FROM (
      SELECT mac, 0 AS kind, ${bucketOf('minute_ms')} AS bucket, n
      FROM (SELECT mac, f AS minute_ms, n FROM (${MINUTES}))
      UNION ALL
      SELECT mac, 1 AS kind, ${bucketOf('visit.1')} AS bucket, 0 AS n
      FROM (${PER_MAC}) ARRAY JOIN q AS visit
    )
    GROUP BY bucket
    ORDER BY bucket`;
  return (await rows<SeriesRow>(ch, query, params(scope))).map(numbers);
}

export interface DwellRow {
  bucket: number;
  visits: number;
}

/** Qualifying visits per dwell bucket; `edgesMinutes` are the lower bounds of the buckets (ascending). */
export async function queryDwellHistogram(ch: ClickHouseClient, scope: MetricsScope, edgesMinutes: readonly number[]): Promise<DwellRow[]> {
  const query = `
    SELECT arrayFirstIndex(e -> (visit.2 - visit.1) < e, arrayPushBack({edges:Array(Int64)}, 9223372036854775807)) - 1 AS bucket,
           count() AS visits
    FROM (${PER_MAC}) ARRAY JOIN q AS visit
    GROUP BY bucket
    ORDER BY bucket`;
  const edges = edgesMinutes.slice(1).map((m) => m * 60_000);
  return (await rows<DwellRow>(ch, query, { ...params(scope), edges })).map(numbers);
}

export interface VendorRow {
  vendor: string;
  devices: number;
  visitors: number;
}

/** Vendors by distinct real (globally administered) MACs; randomized MACs have no vendor and are left out. */
export async function queryVendors(ch: ClickHouseClient, scope: MetricsScope, limit: number): Promise<VendorRow[]> {
  const query = `
    SELECT if(vendor = '', 'Unknown', vendor) AS vendor, count() AS devices, countIf(visitor) AS visitors
    FROM (
      SELECT mac, anyLast(v) AS vendor FROM (${MINUTES}) WHERE NOT ${RANDOMIZED} GROUP BY mac
    ) AS seen
    LEFT JOIN (SELECT mac, 1 AS visitor FROM (${PER_MAC}) WHERE length(q) > 0 AND NOT ${RANDOMIZED}) AS v USING (mac)
    GROUP BY vendor
    ORDER BY devices DESC, vendor
    LIMIT {limit:UInt32}`;
  return (await rows<VendorRow>(ch, query, { ...params(scope), limit })).map(numbers);
}

export interface ReceiverRow {
  device_id: number;
  events: number;
  devices: number;
}

/**
 * Per receiver: events and distinct client MACs it heard (every signal strength: these are the
 * receiver's own counts, not visitor metrics). Hourly grain; the period is widened to whole hours.
 */
export async function queryReceivers(ch: ClickHouseClient, scope: MetricsScope): Promise<ReceiverRow[]> {
  const query = `
    SELECT device_id, sum(events) AS events, uniqExactMerge(macs) AS devices
    FROM wifi_device_hourly
    WHERE organization_id = {org:UInt32}
      AND hour >= toStartOfHour(toDateTime64({from:String}, 3, 'UTC'))
      AND hour < toDateTime64({to:String}, 3, 'UTC')
    GROUP BY device_id`;
  return (await rows<ReceiverRow>(ch, query, params(scope))).map(numbers);
}

async function rows<T>(ch: ClickHouseClient, query: string, query_params: Record<string, unknown>): Promise<T[]> {
  return (await ch.query({ query, query_params, format: 'JSONEachRow' })).json<T>();
}

/** chDB answers counts as numbers, a ClickHouse server as strings: normalise numeric-looking fields. */
function numbers<T extends object>(row: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'string' && k !== 'bucket' && k !== 'vendor' ? Number(v) : v;
  return out as T;
}

import { clickhouseTime, selectRows, type ClickHouseClient } from '../../../core/clickhouse.ts';
import type { WifiThresholds } from '../../../core/products/wifi.ts';

/** One organization, one period, the thresholds that make a visit count. */
export interface MetricsScope {
  organizationId: number;
  from: Date;
  to: Date;
  timeZone: string;
  thresholds: WifiThresholds;
  /** Receivers the caller may not see: per-receiver figures (events, the receivers table) leave them out. */
  hiddenDevices: readonly number[];
}

export type Granularity = 'day' | 'hour';

const params = (s: MetricsScope) => ({
  org: s.organizationId,
  from: clickhouseTime(s.from),
  to: clickhouseTime(s.to),
  tz: s.timeZone,
  visitor_rssi: s.thresholds.visitor_rssi_dbm,
  min_visit_ms: s.thresholds.min_visit_minutes * 60_000,
  hidden: [...s.hiddenDevices],
});

// Bit 41 of the 48-bit MAC number is bit 0x02 of the first octet: locally administered, i.e. randomized.
const RANDOMIZED = 'bitTest(mac, 41)';

/**
 * The period's visits (those that began in it), each flagged whether it qualifies: long and strong
 * enough to make its MAC a visitor. Visits themselves (floor and gap applied) come from the sessionizer.
 */
const VISITS = `
  SELECT mac, toUnixTimestamp64Milli(start) AS s, toUnixTimestamp64Milli(end) AS e, vendor, mac_first_seen,
         e - s >= {min_visit_ms:Int64} AND peak_rssi >= {visitor_rssi:Int8} AS qualifies
  FROM wifi_visits FINAL
  WHERE organization_id = {org:UInt32}
    AND start >= toDateTime64({from:String}, 3, 'UTC') AND start < toDateTime64({to:String}, 3, 'UTC')`;

/** One row per MAC: its qualifying visits as (start ms, end ms). */
const PER_MAC = `
  SELECT mac, groupArrayIf((s, e), qualifies) AS q, anyLast(vendor) AS vendor, min(mac_first_seen) AS first_seen
  FROM (${VISITS})
  GROUP BY mac`;

/** The per-receiver hourly rows of the period, widened to whole hours (raw event counts live there). */
const HOURS = `wifi_device_hourly
  WHERE organization_id = {org:UInt32} AND device_id NOT IN {hidden:Array(UInt32)}
    AND hour >= toStartOfHour(toDateTime64({from:String}, 3, 'UTC')) AND hour < toDateTime64({to:String}, 3, 'UTC')`;

const localDay = (ms: string) => `toDate(fromUnixTimestamp64Milli(${ms}), {tz:String})`;

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
}

/**
 * Every headline number of the period in one pass over its visits. Returning visitors are those whose
 * MAC the organization first saw (any signal) before the period began.
 */
export async function querySummary(ch: ClickHouseClient, scope: MetricsScope): Promise<SummaryRow> {
  const query = `
    SELECT count() AS uniques,
           countIf(${RANDOMIZED}) AS uniques_randomized,
           countIf(length(q) > 0) AS visitors,
           countIf(length(q) > 0 AND ${RANDOMIZED}) AS visitors_randomized,
           countIf(length(arrayDistinct(arrayMap(v -> ${localDay('v.1')}, q))) > 1) AS repeat_visitors,
           countIf(length(q) > 0 AND first_seen < toDateTime64({from:String}, 3, 'UTC')) AS returning_visitors,
           sum(length(q)) AS visits,
           ifNotFinite(sumArray(arrayMap(v -> v.2 - v.1, q)) / sum(length(q)), 0) AS dwell_mean_ms,
           ifNotFinite(quantileExactInclusiveArray(0.5)(arrayMap(v -> v.2 - v.1, q)), 0) AS dwell_median_ms
    FROM (${PER_MAC})`;
  const [row] = await selectRows(ch, query, params(scope), {
    uniques: 'number',
    uniques_randomized: 'number',
    visitors: 'number',
    visitors_randomized: 'number',
    repeat_visitors: 'number',
    returning_visitors: 'number',
    visits: 'number',
    dwell_mean_ms: 'number',
    dwell_median_ms: 'number',
  });
  return row!;
}

/** Raw events stored in the period (every signal strength), from the hourly aggregate. */
export async function queryEventCount(ch: ClickHouseClient, scope: MetricsScope): Promise<number> {
  const [row] = await selectRows(ch, `SELECT sum(events) AS events FROM ${HOURS}`, params(scope), { events: 'number' });
  return row?.events ?? 0;
}

export interface SeriesRow {
  bucket: string;
  uniques: number;
  uniques_randomized: number;
  visitors: number;
  visits: number;
  events: number;
}

/** Per local day or hour: MACs whose visits began then, visitors, qualifying visits, raw events. */
export async function querySeries(ch: ClickHouseClient, scope: MetricsScope, granularity: Granularity): Promise<SeriesRow[]> {
  const bucketOf = (time: string) =>
    granularity === 'day' ? `toString(toDate(${time}, {tz:String}))` : `formatDateTime(toStartOfHour(${time}, {tz:String}), '%Y-%m-%dT%H:00')`;
  const query = `
    SELECT bucket,
           max(uniques) AS uniques, max(uniques_randomized) AS uniques_randomized,
           max(visitors) AS visitors, max(visits) AS visits, max(events) AS events
    FROM (
      SELECT ${bucketOf('fromUnixTimestamp64Milli(s)')} AS bucket,
             uniqExact(mac) AS uniques, uniqExactIf(mac, ${RANDOMIZED}) AS uniques_randomized,
             uniqExactIf(mac, qualifies) AS visitors, countIf(qualifies) AS visits, toUInt64(0) AS events
      FROM (${VISITS})
      GROUP BY bucket
      UNION ALL
      SELECT ${bucketOf('hour')} AS bucket, 0, 0, 0, 0, sum(events)
      FROM ${HOURS}
      GROUP BY bucket
    )
    GROUP BY bucket
    ORDER BY bucket`;
  return selectRows(ch, query, params(scope), {
    bucket: 'string',
    uniques: 'number',
    uniques_randomized: 'number',
    visitors: 'number',
    visits: 'number',
    events: 'number',
  });
}

export interface DwellRow {
  bucket: number;
  visits: number;
}

/** Qualifying visits per dwell bucket; `edgesMinutes` are the lower bounds of the buckets (ascending). */
export async function queryDwellHistogram(ch: ClickHouseClient, scope: MetricsScope, edgesMinutes: readonly number[]): Promise<DwellRow[]> {
  const query = `
    SELECT arrayFirstIndex(edge -> (e - s) < edge, arrayPushBack({edges:Array(Int64)}, 9223372036854775807)) - 1 AS bucket,
           count() AS visits
    FROM (${VISITS}) WHERE qualifies
    GROUP BY bucket
    ORDER BY bucket`;
  const edges = edgesMinutes.slice(1).map((m) => m * 60_000);
  return selectRows(ch, query, { ...params(scope), edges }, { bucket: 'number', visits: 'number' });
}

export interface VendorRow {
  vendor: string;
  devices: number;
  visitors: number;
}

/** Vendors by distinct real (globally administered) MACs; randomized MACs have no vendor and are left out. */
export async function queryVendors(ch: ClickHouseClient, scope: MetricsScope, limit: number): Promise<VendorRow[]> {
  const query = `
    SELECT if(vendor = '', 'Unknown', vendor) AS vendor, uniqExact(mac) AS devices, uniqExactIf(mac, qualifies) AS visitors
    FROM (${VISITS})
    WHERE NOT ${RANDOMIZED}
    GROUP BY vendor
    ORDER BY devices DESC, vendor
    LIMIT {limit:UInt32}`;
  return selectRows(ch, query, { ...params(scope), limit }, { vendor: 'string', devices: 'number', visitors: 'number' });
}

export interface ReceiverRow {
  device_id: number;
  events: number;
  devices: number;
}

/**
 * Per receiver: events (exact) and distinct client MACs it heard (estimated, ±0.5 %), every signal
 * strength: the receiver's own counts, not visitor metrics. Hourly grain; the period is widened to whole hours.
 */
export async function queryReceivers(ch: ClickHouseClient, scope: MetricsScope): Promise<ReceiverRow[]> {
  const query = `
    SELECT device_id, sum(events) AS events, uniqCombinedMerge(macs) AS devices
    FROM ${HOURS}
    GROUP BY device_id`;
  return selectRows(ch, query, params(scope), { device_id: 'number', events: 'number', devices: 'number' });
}

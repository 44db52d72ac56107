import { selectRows, type ClickHouseClient } from '../../../core/clickhouse.ts';

/** What shapes one organization's visits. */
export interface SessionRules {
  organizationId: number;
  floorDbm: number;
  gapMs: number;
}

/**
 * Which MACs to re-derive, each from an instant on (epoch ms); `all` re-derives every visit of the
 * organization (first run, thresholds changed).
 */
export type Scope = { all: true } | { macs: number[]; fromMs: number[] };

export async function latestVersion(ch: ClickHouseClient): Promise<number> {
  const [row] = await selectRows(ch, 'SELECT toUnixTimestamp64Milli(max(version)) AS v FROM wifi_visits', {}, { v: 'number' });
  return row?.v ?? 0;
}

/** Organizations with presence written after `sinceMs`, and how many of their MACs it touched. */
export async function touchedOrganizations(ch: ClickHouseClient, sinceMs: number): Promise<Array<{ organizationId: number; macs: number }>> {
  const rows = await selectRows(
    ch,
    `SELECT organization_id, uniqExact(mac) AS macs FROM wifi_presence_minute
     WHERE updated_at > fromUnixTimestamp64Milli({since:Int64}, 'UTC') GROUP BY organization_id`,
    { since: sinceMs },
    { organization_id: 'number', macs: 'number' },
  );
  return rows.map((r) => ({ organizationId: r.organization_id, macs: r.macs }));
}

/**
 * The MACs of an organization touched after `sinceMs`, each with the instant re-derivation must start
 * from: its earliest touched minute, or the start of any visit of it that a sighting there could extend
 * or join (every visit ending within one gap of that minute, and all later ones).
 */
export async function touchedMacs(ch: ClickHouseClient, rules: SessionRules, sinceMs: number): Promise<{ macs: number[]; fromMs: number[] }> {
  const rows = await selectRows(
    ch,
    `SELECT t.mac AS mac, least(t.t0, ifNull(min(v.start_ms), t.t0)) AS from_ms
     FROM (
       SELECT mac, toInt64(toUnixTimestamp(min(minute))) * 1000 AS t0 FROM wifi_presence_minute
       WHERE organization_id = {org:UInt32} AND updated_at > fromUnixTimestamp64Milli({since:Int64}, 'UTC')
       GROUP BY mac
     ) AS t
     LEFT JOIN (
       SELECT mac, toUnixTimestamp64Milli(start) AS start_ms, toUnixTimestamp64Milli(end) AS end_ms
       FROM wifi_visits FINAL WHERE organization_id = {org:UInt32}
     ) AS v ON v.mac = t.mac AND v.end_ms >= t.t0 - {gap_ms:Int64}
     GROUP BY t.mac, t.t0
     SETTINGS join_use_nulls = 1`,
    { org: rules.organizationId, since: sinceMs, gap_ms: rules.gapMs },
    { mac: 'number', from_ms: 'number' },
  );
  return { macs: rows.map((r) => r.mac), fromMs: rows.map((r) => r.from_ms) };
}

/**
 * Re-derives the visits in scope at `versionMs`: every existing visit in scope gets a deletion marker,
 * and the visits computed from presence are written one millisecond newer. A visit that still exists
 * (same start) replaces its marker; one that merged into another stays deleted.
 *
 * Markers and visits go in ONE insert: dashboards read while the sessionizer works (it re-derives recent
 * MACs on every tick), and with two inserts a read between them saw the visits gone. One block reaches
 * each partition as one part, and a visit's marker and replacement share their start, so its partition.
 */
export async function rederiveVisits(ch: ClickHouseClient, rules: SessionRules, scope: Scope, versionMs: number): Promise<void> {
  const fromOf = `transform(mac, {macs:Array(UInt64)}, {from_ms:Array(Int64)}, toInt64(0))`;
  // Visits in scope start at or after their MAC's instant; so do the presence minutes that rebuild them.
  const visitsInScope =
    'all' in scope ? '' : `AND mac IN {macs:Array(UInt64)} AND start >= fromUnixTimestamp64Milli({min_from:Int64}, 'UTC') AND toUnixTimestamp64Milli(start) >= ${fromOf}`;
  const minutesInScope =
    'all' in scope
      ? ''
      : `AND mac IN {macs:Array(UInt64)} AND minute >= toStartOfMinute(fromUnixTimestamp64Milli({min_from:Int64}, 'UTC'))
         AND toUnixTimestamp(minute) * 1000 >= intDiv(${fromOf}, 60000) * 60000`;
  const params = {
    org: rules.organizationId,
    floor: rules.floorDbm,
    gap_ms: rules.gapMs,
    version: versionMs,
    ...('all' in scope ? {} : { macs: scope.macs, from_ms: scope.fromMs, min_from: Math.min(...scope.fromMs) }),
  };
  // A minute's rows from different inserts are merged first, so the floor applies to the minute's
  // strongest reading. Each MAC's minutes, in order, split wherever the silence since the previous
  // minute's last sighting exceeds the gap. Lambdas get parallel arrays: capturing an array inside a
  // lambda would copy it once per element.
  await ch.command({
    query: `INSERT INTO wifi_visits (organization_id, start, mac, end, peak_rssi, vendor, mac_first_seen, version, is_deleted)
            SELECT organization_id, start, mac, end, peak_rssi, vendor, mac_first_seen, fromUnixTimestamp64Milli({version:Int64}, 'UTC'), 1
            FROM wifi_visits FINAL WHERE organization_id = {org:UInt32} ${visitsInScope}
            UNION ALL
            SELECT {org:UInt32}, fromUnixTimestamp64Milli(visit.1, 'UTC'), mac, fromUnixTimestamp64Milli(visit.2, 'UTC'), visit.3, vendor,
                   ifNull(history.first_seen, fromUnixTimestamp64Milli(visit.1, 'UTC')), fromUnixTimestamp64Milli({version:Int64} + 1, 'UTC'), 0
            FROM (
              SELECT mac, anyLast(v) AS vendor,
                     arraySort(groupArray((f, l, r))) AS m,
                     arrayMap((f, prev) -> f - prev > {gap_ms:Int64}, m.1, arrayPushFront(arrayPopBack(m.2), toInt64(-9e18))) AS starts,
                     arrayMap(run -> (run[1].1, arrayMax(run.2), arrayMax(run.3)), arraySplit((x, s) -> s, m, starts)) AS visits
              FROM (
                SELECT mac, minute, toUnixTimestamp64Milli(min(first_seen)) AS f, toUnixTimestamp64Milli(max(last_seen)) AS l,
                       max(max_rssi) AS r, anyLast(vendor) AS v
                FROM wifi_presence_minute
                WHERE organization_id = {org:UInt32} ${minutesInScope}
                GROUP BY mac, minute
                HAVING r >= {floor:Int8}
              )
              GROUP BY mac
            ) AS sessions
            ARRAY JOIN visits AS visit
            LEFT JOIN (
              SELECT mac, min(first_seen) AS first_seen FROM wifi_first_seen
              WHERE organization_id = {org:UInt32} ${'all' in scope ? '' : 'AND mac IN {macs:Array(UInt64)}'}
              GROUP BY mac
            ) AS history ON history.mac = sessions.mac
            SETTINGS join_use_nulls = 1`,
    query_params: params,
  });
}

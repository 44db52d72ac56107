import { clickhouseTime, selectRows, type ClickHouseClient } from '../../../core/clickhouse.ts';

/**
 * Reads of the positioning engine's output (db/clickhouse/030_ble_positions.sql). Every query names the
 * organization and the plan, and the aggregates also its location: the sorting keys start with them, so
 * a read touches one tenant's plan only. Aliases differ from column names on purpose: ClickHouse
 * substitutes an alias wherever its name appears, so `argMax(x, ts) AS x` would nest an aggregate.
 */
export interface PlanScope {
  organizationId: number;
  locationId: number;
  planId: number;
}

export interface Period {
  from: Date;
  to: Date;
}

const scopeParams = (s: PlanScope) => ({ org: s.organizationId, location: s.locationId, plan: s.planId });
const periodParams = (p: Period) => ({ from: clickhouseTime(p.from), to: clickhouseTime(p.to) });
const FROM = `toDateTime64({from:String}, 3, 'UTC')`;
const TO = `toDateTime64({to:String}, 3, 'UTC')`;

/** The latest fix of every tag of the plan since `since`: the live map's state after a restart or in another process. */
export function queryLatestFixes(ch: ClickHouseClient, s: PlanScope, since: Date) {
  return selectRows(
    ch,
    `SELECT tag_id, toUnixTimestamp64Milli(max(ts)) AS at_ms, argMax(x, ts) AS fx, argMax(y, ts) AS fy, argMax(error_m, ts) AS err,
            argMax(zone_id, ts) AS zone, argMax(best_device_id, ts) AS device, argMax(best_rssi, ts) AS rssi
     FROM ble_positions
     WHERE organization_id = {org:UInt32} AND plan_id = {plan:UInt32} AND ts >= toDateTime64({since:String}, 3, 'UTC')
     GROUP BY tag_id`,
    { ...scopeParams(s), since: clickhouseTime(since) },
    { tag_id: 'number', at_ms: 'number', fx: 'number', fy: 'number', err: 'number', zone: 'number', device: 'number', rssi: 'number' },
  );
}

/**
 * Positions of the plan's tags (or one tag) in the period, averaged per `stepS` seconds: playback needs a
 * frame per step, not every fix (a day of 200 tags every 5 s is 3.5 million fixes).
 */
export function queryTrack(ch: ClickHouseClient, s: PlanScope, p: Period, stepS: number, tagId?: number) {
  return selectRows(
    ch,
    `SELECT tag_id, intDiv(toUnixTimestamp64Milli(ts), {step:UInt32} * 1000) * {step:UInt32} * 1000 AS at_ms,
            round(avg(x), 2) AS fx, round(avg(y), 2) AS fy, argMax(zone_id, ts) AS zone
     FROM ble_positions
     WHERE organization_id = {org:UInt32} AND plan_id = {plan:UInt32} ${tagId === undefined ? '' : 'AND tag_id = {tag:UInt32}'}
       AND ts >= ${FROM} AND ts < ${TO}
     GROUP BY tag_id, at_ms
     ORDER BY tag_id, at_ms`,
    { ...scopeParams(s), ...periodParams(p), step: stepS, tag: tagId ?? 0 },
    { tag_id: 'number', at_ms: 'number', fx: 'number', fy: 'number', zone: 'number' },
  );
}

/** Fixes per 0.5 m cell over the hours the period touches (the heatmap's grain is the hour). */
export function queryGrid(ch: ClickHouseClient, s: PlanScope, p: Period) {
  return selectRows(
    ch,
    `SELECT cell_x AS cx, cell_y AS cy, sum(fixes) AS n
     FROM ble_grid_hour
     WHERE organization_id = {org:UInt32} AND location_id = {location:UInt32} AND plan_id = {plan:UInt32}
       AND hour >= toStartOfHour(${FROM}) AND hour < ${TO}
     GROUP BY cx, cy`,
    { ...scopeParams(s), ...periodParams(p) },
    { cx: 'number', cy: 'number', n: 'number' },
  );
}

/** Per zone (0 = outside zones): tag-minutes, the most tags at once in one minute, and fixes. */
export function queryZoneOccupancy(ch: ClickHouseClient, s: PlanScope, p: Period) {
  return selectRows(
    ch,
    `SELECT zone_id AS zone, sum(tags_in_minute) AS tag_minutes, max(tags_in_minute) AS peak, sum(minute_fixes) AS fixes
     FROM (
       SELECT zone_id, minute, uniqExactMerge(tags) AS tags_in_minute, sum(fixes) AS minute_fixes
       FROM ble_zone_minute
       WHERE organization_id = {org:UInt32} AND location_id = {location:UInt32} AND plan_id = {plan:UInt32}
         AND minute >= toStartOfMinute(${FROM}) AND minute < ${TO}
       GROUP BY zone_id, minute
     )
     GROUP BY zone
     ORDER BY tag_minutes DESC`,
    { ...scopeParams(s), ...periodParams(p) },
    { zone: 'number', tag_minutes: 'number', peak: 'number', fixes: 'number' },
  );
}

/** Seconds and visits per tag and zone, each visit clipped to the period (latest version of each visit: FINAL). */
export function queryTimeInZones(ch: ClickHouseClient, s: PlanScope, p: Period) {
  return selectRows(
    ch,
    `SELECT tag_id, zone_id AS zone, count() AS visits,
            sum(dateDiff('millisecond', greatest(enter, ${FROM}), least(exit, ${TO}))) / 1000 AS seconds
     FROM ble_zone_visits FINAL
     WHERE organization_id = {org:UInt32} AND plan_id = {plan:UInt32} AND enter < ${TO} AND exit > ${FROM}
     GROUP BY tag_id, zone
     ORDER BY tag_id, zone`,
    { ...scopeParams(s), ...periodParams(p) },
    { tag_id: 'number', zone: 'number', visits: 'number', seconds: 'number' },
  );
}

/** Stays in zones (not outside) of at least `minStayS` seconds that overlap the period, in order per tag. */
export function queryStays(ch: ClickHouseClient, s: PlanScope, p: Period, minStayS: number, tagId?: number) {
  return selectRows(
    ch,
    `SELECT tag_id, zone_id AS zone, toUnixTimestamp64Milli(enter) AS enter_ms, toUnixTimestamp64Milli(exit) AS exit_ms
     FROM ble_zone_visits FINAL
     WHERE organization_id = {org:UInt32} AND plan_id = {plan:UInt32} ${tagId === undefined ? '' : 'AND tag_id = {tag:UInt32}'}
       AND zone_id != 0 AND enter < ${TO} AND exit > ${FROM}
       AND dateDiff('millisecond', enter, exit) >= {min_ms:UInt64}
     ORDER BY tag_id, enter`,
    { ...scopeParams(s), ...periodParams(p), min_ms: minStayS * 1000, tag: tagId ?? 0 },
    { tag_id: 'number', zone: 'number', enter_ms: 'number', exit_ms: 'number' },
  );
}

/**
 * Where each of the organization's tags is now, from its latest zone visit in the window: the tag list's
 * "current zone and plan". Visits are few (one per stay), so this never scans the fixes.
 */
export function queryCurrentZones(ch: ClickHouseClient, organizationId: number, since: Date) {
  return selectRows(
    ch,
    `SELECT tag_id, argMax(plan_id, exit) AS plan, argMax(zone_id, exit) AS zone, toUnixTimestamp64Milli(max(exit)) AS at_ms
     FROM ble_zone_visits FINAL
     WHERE organization_id = {org:UInt32} AND exit >= toDateTime64({since:String}, 3, 'UTC')
     GROUP BY tag_id`,
    { org: organizationId, since: clickhouseTime(since) },
    { tag_id: 'number', plan: 'number', zone: 'number', at_ms: 'number' },
  );
}

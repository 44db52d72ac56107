import { selectRows, type ClickHouseClient } from '../../../core/clickhouse.ts';
import type { LiveFix } from '../../../core/products/ble-live.ts';

/**
 * The newest stored fix of every tag of a plan seen since `sinceMs`: the live map's first picture
 * before 'ble.fixes' events stream in. In scale-out the API is not the process running the engine, so
 * it reads ClickHouse (one range of the (organization, plan, tag, ts) key), not the engine's memory;
 * fixes are written within a round of being announced.
 */
export async function latestFixes(ch: ClickHouseClient, q: { organizationId: number; planId: number; sinceMs: number }): Promise<LiveFix[]> {
  const rows = await selectRows(
    ch,
    `SELECT tag_id, toUnixTimestamp64Milli(max(ts)) AS last_ts,
            argMax(x, ts) AS x, argMax(y, ts) AS y, argMax(error_m, ts) AS error_m, argMax(zone_id, ts) AS zone_id,
            argMax(best_device_id, ts) AS best_device_id, argMax(best_rssi, ts) AS best_rssi
     FROM ble_positions
     WHERE organization_id = {org:UInt32} AND plan_id = {plan:UInt32} AND ts >= fromUnixTimestamp64Milli({since:Int64})
     GROUP BY tag_id ORDER BY tag_id`,
    { org: q.organizationId, plan: q.planId, since: q.sinceMs },
    { tag_id: 'number', last_ts: 'number', x: 'number', y: 'number', error_m: 'number', zone_id: 'number', best_device_id: 'number', best_rssi: 'number' },
  );
  return rows.map((r) => ({
    tagId: r.tag_id,
    ts: r.last_ts,
    x: r.x,
    y: r.y,
    errorM: r.error_m,
    zoneId: r.zone_id === 0 ? null : r.zone_id,
    bestDeviceId: r.best_device_id,
    bestRssi: r.best_rssi,
  }));
}

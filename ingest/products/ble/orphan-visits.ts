import type { ClickHouseClient } from '../../../core/clickhouse.ts';
import type { Logger } from '../../../core/logger.ts';

/**
 * Closes the visits a previous engine left open (a restart, or another process that held the lock and
 * died): readers take `closed = 0` as "still there", so one left open would count until now, forever.
 * Each is closed at its last written exit — what that engine knew — with a newer version. Only visits
 * extended in the last day are looked at: an open visit is rewritten every 10 s while its tag is heard.
 */
export async function closeOrphanVisits(ch: ClickHouseClient, log: Logger): Promise<void> {
  await ch.command({
    query: `INSERT INTO ble_zone_visits (organization_id, location_id, plan_id, tag_id, zone_id, enter, exit, closed, version)
            SELECT organization_id, location_id, plan_id, tag_id, zone_id, enter, exit, 1, now64(3)
            FROM ble_zone_visits FINAL
            WHERE closed = 0 AND exit > now64(3) - INTERVAL 1 DAY`,
  });
  log.debug('open BLE visits of a previous engine closed');
}

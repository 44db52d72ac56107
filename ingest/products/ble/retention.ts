import type { ClickHouseClient } from '../../../core/clickhouse.ts';
import type { Logger } from '../../../core/logger.ts';

/**
 * Fixes expire after BLE_POSITIONS_RETENTION_DAYS (a TTL ClickHouse enforces while merging): at a fix
 * per second, 5,000 tags write 430M rows a day. What the screens read over long periods is kept — zone
 * visits, zone-minute occupancy and the hourly grid. Applied at every start so a changed setting takes
 * effect; existing parts expire as they merge (materialize_ttl_after_modify = 0), like WiFi's raw events.
 */
export async function applyPositionsRetention(ch: ClickHouseClient, days: number, log: Logger): Promise<void> {
  await ch.command({
    query: `ALTER TABLE ble_positions MODIFY TTL toDateTime(ts) + toIntervalDay(${Math.trunc(days)})`,
    clickhouse_settings: { materialize_ttl_after_modify: 0 },
  });
  log.debug({ days }, 'BLE positions retention applied');
}

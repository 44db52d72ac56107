import type { ClickHouseClient } from '../../../core/clickhouse.ts';
import type { Logger } from '../../../core/logger.ts';

/**
 * Raw WiFi events expire after WIFI_RAW_RETENTION_DAYS (a TTL ClickHouse enforces while merging); the
 * aggregates the dashboards read (presence, visits, hourly, first seen) are kept. Applied at every start
 * so a changed setting takes effect; existing parts are not rewritten at once (materialize_ttl_after_modify=0),
 * they expire as they merge.
 */
export async function applyRetention(ch: ClickHouseClient, wifiRawDays: number, log: Logger): Promise<void> {
  await ch.command({
    query: `ALTER TABLE wifi_events MODIFY TTL toDateTime(timestamp) + toIntervalDay(${Math.trunc(wifiRawDays)})`,
    clickhouse_settings: { materialize_ttl_after_modify: 0 },
  });
  log.debug({ wifiRawDays }, 'retention applied');
}

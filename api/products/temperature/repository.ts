import { clickhouseTime, selectRows, type ClickHouseClient } from '../../../core/clickhouse.ts';
import type { Db } from '../../../core/postgres.ts';
import { TemperatureSettings, temperatureSettingsOf } from '../../../core/products/temperature.ts';

/** The newest reading of every sensor of an organization (epoch ms, °C, % or null). */
export function queryLatest(ch: ClickHouseClient, organizationId: number) {
  return selectRows(
    ch,
    `SELECT device_id, sensor, toUnixTimestamp64Milli(timestamp) AS at_ms, celsius, humidity
     FROM temperature_latest FINAL
     WHERE organization_id = {org:UInt32}
     ORDER BY device_id, sensor`,
    { org: organizationId },
    { device_id: 'number', sensor: 'string', at_ms: 'number', celsius: 'number', humidity: 'number?' },
  );
}

export interface SeriesScope {
  organizationId: number;
  deviceId: number;
  sensor: string;
  from: Date;
  to: Date;
  timeZone: string;
  granularity: 'hour' | 'day';
}

/**
 * Min/avg/max per local hour or day of one sensor, from the per-minute aggregate: the average is the
 * sum over the count of every reading, so uneven reading rates weigh correctly.
 */
export function querySeries(ch: ClickHouseClient, s: SeriesScope) {
  const bucket =
    s.granularity === 'day' ? `toString(toDate(minute, {tz:String}))` : `formatDateTime(toStartOfHour(minute, {tz:String}), '%Y-%m-%dT%H:00')`;
  return selectRows(
    ch,
    `SELECT ${bucket} AS bucket, sum(readings) AS n, min(celsius_min) AS min_c, sum(celsius_sum) / n AS avg_c, max(celsius_max) AS max_c,
            if(sum(humidity_count) = 0, NULL, sum(humidity_sum) / sum(humidity_count)) AS avg_h
     FROM temperature_minute
     WHERE organization_id = {org:UInt32} AND device_id = {device:UInt32} AND sensor = {sensor:String}
       AND minute >= toStartOfMinute(toDateTime64({from:String}, 3, 'UTC')) AND minute < toDateTime64({to:String}, 3, 'UTC')
     GROUP BY bucket
     ORDER BY bucket`,
    { org: s.organizationId, device: s.deviceId, sensor: s.sensor, from: clickhouseTime(s.from), to: clickhouseTime(s.to), tz: s.timeZone },
    { bucket: 'string', n: 'number', min_c: 'number', avg_c: 'number', max_c: 'number', avg_h: 'number?' },
  );
}

/**
 * Changes the organization's Temperature settings under a row lock, so two people saving thresholds at
 * once both land; only the `temperature` key is written, other products' settings are left as they are.
 */
export async function updateTemperatureSettings(
  db: Db,
  organizationId: number,
  change: (current: TemperatureSettings) => TemperatureSettings,
): Promise<TemperatureSettings> {
  return db.transaction(async (trx) => {
    const row = await trx('organizations').where({ id: organizationId }).forUpdate().first<{ settings: Record<string, unknown> } | undefined>('settings');
    const next = TemperatureSettings.parse(change(temperatureSettingsOf(row?.settings ?? {})));
    await trx('organizations')
      .where({ id: organizationId })
      .update({ settings: trx.raw(`settings || jsonb_build_object('temperature', ?::jsonb)`, [JSON.stringify(next)]), updated_at: trx.fn.now() });
    return next;
  });
}

import { selectRows, type ClickHouseClient } from '../../../core/clickhouse.ts';

/**
 * When each of the given beacon UUIDs' tags was last heard in the window, and by which receiver.
 * Filtering by the organization's own UUIDs keeps the scan to one tenant's range and a few dictionary
 * values; the window bounds it in time.
 */
export function queryLastSightings(ch: ClickHouseClient, organizationId: number, uuids: string[], windowHours: number, hiddenDevices: number[] = []) {
  return selectRows(
    ch,
    `SELECT uuid, major, minor, toUnixTimestamp64Milli(max(timestamp)) AS at_ms, argMax(device_id, timestamp) AS device_id
     FROM ble_events AS e
     WHERE organization_id = {org:UInt32} AND uuid IN {uuids:Array(String)} AND timestamp >= now64(3) - toIntervalHour({hours:UInt32})
       AND e.device_id NOT IN {hidden:Array(UInt32)}
     GROUP BY uuid, major, minor`,
    { org: organizationId, uuids, hours: windowHours, hidden: hiddenDevices },
    { uuid: 'string', major: 'number', minor: 'number', at_ms: 'number', device_id: 'number' },
  );
}

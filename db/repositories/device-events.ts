import type { ClickHouseClient } from '../../core/clickhouse.ts';

/** Tables holding raw device events, one per product that stores sightings. */
const EVENT_TABLES = ['ble_events', 'wifi_events'] as const;

/**
 * Events stored per device in [from, to), summed over every product's event table. One query for a
 * whole page of devices; the primary key (organization_id, device_id, timestamp) keeps it cheap.
 */
export async function countDeviceEvents(
  ch: ClickHouseClient,
  deviceIds: readonly number[],
  from: Date,
  to: Date,
): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (deviceIds.length === 0) return counts;
  const union = EVENT_TABLES.map(
    (table) => `SELECT device_id FROM ${table}
      WHERE device_id IN {ids:Array(UInt32)} AND timestamp >= {from:DateTime64(3, 'UTC')} AND timestamp < {to:DateTime64(3, 'UTC')}`,
  ).join(' UNION ALL ');
  const result = await ch.query({
    query: `SELECT device_id, count() AS n FROM (${union}) GROUP BY device_id`,
    query_params: { ids: deviceIds, from: clickhouseTime(from), to: clickhouseTime(to) },
    format: 'JSONEachRow',
  });
  // Counts are numbers from chDB but strings from a ClickHouse server.
  for (const row of await result.json<{ device_id: number | string; n: number | string }>()) {
    counts.set(Number(row.device_id), Number(row.n));
  }
  return counts;
}

/** Events an organization's devices stored in [from, to), every product together. */
export async function countOrganizationEvents(ch: ClickHouseClient, organizationId: number, from: Date, to: Date): Promise<number> {
  const union = EVENT_TABLES.map(
    (table) => `SELECT count() AS n FROM ${table}
      WHERE organization_id = {org:UInt32} AND timestamp >= {from:DateTime64(3, 'UTC')} AND timestamp < {to:DateTime64(3, 'UTC')}`,
  ).join(' UNION ALL ');
  const result = await ch.query({
    query: `SELECT sum(n) AS n FROM (${union})`,
    query_params: { org: organizationId, from: clickhouseTime(from), to: clickhouseTime(to) },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ n: number | string }>();
  return Number(row?.n ?? 0);
}

/** `2026-11-23 14:05:00.000`: the text form a DateTime64(3, 'UTC') parameter parses unambiguously. */
export const clickhouseTime = (d: Date): string => d.toISOString().replace('T', ' ').replace('Z', '');

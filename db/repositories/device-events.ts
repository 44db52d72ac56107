import { clickhouseTime, selectRows, type ClickHouseClient } from '../../core/clickhouse.ts';
import { PRODUCTS } from '../../core/products.ts';

/** Tables holding raw device events, one per product (the registry names them). */
const EVENT_TABLES = PRODUCTS.map((p) => p.eventTable);

/** `SELECT <columns>` from every event table in [from, to) under `where`, as one UNION ALL. */
const eventsUnion = (columns: string, where: string) =>
  EVENT_TABLES.map(
    (table) => `SELECT ${columns} FROM ${table}
      WHERE ${where} AND timestamp >= {from:DateTime64(3, 'UTC')} AND timestamp < {to:DateTime64(3, 'UTC')}`,
  ).join(' UNION ALL ');

/**
 * Events stored per device in [from, to) under its current organization, summed over every product's
 * event table. One query for a whole page of devices; filtering on (organization_id, device_id), the
 * tables' key prefix, keeps it to the devices' own ranges. Unbound devices store nothing.
 */
export async function countDeviceEvents(
  ch: ClickHouseClient,
  devices: ReadonlyArray<{ id: number; organization_id: number | null }>,
  from: Date,
  to: Date,
): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  const bound = devices.filter((d) => d.organization_id !== null);
  if (bound.length === 0) return counts;
  const rows = await selectRows(
    ch,
    `SELECT device_id, count() AS n
     FROM (${eventsUnion('device_id', 'organization_id IN {orgs:Array(UInt32)} AND device_id IN {ids:Array(UInt32)}')})
     GROUP BY device_id`,
    {
      orgs: [...new Set(bound.map((d) => d.organization_id))],
      ids: bound.map((d) => d.id),
      from: clickhouseTime(from),
      to: clickhouseTime(to),
    },
    { device_id: 'number', n: 'number' },
  );
  for (const row of rows) counts.set(row.device_id, row.n);
  return counts;
}

/** Events an organization's devices (but the excluded ones) stored in [from, to), every product together. */
export async function countOrganizationEvents(ch: ClickHouseClient, organizationId: number, from: Date, to: Date, excludeIds: readonly number[] = []): Promise<number> {
  const [row] = await selectRows(
    ch,
    `SELECT sum(n) AS n FROM (${eventsUnion('count() AS n', 'organization_id = {org:UInt32} AND device_id NOT IN {hidden:Array(UInt32)}')})`,
    { org: organizationId, from: clickhouseTime(from), to: clickhouseTime(to), hidden: [...excludeIds] },
    { n: 'number' },
  );
  return row?.n ?? 0;
}

/** The newest event time (epoch ms) one device stored in a product's event table; 0 when it stored none. */
export async function latestEventMs(ch: ClickHouseClient, table: (typeof EVENT_TABLES)[number], organizationId: number, deviceId: number): Promise<number> {
  const result = await ch.query({
    query: `SELECT toUnixTimestamp64Milli(max(timestamp)) AS ms FROM ${table} WHERE organization_id = {org:UInt32} AND device_id = {id:UInt32}`,
    query_params: { org: organizationId, id: deviceId },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ ms: number | string }>();
  return Number(row?.ms ?? 0);
}

import type { Knex } from 'knex';
import type { Db } from '../../core/postgres.ts';

export interface DeviceRow {
  id: number;
  mac: string;
  simple_id: number;
  organization_id: number | null;
  name: string;
  status: 'active' | 'blocked';
  config_overrides: Record<string, unknown>;
  config_version: number;
  reported_config_version: number | null;
  token_hash: string;
  device_password: string;
  registered_at: Date;
  last_seen_at: Date | null;
  /** A live MQTT session (the broker's presence). */
  online: boolean;
  /** The last legacy HTTP bridge request. */
  http_seen_at: Date | null;
  notes: string;
  /** Start of the live session last recorded and the broker holding it (scale-out presence ordering). */
  online_since: Date | null;
  online_broker: string | null;
  reported_status: Record<string, unknown> | null;
  rejected_events: number;
  last_error: string | null;
  last_error_at: Date | null;
}

/** How a device is reachable now: a live MQTT session, recent posts over the HTTP bridge, or neither. */
export type DeviceConnection = 'mqtt' | 'http' | null;

/** A device row with its organization's name and its connection, as lists and detail pages show it. */
export interface DeviceListRow extends DeviceRow {
  organization_name: string | null;
  connection: DeviceConnection;
}

/**
 * issue 17: a legacy daemon has no session to be "online" with; it counts as online while it posted within
 * a few of its batch intervals (daemons post every 10–30 s), so "Last seen 2 seconds ago" is never "Offline".
 */
export const HTTP_PRESENCE_SECONDS = 120;
// A blocked device is refused by the bridge, so it is offline at once, as the broker makes it for MQTT.
const HTTP_FRESH = `(d.status = 'active' AND d.http_seen_at > now() - interval '${HTTP_PRESENCE_SECONDS} seconds')`;
/** Online by either path, for filters and counts. */
const ONLINE = `(d.online OR ${HTTP_FRESH})`;

export type NewDevice = Pick<DeviceRow, 'mac' | 'token_hash' | 'device_password'> &
  Partial<Pick<DeviceRow, 'organization_id' | 'name' | 'config_overrides'>>;

export interface DeviceListFilter {
  /** Restricts to one organization (client views always set it). */
  organizationId?: number;
  unassigned?: boolean;
  online?: boolean;
  status?: DeviceRow['status'];
  /** Substring of the MAC, in any common notation. */
  mac?: string;
  simpleId?: number;
  /** Devices to leave out (receivers at locations the caller is not granted). */
  excludeIds?: readonly number[];
  /** Free text over name, MAC, simple id and organization name. */
  q?: string;
  limit: number;
  offset: number;
}

export const findDeviceById = (db: Db, id: number) => db<DeviceRow>('devices').where({ id }).first();

export const findDeviceByMac = (db: Db, mac: string) => db<DeviceRow>('devices').where({ mac }).first();

/** One device with its organization's name; `organizationId` scopes the lookup to a tenant. */
export const findDeviceWithOrganization = (db: Db, id: number, organizationId?: number): Promise<DeviceListRow | undefined> =>
  withOrganizationName(db)
    .where('d.id', id)
    .modify((q) => {
      if (organizationId !== undefined) q.where('d.organization_id', organizationId);
    })
    .first();

/** Filtered, paginated devices ordered by simple id (the number support staff talk about). */
export async function listDevices(db: Db, f: DeviceListFilter): Promise<{ rows: DeviceListRow[]; total: number }> {
  const filtered = (q: Knex.QueryBuilder) => {
    if (f.organizationId !== undefined) q.where('d.organization_id', f.organizationId);
    if (f.unassigned) q.whereNull('d.organization_id');
    if (f.online !== undefined) q.whereRaw(f.online ? ONLINE : `NOT ${ONLINE}`);
    if (f.status !== undefined) q.where('d.status', f.status);
    if (f.mac) q.whereLike('d.mac', `%${escapeLike(macFragment(f.mac))}%`);
    if (f.simpleId !== undefined) q.where('d.simple_id', f.simpleId);
    if (f.excludeIds?.length) q.whereNotIn('d.id', f.excludeIds);
    if (f.q) {
      const text = `%${escapeLike(f.q)}%`;
      const asNumber = Number(f.q.replace(/^#/, ''));
      q.where((w) => {
        w.whereILike('d.name', text)
          .orWhereLike('d.mac', `%${escapeLike(macFragment(f.q!))}%`)
          .orWhereILike('o.name', text);
        if (Number.isInteger(asNumber) && asNumber > 0) w.orWhere('d.simple_id', asNumber);
      });
    }
  };
  const countQuery = db('devices as d').leftJoin('organizations as o', 'o.id', 'd.organization_id').modify(filtered);
  const [{ n }] = (await countQuery.count({ n: '*' })) as [{ n: number }];
  const rows = await withOrganizationName(db).modify(filtered).orderBy('d.simple_id').limit(f.limit).offset(f.offset);
  return { rows, total: Number(n) };
}

/** How many devices an organization has, and how many of them are online. */
export async function countOrganizationDevices(db: Db, organizationId: number, excludeIds: readonly number[] = []): Promise<{ total: number; online: number }> {
  const row = (await db('devices as d')
    .where({ 'd.organization_id': organizationId })
    .whereNotIn('d.id', excludeIds)
    .first(db.raw('count(*)::int AS total'), db.raw(`count(*) FILTER (WHERE ${ONLINE})::int AS online`))) as { total: number; online: number };
  return { total: row.total, online: row.online };
}

/** Inserts a device; simple_id comes from the Postgres sequence default. */
export async function insertDevice(db: Db, device: NewDevice): Promise<DeviceRow> {
  const [row] = await db<DeviceRow>('devices').insert(device as never).returning('*');
  return row as DeviceRow;
}

export async function updateDevice(db: Db, id: number, patch: Partial<Omit<DeviceRow, 'id' | 'mac' | 'simple_id'>>): Promise<DeviceRow | undefined> {
  const [row] = await db<DeviceRow>('devices').where({ id }).update(patch as never).returning('*');
  return row as DeviceRow | undefined;
}

/** Replaces a device's config overrides and moves its desired config to the next version, atomically; `organizationId` scopes it to a tenant. */
export async function replaceDeviceConfig(db: Db, id: number, overrides: Record<string, unknown>, organizationId?: number): Promise<DeviceRow | undefined> {
  const [row] = await db<DeviceRow>('devices')
    .where({ id })
    .modify((q) => {
      if (organizationId !== undefined) q.where({ organization_id: organizationId });
    })
    .update({ config_overrides: JSON.stringify(overrides), config_version: db.raw('config_version + 1') } as never)
    .returning('*');
  return row as DeviceRow | undefined;
}

/** What an organization may change about its own receiver; another tenant's id updates nothing. */
export async function updateOrganizationDevice(db: Db, organizationId: number, id: number, patch: Partial<Pick<DeviceRow, 'name' | 'notes'>>): Promise<DeviceRow | undefined> {
  const [row] = await db<DeviceRow>('devices').where({ id, organization_id: organizationId }).update(patch).returning('*');
  return row as DeviceRow | undefined;
}

export async function deleteDevice(db: Db, id: number): Promise<DeviceRow | undefined> {
  const [row] = await db<DeviceRow>('devices').where({ id }).delete().returning('*');
  return row as DeviceRow | undefined;
}

const withOrganizationName = (db: Db) =>
  db('devices as d')
    .leftJoin('organizations as o', 'o.id', 'd.organization_id')
    .select<DeviceListRow[]>('d.*', 'o.name as organization_name', db.raw(`CASE WHEN d.online THEN 'mqtt' WHEN ${HTTP_FRESH} THEN 'http' END AS connection`));

/** `38-54-39`, `385439` and `38:54:39` all search the canonical `38:54:39…`. */
function macFragment(input: string): string {
  const hex = input.toLowerCase().replace(/[^0-9a-f]/g, '');
  if (hex.length < 2 || hex.length !== input.replace(/[:\-\s.]/g, '').length) return input.toLowerCase();
  return hex.match(/.{1,2}/g)!.join(':');
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

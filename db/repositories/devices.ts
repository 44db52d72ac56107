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
  online: boolean;
  reported_status: Record<string, unknown> | null;
  rejected_events: number;
  last_error: string | null;
  last_error_at: Date | null;
}

export type NewDevice = Pick<DeviceRow, 'mac' | 'token_hash' | 'device_password'> &
  Partial<Pick<DeviceRow, 'organization_id' | 'name' | 'config_overrides'>>;

export const findDeviceById = (db: Db, id: number) => db<DeviceRow>('devices').where({ id }).first();

export const findDeviceByMac = (db: Db, mac: string) => db<DeviceRow>('devices').where({ mac }).first();

/** A device of one organization; undefined for a foreign or missing id. */
export const findOrganizationDevice = (db: Db, organizationId: number, id: number) =>
  db<DeviceRow>('devices').where({ id, organization_id: organizationId }).first();

/** Inserts a device; simple_id comes from the Postgres sequence default. */
export async function insertDevice(db: Db, device: NewDevice): Promise<DeviceRow> {
  const [row] = await db<DeviceRow>('devices').insert(device as never).returning('*');
  return row as DeviceRow;
}

export async function updateDevice(db: Db, id: number, patch: Partial<Omit<DeviceRow, 'id' | 'mac' | 'simple_id'>>): Promise<DeviceRow | undefined> {
  const [row] = await db<DeviceRow>('devices').where({ id }).update(patch as never).returning('*');
  return row as DeviceRow | undefined;
}

export async function deleteDevice(db: Db, id: number): Promise<DeviceRow | undefined> {
  const [row] = await db<DeviceRow>('devices').where({ id }).delete().returning('*');
  return row as DeviceRow | undefined;
}

import type { Db } from '../../core/postgres.ts';
import type { DeviceRow } from './devices.ts';

/** What the MQTT broker needs to let a device in and route its messages — nothing heavier. */
export type DeviceCredentials = Pick<DeviceRow, 'id' | 'mac' | 'organization_id' | 'status' | 'token_hash' | 'config_overrides' | 'config_version'>;

/** Credentials of many devices by MAC in one query (MACs without a device are simply absent). */
export const findDeviceCredentials = (db: Db, macs: string[]): Promise<DeviceCredentials[]> =>
  db<DeviceRow>('devices')
    .whereIn('mac', macs)
    .select('id', 'mac', 'organization_id', 'status', 'token_hash', 'config_overrides', 'config_version');

import type { Db } from '../../core/postgres.ts';
import type { ProductName } from '../../core/products.ts';
import type { DeviceRow } from './devices.ts';

/** What a device's organization may store now: its products while active, nothing while pending or unbound. */
export interface Entitlement {
  entitled_products: ProductName[];
}

/** What the MQTT broker needs to let a device in and route its messages — nothing heavier. */
export type DeviceCredentials = Pick<DeviceRow, 'id' | 'mac' | 'organization_id' | 'status' | 'token_hash' | 'config_overrides' | 'config_version'> &
  Entitlement;

/**
 * The `entitled_products` column for a query of `devices as d` joined to `organizations as o`. Loaded with
 * the credentials (one join, cached with them), so the ingest path never queries per batch.
 */
export const entitledProducts = (db: Db) => db.raw("CASE WHEN o.status = 'active' THEN o.products ELSE '{}'::text[] END AS entitled_products");

/** Credentials of many devices by MAC in one query (MACs without a device are simply absent). */
export const findDeviceCredentials = (db: Db, macs: string[]): Promise<DeviceCredentials[]> =>
  db('devices as d')
    .leftJoin('organizations as o', 'o.id', 'd.organization_id')
    .whereIn('d.mac', macs)
    .select('d.id', 'd.mac', 'd.organization_id', 'd.status', 'd.token_hash', 'd.config_overrides', 'd.config_version', entitledProducts(db));


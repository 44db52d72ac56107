import type { Db } from '../../core/postgres.ts';
import { entitledProducts, type Entitlement } from './device-credentials.ts';
import type { DeviceRow } from './devices.ts';

/** The device holding a token, with its entitlement, looked up by the token's SHA-256 (legacy uploads name no device). */
export const findDeviceByTokenHash = (db: Db, tokenHash: string): Promise<(DeviceRow & Entitlement) | undefined> =>
  db('devices as d').leftJoin('organizations as o', 'o.id', 'd.organization_id').where('d.token_hash', tokenHash).first('d.*', entitledProducts(db));

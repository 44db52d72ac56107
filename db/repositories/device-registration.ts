import type { Db } from '../../core/postgres.ts';
import type { DeviceRow } from './devices.ts';

/** The device holding a token, looked up by the token's SHA-256 (legacy uploads name no device). */
export const findDeviceByTokenHash = (db: Db, tokenHash: string) => db<DeviceRow>('devices').where({ token_hash: tokenHash }).first();

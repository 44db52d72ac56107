import type { Db } from '../../core/postgres.ts';
import type { DeviceRow } from './devices.ts';

/** The device holding a token, looked up by the token's SHA-256 (legacy uploads name no device). */
export const findDeviceByTokenHash = (db: Db, tokenHash: string) => db<DeviceRow>('devices').where({ token_hash: tokenHash }).first();

/**
 * Stamps `auto_registration.last_device_at` without touching `enabled`, so a superadmin toggling the
 * setting at the same moment is never overwritten by a registering device.
 */
export async function stampAutoRegisteredDevice(db: Db, at: Date): Promise<void> {
  await db.raw(
    `UPDATE settings SET value = value || jsonb_build_object('last_device_at', ?::text), updated_at = now() WHERE key = 'auto_registration'`,
    [at.toISOString()],
  );
}

/** Sets last_seen_at to now unless it was set less than `resolutionSeconds` ago (legacy HTTP devices have no MQTT presence). */
export async function touchDeviceSeen(db: Db, id: number, resolutionSeconds: number): Promise<void> {
  await db('devices')
    .where({ id })
    .andWhere((q) => q.whereNull('last_seen_at').orWhere('last_seen_at', '<', db.raw(`now() - make_interval(secs => ?)`, [resolutionSeconds])))
    .update({ last_seen_at: db.fn.now() });
}

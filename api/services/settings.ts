import type { Db } from '../../core/postgres.ts';
import { getSetting, mergeSetting } from '../../db/repositories/settings.ts';
import { recordChange } from './audit/record.ts';

/** prototype: new devices may register themselves; the superadmin switches it and sees the last one. */
export interface AutoRegistration {
  enabled: boolean;
  last_device_at: string | null;
}

const AUTO_REGISTRATION_KEY = 'auto_registration';
const AUTO_REGISTRATION_DEFAULT: AutoRegistration = { enabled: false, last_device_at: null };

export const getAutoRegistration = (db: Db): Promise<AutoRegistration> => getSetting(db, AUTO_REGISTRATION_KEY, AUTO_REGISTRATION_DEFAULT);

export async function setAutoRegistrationEnabled(db: Db, enabled: boolean): Promise<AutoRegistration> {
  return db.transaction(async (trx) => {
    const before = await getAutoRegistration(trx);
    await mergeSetting(trx, AUTO_REGISTRATION_KEY, { enabled });
    await recordChange(trx, { action: 'settings.auto_registration', object: { type: 'settings', id: AUTO_REGISTRATION_KEY }, before: { enabled: before.enabled }, after: { enabled } });
    return getAutoRegistration(trx);
  });
}

/** Records that a device just registered itself (shown to the superadmin next to the toggle). */
export const noteAutoRegisteredDevice = (db: Db, at = new Date()): Promise<void> =>
  mergeSetting(db, AUTO_REGISTRATION_KEY, { last_device_at: at.toISOString() });

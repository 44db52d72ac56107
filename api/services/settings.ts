import type { Db } from '../../core/postgres.ts';
import { getSetting, mergeSetting } from '../../db/repositories/settings.ts';

/** prototype: new devices may register themselves; the superadmin switches it and sees the last one. */
export interface AutoRegistration {
  enabled: boolean;
  last_device_at: string | null;
}

const AUTO_REGISTRATION_KEY = 'auto_registration';
const AUTO_REGISTRATION_DEFAULT: AutoRegistration = { enabled: false, last_device_at: null };

export const getAutoRegistration = (db: Db): Promise<AutoRegistration> => getSetting(db, AUTO_REGISTRATION_KEY, AUTO_REGISTRATION_DEFAULT);

export async function setAutoRegistrationEnabled(db: Db, enabled: boolean): Promise<AutoRegistration> {
  await mergeSetting(db, AUTO_REGISTRATION_KEY, { enabled });
  return getAutoRegistration(db);
}

/** Records that a device just registered itself (shown to the superadmin next to the toggle). */
export const noteAutoRegisteredDevice = (db: Db, at = new Date()): Promise<void> =>
  mergeSetting(db, AUTO_REGISTRATION_KEY, { last_device_at: at.toISOString() });

import type { Config } from '../../core/config.ts';
import type { Db } from '../../core/postgres.ts';
import { countSuperadmins, findUserByEmail, insertUser, updateUser } from '../repositories/users.ts';
import { generatePassword, hashPassword } from '../../core/passwords.ts';

export interface CreatedCredentials {
  email: string;
  password: string;
  generated: boolean;
}

/**
 * On a database without a superadmin, creates one from MYBEACON_ADMIN_EMAIL / MYBEACON_ADMIN_PASSWORD,
 * generating the password if none is given. Returns what was created so the caller can show it once.
 */
export async function ensureSuperadmin(db: Db, admin: Config['admin']): Promise<CreatedCredentials | null> {
  if ((await countSuperadmins(db)) > 0) return null;
  const email = admin.email ?? 'admin@mybeacon.local';
  const password = admin.password ?? generatePassword();
  await upsertSuperadmin(db, email, password);
  return { email, password, generated: !admin.password };
}

/** Creates a superadmin or resets an existing account's password (and makes it an active superadmin). */
export async function upsertSuperadmin(db: Db, email: string, password: string): Promise<'created' | 'reset'> {
  const password_hash = await hashPassword(password, email);
  const existing = await findUserByEmail(db, email);
  if (existing) {
    await updateUser(db, existing.id, { password_hash, role: 'superadmin', organization_id: null, active: true });
    return 'reset';
  }
  await insertUser(db, { email, password_hash, role: 'superadmin', organization_id: null, email_verified: true, name: 'Superadmin' });
  return 'created';
}

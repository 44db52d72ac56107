import type { Role } from '../../core/roles.ts';
import type { Db } from '../../core/postgres.ts';

export interface UserRow {
  id: number;
  organization_id: number | null;
  email: string;
  /** Null for an invited user who has not set a password yet. */
  password_hash: string | null;
  name: string;
  role: Role;
  active: boolean;
  email_verified: boolean;
  locale: string;
  last_login_at: Date | null;
  must_change_password: boolean;
  read_only: boolean;
  password_changed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export type NewUser = Pick<UserRow, 'email' | 'password_hash' | 'role' | 'organization_id'> &
  Partial<Pick<UserRow, 'name' | 'active' | 'email_verified' | 'locale' | 'must_change_password'>>;

export const findUserByEmail = (db: Db, email: string) =>
  db<UserRow>('users').whereRaw('lower(email) = lower(?)', [email]).first();

export const findUserById = (db: Db, id: number) => db<UserRow>('users').where({ id }).first();

/** A user of one organization; undefined for a foreign or missing id. */
export const findOrganizationUser = (db: Db, organizationId: number, id: number) =>
  db<UserRow>('users').where({ id, organization_id: organizationId }).first();

export const listOrganizationUsers = (db: Db, organizationId: number) =>
  db<UserRow>('users').where({ organization_id: organizationId }).orderBy('id');

export async function insertUser(db: Db, user: NewUser): Promise<UserRow> {
  const [row] = await db<UserRow>('users').insert({ ...user, email: user.email.toLowerCase() }).returning('*');
  return row!;
}

export async function updateUser(db: Db, id: number, patch: Partial<Omit<UserRow, 'id'>>): Promise<UserRow | undefined> {
  const [row] = await db<UserRow>('users').where({ id }).update({ ...patch, updated_at: db.fn.now() as unknown as Date }).returning('*');
  return row;
}

export const countSuperadmins = async (db: Db): Promise<number> =>
  Number((await db('users').where({ role: 'superadmin' }).count({ n: '*' }).first())?.n ?? 0);

/** Active superadmins: who hears about the platform's alerts. */
export const listActiveSuperadmins = (db: Db) => db<UserRow>('users').where({ role: 'superadmin', active: true }).orderBy('id');

/** Members invited by link who have not set their password yet (pending invitations), newest first. */
export const listInvitedUsers = (db: Db, organizationId: number) =>
  db<UserRow>('users').where({ organization_id: organizationId }).whereNull('password_hash').orderBy('id', 'desc');

/** The verified owners of an organization: who hears about its activation. */
export const listOrganizationOwners = (db: Db, organizationId: number) =>
  db<UserRow>('users').where({ organization_id: organizationId, role: 'owner', active: true });

export async function deleteUser(db: Db, id: number): Promise<void> {
  await db('users').where({ id }).delete();
}

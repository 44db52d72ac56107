import { conflict, forbidden, notFound } from '../../core/errors.ts';
import { hashPassword } from '../../core/passwords.ts';
import { isUniqueViolation, type Db } from '../../core/postgres.ts';
import type { OrganizationRole } from '../../core/roles.ts';
import { revokeUserSessions } from '../../db/repositories/sessions.ts';
import {
  findOrganizationUser,
  insertUser,
  listOrganizationUsers,
  updateUser,
  type UserRow,
} from '../../db/repositories/users.ts';
import { findOrganization } from '../../db/repositories/organizations.ts';
import { recordAudit, recordChange } from './audit/record.ts';

export interface NewMember {
  email: string;
  /** Null for an invited member, who chooses it through the invitation link. */
  password: string | null;
  name?: string;
  role: OrganizationRole;
  /** Language of their mails until they pick one; defaults to English. */
  locale?: string;
}

export interface MemberPatch {
  role?: OrganizationRole;
  active?: boolean;
  name?: string;
}

export async function listMembers(db: Db, organizationId: number): Promise<UserRow[]> {
  if (!(await findOrganization(db, organizationId))) throw notFound('organization');
  return listOrganizationUsers(db, organizationId);
}

/**
 * Adds a user to an organization; the e-mail must be free platform-wide. An administrator vouches for
 * the address, so it counts as verified (self-registration is the path that verifies by mail).
 */
export async function createOrganizationUser(db: Db, organizationId: number, member: NewMember): Promise<UserRow> {
  const password_hash = member.password === null ? null : await hashPassword(member.password, member.email);
  try {
    return await insertUser(db, {
      email: member.email,
      password_hash,
      name: member.name ?? '',
      role: member.role,
      organization_id: organizationId,
      email_verified: true,
      locale: member.locale,
    });
  } catch (err) {
    // Not echoed back: the answer should add nothing to what the caller typed.
    if (isUniqueViolation(err)) throw conflict('email_taken', 'This e-mail cannot be used for a new user');
    throw err;
  }
}

/**
 * Changes a member's role, name or active flag. An owner can't demote or deactivate themself, so an
 * organization never locks itself out.
 */
export async function changeMember(db: Db, organizationId: number, actorId: number, userId: number, patch: MemberPatch): Promise<UserRow> {
  const user = await findOrganizationUser(db, organizationId, userId);
  if (!user) throw notFound('user');
  if (userId === actorId && ((patch.role && patch.role !== user.role) || patch.active === false)) {
    throw forbidden('You cannot change your own role or deactivate yourself', 'cannot_change_self');
  }
  return db.transaction(async (trx) => {
    const updated = (await updateUser(trx, userId, patch))!;
    // Every request re-reads role and active flag, so this only tidies up sessions that can no longer be used.
    if (patch.active === false) await revokeUserSessions(trx, userId, 'deactivated');
    await recordChange(trx, { action: 'user.update', organizationId, object: userObject(updated), before: userAudit(user), after: userAudit(updated) });
    return updated;
  });
}

/** Support sets a member's password (policy checked); their sessions end so the old one cannot linger. */
export async function setMemberPassword(db: Db, organizationId: number, userId: number, password: string): Promise<void> {
  const user = await findOrganizationUser(db, organizationId, userId);
  if (!user) throw notFound('user');
  const password_hash = await hashPassword(password, user.email);
  await db.transaction(async (trx) => {
    await updateUser(trx, userId, { password_hash });
    await revokeUserSessions(trx, userId, 'password_reset');
    await recordAudit(trx, { kind: 'update', action: 'user.password_set', organizationId, object: userObject(user) });
  });
}

/** How the audit log names a user, and the fields of theirs it compares. */
export const userObject = (user: UserRow) => ({ type: 'user', id: user.id, label: user.email });
export const userAudit = (user: UserRow) => ({ email: user.email, name: user.name, role: user.role, active: user.active });

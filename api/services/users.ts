import { conflict, forbidden, notFound } from '../../core/errors.ts';
import type { Access } from '../../core/policy.ts';
import { listOrganizationGrants, loadGrants, replaceGrants, type GrantRow } from '../../db/repositories/location-grants.ts';
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
  read_only?: boolean;
  /** Replaces every grant of the member (locations of the organization only). */
  grants?: ReadonlyArray<{ location_id: number; access: Access }>;
}

export async function listMembers(db: Db, organizationId: number): Promise<UserRow[]> {
  if (!(await findOrganization(db, organizationId))) throw notFound('organization');
  return listOrganizationUsers(db, organizationId);
}

/** The organization's members with the location grants of each. */
export async function listMembersWithGrants(db: Db, organizationId: number): Promise<Array<{ user: UserRow; grants: GrantRow[] }>> {
  const [users, grants] = await Promise.all([listMembers(db, organizationId), listOrganizationGrants(db, organizationId)]);
  return users.map((user) => ({ user, grants: grants.filter((g) => g.user_id === user.id) }));
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
 * Changes a member's role, name, active or read-only flag, and location grants, in one transaction.
 * An owner can't demote, deactivate or make read-only themself, so an organization never locks itself out.
 */
export async function changeMember(db: Db, organizationId: number, actorId: number, userId: number, patch: MemberPatch): Promise<{ user: UserRow; grants: GrantRow[] }> {
  const user = await findOrganizationUser(db, organizationId, userId);
  if (!user) throw notFound('user');
  if (userId === actorId && ((patch.role && patch.role !== user.role) || patch.active === false || patch.read_only === true)) {
    throw forbidden('You cannot change your own role, make yourself read-only or deactivate yourself', 'cannot_change_self');
  }
  const { grants, ...fields } = patch;
  const grantsBefore = grants && Object.fromEntries(await loadGrants(db, userId));
  const updated = await db.transaction(async (trx) => {
    const row = (await updateUser(trx, userId, fields))!;
    if (grants && (await replaceGrants(trx, organizationId, userId, grants)) !== new Set(grants.map((g) => g.location_id)).size) {
      // A foreign location id answers like a missing one, and nothing of the change is kept.
      throw notFound('location');
    }
    // Every request re-reads role and active flag, so this only tidies up sessions that can no longer be used.
    if (patch.active === false) await revokeUserSessions(trx, userId, 'deactivated');
    const grantsAfter = grants && Object.fromEntries(grants.map((g) => [g.location_id, g.access]));
    await recordChange(trx, {
      action: 'user.update',
      organizationId,
      object: userObject(row),
      before: { ...userAudit(user), ...(grants && { grants: grantsBefore }) },
      after: { ...userAudit(row), ...(grants && { grants: grantsAfter }) },
    });
    return row;
  });
  return { user: updated, grants: (await listOrganizationGrants(db, organizationId)).filter((g) => g.user_id === userId) };
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
export const userAudit = (user: UserRow) => ({ email: user.email, name: user.name, role: user.role, active: user.active, read_only: user.read_only });

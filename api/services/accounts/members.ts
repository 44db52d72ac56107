import { notFound } from '../../../core/errors.ts';
import { generatePassword } from '../../../core/passwords.ts';
import type { OrganizationRole } from '../../../core/roles.ts';
import { consumeUserTokens, latestTokens } from '../../../db/repositories/account-tokens.ts';
import { findOrganization } from '../../../db/repositories/organizations.ts';
import { deleteUser, findOrganizationUser, listInvitedUsers, updateUser, type UserRow } from '../../../db/repositories/users.ts';
import { createOrganizationUser, userAudit, userObject } from '../users.ts';
import { recordAudit, recordChange } from '../audit/record.ts';
import { queueAccountMail } from './account-mail.ts';
import { webLink, type AccountDeps } from './deps.ts';
import { issueToken } from './tokens.ts';

/**
 * How a new member gets their password: an invitation link to choose it (the default), a generated
 * one mailed to them and changed at first sign-in, or one the creator chose and passes on themselves.
 */
export type Credentials = 'invitation' | 'generated_password' | 'password';

export interface MemberInput {
  email: string;
  name?: string;
  role: OrganizationRole;
  credentials: Credentials;
  /** Only with credentials = 'password'. */
  password?: string;
  /** The language of their mails: the creator's, until they choose their own. */
  locale?: string;
}

/** Who is adding the member: their name appears in the invitation ("Anna invites you…"). */
export type Inviter = Pick<UserRow, 'name' | 'email'> | null;

/** Adds a member and, for invitation and generated password, queues their mail, all in one transaction with its audit row. */
export async function addMember(deps: AccountDeps, organizationId: number, input: MemberInput, inviter: Inviter): Promise<UserRow> {
  const org = await findOrganization(deps.db, organizationId);
  if (!org) throw notFound('organization');
  return deps.db.transaction(async (trx) => {
    const user = await insertMember({ ...deps, db: trx }, org, input, inviter);
    await recordChange(trx, { action: 'user.create', organizationId, object: userObject(user), after: { ...userAudit(user), credentials: input.credentials } });
    return user;
  });
}

/** Creates the member in the caller's transaction (an organization created with its owner records itself). */
export async function insertMember(tx: AccountDeps, org: { id: number; name: string }, input: MemberInput, inviter: Inviter): Promise<UserRow> {
  const trx = tx.db;
  const base = { email: input.email, name: input.name, role: input.role, locale: input.locale };
  if (input.credentials === 'password') return createOrganizationUser(trx, org.id, { ...base, password: input.password! });
  if (input.credentials === 'generated_password') {
    const password = generatePassword();
    const user = await createOrganizationUser(trx, org.id, { ...base, password });
    await queueAccountMail(trx, user, 'generated_password', { organization: org.name, email: user.email, password, url: webLink(tx, '/login') });
    return (await updateUser(trx, user.id, { must_change_password: true }))!;
  }
  const user = await createOrganizationUser(trx, org.id, { ...base, password: null });
  await sendInvitation(tx, user, org.name, inviter);
  return user;
}

export interface Invitation {
  user: UserRow;
  sent_at: Date | null;
  expires_at: Date | null;
}

/** Members who were invited and have not set their password yet, with their newest link's dates. */
export async function listInvitations(deps: AccountDeps, organizationId: number): Promise<Invitation[]> {
  const users = await listInvitedUsers(deps.db, organizationId);
  const tokens = new Map((await latestTokens(deps.db, users.map((u) => u.id), 'set_password')).map((t) => [t.user_id, t]));
  return users.map((user) => ({ user, sent_at: tokens.get(user.id)?.created_at ?? null, expires_at: tokens.get(user.id)?.expires_at ?? null }));
}

/** Sends a pending invitation again with a fresh link; the earlier link stops working. */
export async function resendInvitation(deps: AccountDeps, organizationId: number, userId: number, inviter: Inviter): Promise<Invitation> {
  const user = await pendingInvitee(deps, organizationId, userId);
  const org = (await findOrganization(deps.db, organizationId))!;
  await deps.db.transaction(async (trx) => {
    await sendInvitation({ ...deps, db: trx }, user, org.name, inviter);
    await recordAudit(trx, { kind: 'update', action: 'invitation.resend', organizationId, object: userObject(user) });
  });
  return (await listInvitations(deps, organizationId)).find((i) => i.user.id === userId)!;
}

/** Withdraws a pending invitation: the account that never got a password is removed, its link dies with it. */
export async function revokeInvitation(deps: AccountDeps, organizationId: number, userId: number): Promise<void> {
  const user = await pendingInvitee(deps, organizationId, userId);
  await deps.db.transaction(async (trx) => {
    await consumeUserTokens(trx, user.id, 'set_password', 'revoked');
    await deleteUser(trx, user.id);
    await recordChange(trx, { action: 'invitation.revoke', organizationId, object: userObject(user), before: userAudit(user) });
  });
}

async function pendingInvitee(deps: AccountDeps, organizationId: number, userId: number): Promise<UserRow> {
  const user = await findOrganizationUser(deps.db, organizationId, userId);
  // An accepted invitation is an ordinary member now: as absent from this list as a foreign id.
  if (!user || user.password_hash !== null) throw notFound('invitation');
  return user;
}

async function sendInvitation(deps: AccountDeps, user: UserRow, organization: string, inviter: Inviter): Promise<void> {
  const days = deps.settings.invitationTtlDays;
  const token = await issueToken(deps.db, user.id, 'set_password', days * 86400);
  const inviterName = inviter ? inviter.name || inviter.email : null;
  await queueAccountMail(deps.db, user, 'invitation', { organization, inviter: inviterName, url: webLink(deps, '/set-password', token), days });
}

import { AppError } from '../../../core/errors.ts';
import { hashPassword, verifyPassword } from '../../../core/passwords.ts';
import { consumeUserTokens, countRecentTokens, type TokenPurpose } from '../../../db/repositories/account-tokens.ts';
import { revokeOtherSessions, revokeUserSessions } from '../../../db/repositories/sessions.ts';
import { findUserByEmail, findUserById, updateUser } from '../../../db/repositories/users.ts';
import { queueAccountMail } from './account-mail.ts';
import { webLink, type AccountDeps } from './deps.ts';
import { withSteadyTiming } from './timing.ts';
import { actorOf, recordAudit } from '../audit/record.ts';
import { userObject } from '../users.ts';
import { hourAgo, inspectToken, issueToken, redeemToken } from './tokens.ts';

/**
 * "Forgot password?": mails a reset link to an active account. The answer and its timing are the same
 * whether or not the address is registered; at most `emailsPerHourPerAddress` links per hour.
 */
export async function requestPasswordReset(deps: AccountDeps, email: string): Promise<void> {
  await withSteadyTiming(async () => {
    const user = await findUserByEmail(deps.db, email);
    if (!user || !user.active) return;
    if ((await countRecentTokens(deps.db, user.id, 'reset_password', hourAgo())) >= deps.settings.emailsPerHourPerAddress) return;
    const minutes = deps.settings.resetTtlMinutes;
    await deps.db.transaction(async (trx) => {
      const token = await issueToken(trx, user.id, 'reset_password', minutes * 60);
      await queueAccountMail(trx, user, 'reset_password', { url: webLink(deps, '/reset-password', token), minutes });
      await recordAudit(trx, { kind: 'update', action: 'account.password_reset_requested', actor: actorOf(user), object: userObject(user) });
    });
  });
}

/** Which links set a password: a reset, or an invitation / set-password link from an administrator. */
export type PasswordLink = Extract<TokenPurpose, 'reset_password' | 'set_password'>;

/**
 * Sets the password from a reset or invitation link. The link works once; every session of the user
 * is revoked, and the mailbox is thereby proven, so the address counts as verified.
 */
export async function setPasswordFromLink(deps: AccountDeps, purpose: PasswordLink, token: string, password: string): Promise<{ email: string }> {
  const peek = await inspectToken(deps.db, token, [purpose]);
  const user = await findUserById(deps.db, peek.user_id);
  if (!user?.active) throw new AppError(400, 'link_invalid', 'This link is not valid');
  const password_hash = await hashPassword(password, user.email);
  await deps.db.transaction(async (trx) => {
    await redeemToken(trx, token, [purpose]);
    await updateUser(trx, user.id, { password_hash, must_change_password: false, email_verified: true, password_changed_at: new Date() });
    await consumeUserTokens(trx, user.id, purpose, 'used');
    await revokeUserSessions(trx, user.id, purpose === 'reset_password' ? 'password_reset' : 'password_set');
    if (purpose === 'reset_password') await queueAccountMail(trx, user, 'password_changed', { url: webLink(deps, '/forgot-password') });
    await recordAudit(trx, { kind: 'update', action: purpose === 'reset_password' ? 'user.password_reset' : 'user.password_set', actor: actorOf(user), object: userObject(user) });
  });
  return { email: user.email };
}

/**
 * Changes one's own password (also the forced change after a generated one): the current password is
 * required; the user's other sessions end, this one stays.
 */
export async function changeOwnPassword(deps: AccountDeps, who: { userId: number; sessionId: string }, current: string, next: string): Promise<void> {
  const user = (await findUserById(deps.db, who.userId))!;
  if (!(await verifyPassword(current, user.password_hash))) throw new AppError(403, 'wrong_password', 'The current password is not correct');
  if (current === next) throw new AppError(400, 'password_unchanged', 'Choose a password different from the current one');
  const password_hash = await hashPassword(next, user.email);
  await deps.db.transaction(async (trx) => {
    await updateUser(trx, user.id, { password_hash, must_change_password: false, password_changed_at: new Date() });
    await consumeUserTokens(trx, user.id, 'reset_password', 'revoked');
    await revokeOtherSessions(trx, user.id, who.sessionId, 'password_changed');
    await queueAccountMail(trx, user, 'password_changed', { url: webLink(deps, '/forgot-password') });
    await recordAudit(trx, { kind: 'update', action: 'user.password_change', object: userObject(user) });
  });
}

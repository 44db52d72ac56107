import { AppError, conflict } from '../../../core/errors.ts';
import { verifyPassword } from '../../../core/passwords.ts';
import { isUniqueViolation } from '../../../core/postgres.ts';
import { consumeUserTokens } from '../../../db/repositories/account-tokens.ts';
import { findUserByEmail, findUserById, updateUser } from '../../../db/repositories/users.ts';
import { queueAccountMail } from './account-mail.ts';
import { webLink, type AccountDeps } from './deps.ts';
import { withSteadyTiming } from './timing.ts';
import { actorOf, recordAudit, recordChange } from '../audit/record.ts';
import { userObject } from '../users.ts';
import { issueToken, redeemToken } from './tokens.ts';

/**
 * Asks to move one's login to a new address: a confirmation link goes to that address, and nothing
 * changes until it is followed. Whether the new address is already taken is not revealed (no mail is sent then).
 */
export async function requestEmailChange(deps: AccountDeps, userId: number, password: string, newEmail: string): Promise<void> {
  const user = (await findUserById(deps.db, userId))!;
  if (!(await verifyPassword(password, user.password_hash))) throw new AppError(403, 'wrong_password', 'The current password is not correct');
  if (newEmail === user.email) throw new AppError(400, 'email_unchanged', 'This is already your e-mail address');
  await withSteadyTiming(async () => {
    if (await findUserByEmail(deps.db, newEmail)) return;
    const hours = deps.settings.verificationTtlHours;
    await deps.db.transaction(async (trx) => {
      const token = await issueToken(trx, user.id, 'change_email', hours * 3600, newEmail);
      await queueAccountMail(trx, { email: newEmail, locale: user.locale }, 'change_email', { url: webLink(deps, '/confirm-email', token), hours });
      await recordAudit(trx, { kind: 'update', action: 'account.email_change_requested', object: userObject(user), details: { new_email: newEmail } });
    });
  });
}

/** Follows the link sent to the new address: the login changes, and the old address is told. */
export async function confirmEmailChange(deps: AccountDeps, token: string): Promise<{ email: string }> {
  try {
    return await deps.db.transaction(async (trx) => {
      const row = await redeemToken(trx, token, ['change_email']);
      const before = (await findUserById(trx, row.user_id))!;
      const after = (await updateUser(trx, row.user_id, { email: row.new_email!, email_verified: true }))!;
      await consumeUserTokens(trx, row.user_id, 'change_email', 'used');
      await queueAccountMail(trx, before, 'email_changed', { newEmail: after.email });
      await recordChange(trx, { action: 'user.email_change', actor: actorOf(after), object: userObject(after), before: { email: before.email }, after: { email: after.email } });
      return { email: after.email };
    });
  } catch (err) {
    // The holder of the link owns that mailbox, so telling them it is taken reveals nothing new.
    if (isUniqueViolation(err)) throw conflict('email_taken', 'Another account uses this e-mail address now');
    throw err;
  }
}

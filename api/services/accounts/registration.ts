import { AppError, weakPassword } from '../../../core/errors.ts';
import { hashPassword, spendHashTime } from '../../../core/passwords.ts';
import { passwordIssue } from '../../../core/password-policy.ts';
import { isUniqueViolation } from '../../../core/postgres.ts';
import { consumeUserTokens, countRecentTokens } from '../../../db/repositories/account-tokens.ts';
import { findOrganization, insertOrganization } from '../../../db/repositories/organizations.ts';
import { findUserByEmail, insertUser, updateUser, type UserRow } from '../../../db/repositories/users.ts';
import { queueAccountMail } from './account-mail.ts';
import { webLink, type AccountDeps } from './deps.ts';
import { actorOf, recordAudit, recordChange } from '../audit/record.ts';
import { userObject } from '../users.ts';
import { withSteadyTiming } from './timing.ts';
import { hourAgo, issueToken, redeemToken } from './tokens.ts';

export interface SignUp {
  email: string;
  password: string;
  organization: string;
  phone: string;
  name?: string;
  locale: 'en' | 'ru';
}

/**
 * brief: self-registration — an organization awaiting activation, with no products, and its owner,
 * who must confirm the e-mail first. An address that already has an account gets the same answer
 * and, instead of a verification, a mail telling its owner someone tried.
 */
export async function signUp(deps: AccountDeps, input: SignUp): Promise<void> {
  if (!deps.settings.signupEnabled) throw new AppError(403, 'signup_disabled', 'Self-registration is switched off on this platform');
  // A weak password is refused before the address is looked at, so that answer tells nothing either.
  const issue = passwordIssue(input.password, input.email);
  if (issue) throw weakPassword(issue);
  await withSteadyTiming(async () => {
    const existing = await findUserByEmail(deps.db, input.email);
    if (existing) {
      await spendHashTime();
      // Signing up again before confirming (the first mail got lost) just sends a fresh link.
      if (!existing.email_verified) return sendVerificationAgain(deps, existing);
      await queueAccountMail(deps.db, existing, 'signup_address_taken', { loginUrl: webLink(deps, '/login'), resetUrl: webLink(deps, '/forgot-password') });
      return;
    }
    const password_hash = await hashPassword(input.password, input.email);
    try {
      await deps.db.transaction(async (trx) => {
        const org = await insertOrganization(trx, { name: input.organization, phone: input.phone, contact_email: input.email, status: 'pending', products: [] });
        const user = await insertUser(trx, {
          email: input.email,
          password_hash,
          name: input.name ?? '',
          role: 'owner',
          organization_id: org.id,
          email_verified: false,
          locale: input.locale,
        });
        await sendVerification({ ...deps, db: trx }, user.id, user, org.name);
        await recordChange(trx, {
          action: 'organization.signup',
          organizationId: org.id,
          actor: actorOf(user),
          object: { type: 'organization', id: org.id, label: org.name },
          after: { name: org.name, phone: org.phone, owner: user.email },
        });
      });
    } catch (err) {
      // Two sign-ups raced for one address: the loser gets the same answer as everyone else.
      if (!isUniqueViolation(err)) throw err;
    }
  });
}

/** Confirms an address from the link in the verification mail. */
export async function verifyEmail(deps: AccountDeps, token: string): Promise<{ email: string }> {
  return deps.db.transaction(async (trx) => {
    const row = await redeemToken(trx, token, ['verify_email']);
    const user = (await updateUser(trx, row.user_id, { email_verified: true }))!;
    await consumeUserTokens(trx, row.user_id, 'verify_email', 'used');
    await recordChange(trx, { action: 'user.email_verify', actor: actorOf(user), object: userObject(user), before: { email_verified: false }, after: { email_verified: true } });
    return { email: user.email };
  });
}

/**
 * Sends the verification link again to an account that still needs it. The answer is the same for
 * any address; at most `emailsPerHourPerAddress` links go out per hour.
 */
export async function resendVerification(deps: AccountDeps, email: string): Promise<void> {
  await withSteadyTiming(async () => {
    const user = await findUserByEmail(deps.db, email);
    if (user && !user.email_verified) await sendVerificationAgain(deps, user);
  });
}

async function sendVerificationAgain(deps: AccountDeps, user: UserRow): Promise<void> {
  if (!user.active) return;
  if ((await countRecentTokens(deps.db, user.id, 'verify_email', hourAgo())) >= deps.settings.emailsPerHourPerAddress) return;
  const org = user.organization_id ? await findOrganization(deps.db, user.organization_id) : undefined;
  await deps.db.transaction(async (trx) => {
    await sendVerification({ ...deps, db: trx }, user.id, user, org?.name ?? '');
    await recordAudit(trx, { kind: 'update', action: 'account.verification_resent', actor: actorOf(user), object: userObject(user) });
  });
}

async function sendVerification(deps: AccountDeps, userId: number, to: { email: string; locale: string }, organization: string): Promise<void> {
  const hours = deps.settings.verificationTtlHours;
  const token = await issueToken(deps.db, userId, 'verify_email', hours * 3600);
  await queueAccountMail(deps.db, to, 'verify_email', { url: webLink(deps, '/verify-email', token), hours, organization });
}

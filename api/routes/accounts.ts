import type { ApiContext } from '../context.ts';
import { accountThrottle } from '../auth/account-throttle.ts';
import { z } from '../http/openapi.ts';
import type { ApiRouter } from '../http/router.ts';
import { Email, LinkToken, NewPassword, SingleLine } from '../http/schemas.ts';
import { confirmEmailChange, requestEmailChange } from '../services/accounts/email-change.ts';
import { changeOwnPassword, requestPasswordReset, setPasswordFromLink } from '../services/accounts/passwords.ts';
import { resendVerification, signUp, verifyEmail } from '../services/accounts/registration.ts';
import { describeLink } from '../services/accounts/tokens.ts';

const Accepted = z
  .object({ status: z.literal('accepted') })
  .describe('The same answer whether or not the address has an account')
  .openapi('Accepted');
const accepted = { status: 'accepted' as const };
const EmailResult = z.object({ email: z.string() }).openapi('EmailResult');
const TokenBody = z.object({ token: LinkToken });
const PasswordLinkBody = z.object({ token: LinkToken, password: NewPassword }).openapi('PasswordLink');

const SignUpBody = z
  .object({
    email: Email,
    password: NewPassword,
    organization: SingleLine(200).describe('Company name'),
    phone: SingleLine(50),
    name: SingleLine(200).optional(),
    locale: z.enum(['en', 'ru']).default('en').describe('Language of the mails and the interface'),
  })
  .openapi('SignUp');

/** /auth/*: self-registration, e-mail verification, forgotten password, invitation links, own password and e-mail. */
export function accountRoutes(router: ApiRouter, ctx: ApiContext): void {
  const tags = ['auth: accounts'];
  const deps = ctx.accounts;
  const throttle = (field?: 'email' | 'new_email') => accountThrottle(ctx.config.accounts, field);

  router.route({
    method: 'post',
    path: '/auth/signup',
    summary: 'Register an organization and its owner; a verification link is mailed (same answer for a registered address)',
    tags,
    guard: 'public',
    before: throttle('email'),
    body: SignUpBody,
    status: 202,
    response: Accepted,
    handler: async ({ body }) => (await signUp(deps, body), accepted),
  });

  router.route({
    method: 'post',
    path: '/auth/verify-email',
    summary: 'Confirm an e-mail address with the token from the verification mail',
    tags,
    guard: 'public',
    before: throttle(),
    body: TokenBody,
    response: EmailResult,
    handler: async ({ body }) => verifyEmail(deps, body.token),
  });

  router.route({
    method: 'post',
    path: '/auth/resend-verification',
    summary: 'Mail the verification link again (same answer for any address; rate-limited)',
    tags,
    guard: 'public',
    before: throttle('email'),
    body: z.object({ email: Email }),
    status: 202,
    response: Accepted,
    handler: async ({ body }) => (await resendVerification(deps, body.email), accepted),
  });

  router.route({
    method: 'post',
    path: '/auth/forgot-password',
    summary: 'Mail a password reset link (same answer for any address; rate-limited per IP and per address)',
    tags,
    guard: 'public',
    before: throttle('email'),
    body: z.object({ email: Email }),
    status: 202,
    response: Accepted,
    handler: async ({ body }) => (await requestPasswordReset(deps, body.email), accepted),
  });

  const passwordLinks = [
    { path: '/auth/reset-password', purpose: 'reset_password', summary: 'Set a new password with the token from the reset mail; every session of the user ends' },
    { path: '/auth/set-password', purpose: 'set_password', summary: 'Choose the first password with the token from an invitation mail' },
  ] as const;
  for (const link of passwordLinks) {
    router.route({
      method: 'post',
      path: link.path,
      summary: link.summary,
      tags,
      guard: 'public',
      before: throttle(),
      body: PasswordLinkBody,
      response: EmailResult,
      handler: async ({ body }) => setPasswordFromLink(deps, link.purpose, body.token, body.password),
    });
  }

  router.route({
    method: 'post',
    path: '/auth/links/inspect',
    summary: 'Whether a link from a mail still works, and for which address (does not use it up)',
    tags,
    guard: 'public',
    before: throttle(),
    body: TokenBody,
    response: z.object({ purpose: z.enum(['verify_email', 'reset_password', 'set_password', 'change_email']), email: z.string() }),
    handler: async ({ body }) => describeLink(ctx.db, body.token),
  });

  router.route({
    method: 'post',
    path: '/auth/confirm-email',
    summary: 'Confirm a new e-mail address with the token mailed to it',
    tags,
    guard: 'public',
    before: throttle(),
    body: TokenBody,
    response: EmailResult,
    handler: async ({ body }) => confirmEmailChange(deps, body.token),
  });

  router.route({
    method: 'post',
    path: '/auth/change-password',
    summary: "Change one's own password (also the forced change after a generated one); other sessions end",
    tags,
    guard: 'user',
    allowDuringPasswordChange: true,
    body: z.object({ current_password: z.string().min(1).max(1024), new_password: NewPassword }),
    status: 204,
    handler: async ({ principal, body }) => changeOwnPassword(deps, principal, body.current_password, body.new_password),
  });

  router.route({
    method: 'post',
    path: '/auth/change-email',
    summary: "Change one's own e-mail: a confirmation link goes to the new address",
    tags,
    guard: 'user',
    before: throttle('new_email'),
    body: z.object({ password: z.string().min(1).max(1024), new_email: Email }),
    status: 202,
    response: Accepted,
    handler: async ({ principal, body }) => (await requestEmailChange(deps, principal.userId, body.password, body.new_email), accepted),
  });
}

import type { ApiContext } from '../context.ts';
import { loginThrottle } from '../auth/login-throttle.ts';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from '../auth/cookies.ts';
import { unauthorized } from '../../core/errors.ts';
import { ACTIONS, effectivePermissions, type Action } from '../../core/policy.ts';
import { findOrganization } from '../../db/repositories/organizations.ts';
import { findUserById } from '../../db/repositories/users.ts';
import { endAllOwnSessions, updateOwnPreferences } from '../services/profile.ts';
import { z } from '../http/openapi.ts';
import type { ApiRouter } from '../http/router.ts';
import { Email } from '../http/schemas.ts';
import { OrganizationView, presentOrganization } from '../presenters/organization.ts';
import { LocationGrantView, presentUser, UserView } from '../presenters/user.ts';
import * as auth from '../services/auth.ts';

const TokenResponse = z
  .object({
    access_token: z.string(),
    refresh_token: z.string().describe('Also set as an httpOnly cookie; browsers should rely on the cookie'),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int(),
  })
  .openapi('TokenResponse');

const LoginBody = z.object({ email: Email, password: z.string().min(1).max(1024) }).openapi('LoginRequest');
const RefreshBody = z.object({ refresh_token: z.string().optional() }).optional();
// A union, not .nullable(): the latter would make the shared Organization component itself nullable.
const Allowed = z.object({ read: z.boolean(), write: z.boolean() });
const PermissionsView = z
  .object({
    read_only: z.boolean(),
    actions: z.object(Object.fromEntries(ACTIONS.map((a) => [a, Allowed])) as Record<Action, typeof Allowed>),
    locations: z.union([z.literal('all'), z.array(LocationGrantView)]).describe("'all', or the granted locations with the effective access"),
  })
  .describe('What the server allows this user (role ∩ location grants ∩ read-only flag), for the UI to hide the rest')
  .openapi('Permissions');
const MeResponse = z
  .object({ user: UserView, organization: z.union([OrganizationView, z.null()]), permissions: PermissionsView })
  .openapi('Me');

/** /auth/*: login, refresh (rotating), logout, logout everywhere, and the current user. */
export function authRoutes(router: ApiRouter, ctx: ApiContext): void {
  const { cookieSecure } = ctx.config.http;
  const respond = (res: Parameters<typeof setRefreshCookie>[0], pair: auth.TokenPair) => {
    setRefreshCookie(res, pair.refreshToken, ctx.auth.refreshTtlSeconds, cookieSecure);
    return { access_token: pair.accessToken, refresh_token: pair.refreshToken, token_type: 'Bearer' as const, expires_in: pair.accessExpiresIn };
  };

  router.route({
    method: 'post',
    path: '/auth/login',
    summary: 'Log in with e-mail and password',
    tags: ['auth'],
    guard: 'public',
    before: loginThrottle(ctx.config.auth),
    body: LoginBody,
    response: TokenResponse,
    handler: async ({ body, req, res }) => {
      const { tokens } = await auth.login(ctx.auth, { ...body, ip: req.ip, userAgent: req.get('user-agent') });
      return respond(res, tokens);
    },
  });

  router.route({
    method: 'post',
    path: '/auth/refresh',
    summary: 'Exchange a refresh token (cookie or body) for a new token pair; each refresh token works once',
    tags: ['auth'],
    guard: 'public',
    body: RefreshBody,
    response: TokenResponse,
    handler: async ({ body, req, res }) => {
      const token = body?.refresh_token ?? readRefreshCookie(req);
      if (!token) throw unauthorized('refresh_token_missing', 'No refresh token presented');
      try {
        return respond(res, await auth.refresh(ctx.auth, token));
      } catch (err) {
        clearRefreshCookie(res, cookieSecure);
        throw err;
      }
    },
  });

  router.route({
    method: 'post',
    path: '/auth/logout',
    allowDuringPasswordChange: true,
    summary: 'Revoke the current session',
    tags: ['auth'],
    guard: 'user',
    status: 204,
    handler: async ({ principal, res }) => {
      await auth.logout(ctx.auth, principal.sessionId);
      clearRefreshCookie(res, cookieSecure);
    },
  });

  router.route({
    method: 'post',
    path: '/auth/logout-all',
    allowDuringPasswordChange: true,
    summary: 'Revoke every session of the current user (log out everywhere)',
    tags: ['auth'],
    guard: 'user',
    status: 204,
    handler: async ({ principal, res }) => {
      await endAllOwnSessions(ctx.db, principal.userId);
      clearRefreshCookie(res, cookieSecure);
    },
  });

  router.route({
    method: 'get',
    path: '/auth/me',
    allowDuringPasswordChange: true,
    summary: 'The signed-in user and their organization',
    tags: ['auth'],
    guard: 'user',
    response: MeResponse,
    handler: async ({ principal }) => me(ctx, principal),
  });

  router.route({
    method: 'patch',
    path: '/auth/me',
    allowDuringPasswordChange: true,
    summary: 'Update own preferences (name, interface language)',
    tags: ['auth'],
    guard: 'user',
    body: z.object({ name: z.string().trim().max(200).optional(), locale: z.enum(['en', 'ru']).optional() }),
    response: MeResponse,
    handler: async ({ principal, body }) => {
      await updateOwnPreferences(ctx.db, principal.userId, body);
      return me(ctx, principal);
    },
  });
}

async function me(ctx: ApiContext, principal: auth.Principal) {
  const user = (await findUserById(ctx.db, principal.userId))!;
  const org = user.organization_id ? await findOrganization(ctx.db, user.organization_id) : undefined;
  return { user: presentUser(user), organization: org ? presentOrganization(org) : null, permissions: effectivePermissions(principal) };
}

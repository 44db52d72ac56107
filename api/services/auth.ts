import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/errors.ts';
import type { Db } from '../../core/postgres.ts';
import { seesAllLocations, type LocationGrants } from '../../core/policy.ts';
import type { Role } from '../../core/roles.ts';
import { loadGrants } from '../../db/repositories/location-grants.ts';
import {
  findLiveSessionUser,
  findSession,
  insertSession,
  revokeSession,
  rotateSessionToken,
  type SessionRow,
} from '../../db/repositories/sessions.ts';
import { findUserByEmail, updateUser, type UserRow } from '../../db/repositories/users.ts';
import type { TokenSigner } from '../auth/jwt.ts';
import { verifyPassword } from '../../core/passwords.ts';
import { recordAudit } from './audit/record.ts';

/** The authenticated caller of an API request, as read from the database on every request. */
export interface Principal {
  userId: number;
  sessionId: string;
  email: string;
  role: Role;
  organizationId: number | null;
  /** A generated (mailed) password that must be changed before anything else. */
  mustChangePassword: boolean;
  /** brief: read-only mode, whatever the role: every write is refused. */
  readOnly: boolean;
  /** The locations this user sees: all (owner, admin), or the granted ones with read or write. */
  grants: LocationGrants;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  accessExpiresIn: number;
}

export interface AuthDeps {
  db: Db;
  tokens: TokenSigner;
  refreshTtlSeconds: number;
  accessTtlSeconds: number;
  /** How long the refresh token just rotated away from still works (JWT_REFRESH_REUSE_GRACE_SECONDS). */
  refreshReuseGraceSeconds: number;
}

const invalidCredentials = () => new AppError(401, 'invalid_credentials', 'E-mail or password is incorrect');

/** Checks credentials and opens a session. Unknown e-mail and wrong password are indistinguishable. */
export async function login(
  deps: AuthDeps,
  input: { email: string; password: string; ip?: string; userAgent?: string },
): Promise<{ user: UserRow; tokens: TokenPair }> {
  const user = await findUserByEmail(deps.db, input.email);
  // An invited user without a password yet fails here like a wrong password (and takes as long).
  const ok = await verifyPassword(input.password, user?.password_hash ?? null);
  // brief: failed logins are logged (time, IP, user agent) — in the account's organization when it exists.
  const failed = async (reason: string) =>
    recordAudit(deps.db, {
      kind: 'login_failed',
      action: reason,
      actor: { userId: user?.id ?? null, email: user?.email ?? input.email.toLowerCase(), organizationId: user?.organization_id ?? null },
      object: user ? { type: 'user', id: user.id, label: user.email } : undefined,
    });
  if (!user || !ok) {
    await failed('invalid_credentials');
    throw invalidCredentials();
  }
  if (!user.active) {
    await failed('account_disabled');
    throw new AppError(403, 'account_disabled', 'This account has been deactivated');
  }
  // Told only to someone who knows the password, so it reveals nothing to strangers.
  if (!user.email_verified) {
    await failed('email_not_verified');
    throw new AppError(403, 'email_not_verified', 'Confirm your e-mail address first: follow the link we sent, or ask for a new one');
  }

  const sessionId = randomUUID();
  const jti = randomUUID();
  await deps.db.transaction(async (trx) => {
    await insertSession(trx, {
      id: sessionId,
      user_id: user.id,
      refresh_jti: jti,
      ip: input.ip ?? null,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
      expires_at: refreshExpiry(deps),
    });
    await updateUser(trx, user.id, { last_login_at: new Date() });
    await recordAudit(trx, {
      kind: 'login',
      action: 'auth.login',
      actor: { userId: user.id, email: user.email, organizationId: user.organization_id },
      object: { type: 'session', id: sessionId },
    });
  });
  return { user, tokens: issue(deps, user.id, sessionId, jti) };
}

/**
 * Exchanges a refresh token for a new pair. Each refresh token works once; presenting a spent one
 * means it was stolen or replayed, so the whole session is revoked — except the token rotated away from
 * last, within a short grace: a page reloaded again before its refresh answer arrived (or two tabs
 * booting at once) presents it honestly, and gets the session's current refresh token again instead
 * of being signed out (the grace Okta and Auth0 give rotating refresh tokens).
 */
export async function refresh(deps: AuthDeps, refreshToken: string): Promise<TokenPair> {
  const claims = deps.tokens.verify(refreshToken, 'refresh');
  const nextJti = randomUUID();
  if (await rotateSessionToken(deps.db, claims.sid, claims.jti, nextJti, refreshExpiry(deps))) return issueToLiveUser(deps, claims, nextJti);
  const session = await findSession(deps.db, claims.sid);
  if (session && !session.revoked_at && withinReuseGrace(deps, session, claims.jti)) return issueToLiveUser(deps, claims, session.refresh_jti);
  if (session && !session.revoked_at && session.refresh_jti !== claims.jti) {
    await revokeSession(deps.db, claims.sid, 'refresh_token_reuse');
    throw new AppError(401, 'refresh_token_reused', 'Refresh token was already used; the session has been revoked');
  }
  throw new AppError(401, 'session_revoked', 'Session is no longer valid');
}

/** A new pair carrying refresh token `jti`, for the session's user if still active; else the session ends. */
async function issueToLiveUser(deps: AuthDeps, claims: { sid: string; sub: string }, jti: string): Promise<TokenPair> {
  const user = await findLiveSessionUser(deps.db, claims.sid, Number(claims.sub));
  if (!user) {
    await revokeSession(deps.db, claims.sid, 'user_inactive');
    throw new AppError(401, 'session_revoked', 'Session is no longer valid');
  }
  return issue(deps, user.id, claims.sid, jti);
}

const withinReuseGrace = (deps: AuthDeps, s: SessionRow, jti: string) =>
  s.previous_refresh_jti === jti && s.rotated_at !== null && Date.now() - s.rotated_at.getTime() <= deps.refreshReuseGraceSeconds * 1000 && s.expires_at.getTime() > Date.now();

/** Resolves an access token to a live principal (session not revoked, user still active, current role). */
export async function authenticateAccessToken(deps: AuthDeps, accessToken: string): Promise<Principal> {
  const claims = deps.tokens.verify(accessToken, 'access');
  const user = await findLiveSessionUser(deps.db, claims.sid, Number(claims.sub));
  if (!user) throw new AppError(401, 'session_revoked', 'Session is no longer valid');
  return {
    userId: user.id,
    sessionId: claims.sid,
    email: user.email,
    role: user.role,
    organizationId: user.organization_id,
    mustChangePassword: user.must_change_password,
    readOnly: user.read_only,
    // Read with the user on every request, so a changed grant applies to the very next call.
    grants: seesAllLocations(user.role) ? 'all' : await loadGrants(deps.db, user.id),
  };
}

export async function logout(deps: AuthDeps, sessionId: string): Promise<void> {
  await deps.db.transaction(async (trx) => {
    await revokeSession(trx, sessionId, 'logout');
    await recordAudit(trx, { kind: 'logout', action: 'auth.logout', object: { type: 'session', id: sessionId } });
  });
}

function issue(deps: AuthDeps, userId: number, sessionId: string, jti: string): TokenPair {
  const sub = String(userId);
  return {
    accessToken: deps.tokens.sign({ type: 'access', sub, sid: sessionId }),
    refreshToken: deps.tokens.sign({ type: 'refresh', sub, sid: sessionId, jti }),
    accessExpiresIn: deps.accessTtlSeconds,
  };
}

const refreshExpiry = (deps: AuthDeps) => new Date(Date.now() + deps.refreshTtlSeconds * 1000);

import type { Db } from '../../core/postgres.ts';
import type { UserRow } from './users.ts';

export interface SessionRow {
  id: string;
  user_id: number;
  refresh_jti: string;
  /** The refresh token rotated away from last, and when (the reuse grace in api/services/auth.ts). */
  previous_refresh_jti: string | null;
  rotated_at: Date | null;
  rotations: number;
  ip: string | null;
  user_agent: string | null;
  created_at: Date;
  last_used_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  revoked_reason: string | null;
}

export async function insertSession(db: Db, row: Pick<SessionRow, 'id' | 'user_id' | 'refresh_jti' | 'ip' | 'user_agent' | 'expires_at'>) {
  await db('sessions').insert(row);
}

/**
 * Moves a session from one refresh token to the next in one statement; returns false if `fromJti`
 * is not the session's current token (already spent, i.e. a replay) or the session is no longer live.
 */
export async function rotateSessionToken(db: Db, sessionId: string, fromJti: string, toJti: string, expiresAt: Date): Promise<boolean> {
  const n = await db('sessions')
    .where({ id: sessionId, refresh_jti: fromJti })
    .whereNull('revoked_at')
    .where('expires_at', '>', db.fn.now())
    .update({
      refresh_jti: toJti,
      previous_refresh_jti: fromJti,
      rotated_at: db.fn.now(),
      rotations: db.raw('rotations + 1'),
      last_used_at: db.fn.now(),
      expires_at: expiresAt,
    });
  return n === 1;
}

export const findSession = (db: Db, id: string) => db<SessionRow>('sessions').where({ id }).first();

export async function revokeSession(db: Db, id: string, reason: string): Promise<void> {
  await db('sessions').where({ id }).whereNull('revoked_at').update({ revoked_at: db.fn.now(), revoked_reason: reason });
}

export async function revokeUserSessions(db: Db, userId: number, reason: string): Promise<void> {
  await db('sessions').where({ user_id: userId }).whereNull('revoked_at').update({ revoked_at: db.fn.now(), revoked_reason: reason });
}

/** The user behind a live session, or undefined if the session is revoked/expired or the user inactive. */
export const findLiveSessionUser = (db: Db, sessionId: string, userId: number) =>
  db<UserRow>('users')
    .join('sessions', 'sessions.user_id', 'users.id')
    .where({ 'sessions.id': sessionId, 'users.id': userId, 'users.active': true })
    .whereNull('sessions.revoked_at')
    .where('sessions.expires_at', '>', db.fn.now())
    .first('users.*');

/** Revokes every session of a user except one (the one that just changed the password). */
export async function revokeOtherSessions(db: Db, userId: number, keepSessionId: string, reason: string): Promise<void> {
  await db('sessions')
    .where({ user_id: userId })
    .whereNot({ id: keepSessionId })
    .whereNull('revoked_at')
    .update({ revoked_at: db.fn.now(), revoked_reason: reason });
}

/** A user's sessions that still work (not revoked, not expired), most recently used first. */
export const listLiveUserSessions = (db: Db, userId: number) =>
  db<SessionRow>('sessions').where({ user_id: userId }).whereNull('revoked_at').where('expires_at', '>', db.fn.now()).orderBy('last_used_at', 'desc');

/** Revokes one of the user's own sessions; false when it is not theirs or already ended. */
export async function revokeOwnSession(db: Db, userId: number, id: string, reason: string): Promise<boolean> {
  const n = await db('sessions').where({ id, user_id: userId }).whereNull('revoked_at').update({ revoked_at: db.fn.now(), revoked_reason: reason });
  return n === 1;
}

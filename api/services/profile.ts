import { notFound } from '../../core/errors.ts';
import type { Db } from '../../core/postgres.ts';
import { listLiveUserSessions, revokeOwnSession, revokeUserSessions, type SessionRow } from '../../db/repositories/sessions.ts';
import { findUserById, updateUser } from '../../db/repositories/users.ts';
import { recordAudit, recordChange } from './audit/record.ts';
import { userObject } from './users.ts';

/** The signed-in user's own live sessions (browsers and API clients), each marked whether it is this one. */
export async function listOwnSessions(db: Db, userId: number, currentSessionId: string): Promise<(SessionRow & { current: boolean })[]> {
  return (await listLiveUserSessions(db, userId)).map((s) => ({ ...s, current: s.id === currentSessionId }));
}

/** Signs one of the user's own sessions out; someone else's session id answers 404 like a missing one. */
export async function endOwnSession(db: Db, userId: number, sessionId: string): Promise<void> {
  await db.transaction(async (trx) => {
    if (!(await revokeOwnSession(trx, userId, sessionId, 'signed_out_from_profile'))) throw notFound('session');
    await recordAudit(trx, { kind: 'logout', action: 'session.end', object: { type: 'session', id: sessionId } });
  });
}

/** Signs the user out everywhere: every session of theirs, this one included. */
export async function endAllOwnSessions(db: Db, userId: number): Promise<void> {
  await db.transaction(async (trx) => {
    await revokeUserSessions(trx, userId, 'logout_all');
    await recordAudit(trx, { kind: 'logout', action: 'auth.logout_all', object: { type: 'user', id: userId } });
  });
}

/** The user's own preferences (name, interface language). */
export async function updateOwnPreferences(db: Db, userId: number, patch: { name?: string; locale?: string }): Promise<void> {
  await db.transaction(async (trx) => {
    const before = (await findUserById(trx, userId))!;
    const after = (await updateUser(trx, userId, patch))!;
    await recordChange(trx, { action: 'user.preferences', object: userObject(after), before: { name: before.name, locale: before.locale }, after: { name: after.name, locale: after.locale } });
  });
}

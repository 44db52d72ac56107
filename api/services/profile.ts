import { notFound } from '../../core/errors.ts';
import type { Db } from '../../core/postgres.ts';
import { listLiveUserSessions, revokeOwnSession, type SessionRow } from '../../db/repositories/sessions.ts';

/** The signed-in user's own live sessions (browsers and API clients), each marked whether it is this one. */
export async function listOwnSessions(db: Db, userId: number, currentSessionId: string): Promise<(SessionRow & { current: boolean })[]> {
  return (await listLiveUserSessions(db, userId)).map((s) => ({ ...s, current: s.id === currentSessionId }));
}

/** Signs one of the user's own sessions out; someone else's session id answers 404 like a missing one. */
export async function endOwnSession(db: Db, userId: number, sessionId: string): Promise<void> {
  if (!(await revokeOwnSession(db, userId, sessionId, 'signed_out_from_profile'))) throw notFound('session');
}

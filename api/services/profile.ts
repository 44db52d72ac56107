import { AppError, notFound } from '../../core/errors.ts';
import { hashPassword, verifyPassword } from '../../core/passwords.ts';
import type { Db } from '../../core/postgres.ts';
import { listLiveUserSessions, revokeOtherSessions, revokeOwnSession, type SessionRow } from '../../db/repositories/sessions.ts';
import { findUserById, updateUser } from '../../db/repositories/users.ts';

/** The signed-in user's own live sessions (browsers and API clients), each marked whether it is this one. */
export async function listOwnSessions(db: Db, userId: number, currentSessionId: string): Promise<(SessionRow & { current: boolean })[]> {
  return (await listLiveUserSessions(db, userId)).map((s) => ({ ...s, current: s.id === currentSessionId }));
}

/** Signs one of the user's own sessions out; someone else's session id answers 404 like a missing one. */
export async function endOwnSession(db: Db, userId: number, sessionId: string): Promise<void> {
  if (!(await revokeOwnSession(db, userId, sessionId, 'signed_out_from_profile'))) throw notFound('session');
}

/**
 * Changes the user's own password after checking the current one. Every other session is ended: whoever
 * knew the old password must not stay signed in elsewhere.
 */
export async function changeOwnPassword(db: Db, userId: number, sessionId: string, input: { current_password: string; new_password: string }): Promise<void> {
  const user = await findUserById(db, userId);
  if (!user) throw notFound('user');
  if (!(await verifyPassword(input.current_password, user.password_hash))) {
    throw new AppError(400, 'wrong_password', 'The current password is not correct', [{ in: 'body', path: 'current_password', code: 'wrong_password', message: 'not correct' }]);
  }
  const password_hash = await hashPassword(input.new_password, user.email).catch((err: unknown) => {
    // The policy names the field `password`; here the field is `new_password`.
    if (err instanceof AppError) throw new AppError(err.status, err.code, err.message, [{ in: 'body', path: 'new_password', code: 'password_policy', message: err.message }]);
    throw err;
  });
  await updateUser(db, userId, { password_hash });
  await revokeOtherSessions(db, userId, sessionId, 'password_changed');
}

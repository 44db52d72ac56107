import { randomBytes } from 'node:crypto';
import { AppError } from '../../../core/errors.ts';
import { sha256Hex } from '../../../core/ids.ts';
import type { Db } from '../../../core/postgres.ts';
import { findUserById } from '../../../db/repositories/users.ts';
import { findAccountToken, insertAccountToken, useAccountToken, type AccountTokenRow, type TokenPurpose } from '../../../db/repositories/account-tokens.ts';

/**
 * Issues a single-use link token: 256 random bits handed out once, only its SHA-256 stored. Earlier
 * unused tokens of the same purpose stop working.
 */
export async function issueToken(db: Db, userId: number, purpose: TokenPurpose, ttlSeconds: number, newEmail?: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await insertAccountToken(db, {
    user_id: userId,
    purpose,
    token_hash: sha256Hex(token),
    expires_at: new Date(Date.now() + ttlSeconds * 1000),
    new_email: newEmail,
  });
  return token;
}

/** The live token row behind a link, or the reason it no longer works. Does not use it up. */
export async function inspectToken(db: Db, token: string, purposes: readonly TokenPurpose[]): Promise<AccountTokenRow> {
  const row = /^[A-Za-z0-9_-]{43}$/.test(token) ? await findAccountToken(db, sha256Hex(token)) : undefined;
  // A token of another kind is as unknown here as a made-up one.
  if (!row || !purposes.includes(row.purpose)) throw new AppError(400, 'link_invalid', 'This link is not valid');
  if (row.consumed_at) throw new AppError(410, 'link_used', 'This link has already been used or replaced by a newer one');
  if (row.expires_at.getTime() <= Date.now()) throw new AppError(410, 'link_expired', 'This link has expired');
  return row;
}

/** Checks and uses up a token in the caller's transaction; of two concurrent uses only one wins. */
export async function redeemToken(db: Db, token: string, purposes: readonly TokenPurpose[]): Promise<AccountTokenRow> {
  const row = await inspectToken(db, token, purposes);
  if (!(await useAccountToken(db, row.id))) throw new AppError(410, 'link_used', 'This link has already been used or replaced by a newer one');
  return row;
}

/** The start of the window in which mails per address are counted. */
export const hourAgo = (): Date => new Date(Date.now() - 3600_000);

/** What a live link is for and which address it concerns (the new one for an e-mail change), for the page it opens. */
export async function describeLink(db: Db, token: string): Promise<{ purpose: TokenPurpose; email: string }> {
  const row = await inspectToken(db, token, ['verify_email', 'reset_password', 'set_password', 'change_email']);
  const user = (await findUserById(db, row.user_id))!;
  return { purpose: row.purpose, email: row.new_email ?? user.email };
}

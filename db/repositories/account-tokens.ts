import type { Db } from '../../core/postgres.ts';

export type TokenPurpose = 'verify_email' | 'reset_password' | 'set_password' | 'change_email';

export interface AccountTokenRow {
  id: number;
  user_id: number;
  purpose: TokenPurpose;
  token_hash: string;
  new_email: string | null;
  created_at: Date;
  expires_at: Date;
  consumed_at: Date | null;
  consumed_reason: string | null;
}

/**
 * Stores a new token and retires the user's earlier unused ones of the same purpose: only the newest
 * link works.
 */
export async function insertAccountToken(
  db: Db,
  row: Pick<AccountTokenRow, 'user_id' | 'purpose' | 'token_hash' | 'expires_at'> & { new_email?: string },
): Promise<AccountTokenRow> {
  await consumeUserTokens(db, row.user_id, row.purpose, 'superseded');
  const [inserted] = await db<AccountTokenRow>('account_tokens').insert(row).returning('*');
  return inserted!;
}

export const findAccountToken = (db: Db, tokenHash: string) =>
  db<AccountTokenRow>('account_tokens').where({ token_hash: tokenHash }).first();

/** Marks a token used if it is still live; false if another request used it first (or it expired meanwhile). */
export async function useAccountToken(db: Db, id: number): Promise<boolean> {
  const n = await db('account_tokens')
    .where({ id })
    .whereNull('consumed_at')
    .where('expires_at', '>', db.fn.now())
    .update({ consumed_at: db.fn.now(), consumed_reason: 'used' });
  return n === 1;
}

/** Retires every unused token of a purpose (e.g. all reset links once the password is reset). */
export async function consumeUserTokens(db: Db, userId: number, purpose: TokenPurpose, reason: 'superseded' | 'revoked' | 'used'): Promise<void> {
  await db('account_tokens')
    .where({ user_id: userId, purpose })
    .whereNull('consumed_at')
    .update({ consumed_at: db.fn.now(), consumed_reason: reason });
}

/** The newest token of a purpose per user (for the pending-invitations list). */
export const latestTokens = (db: Db, userIds: number[], purpose: TokenPurpose) =>
  db<AccountTokenRow>('account_tokens')
    .distinctOn('user_id')
    .whereIn('user_id', userIds)
    .where({ purpose })
    .orderBy([{ column: 'user_id' }, { column: 'id', order: 'desc' }]);

/** How many tokens of a purpose were issued to a user since an instant (caps mail storms per address). */
export const countRecentTokens = async (db: Db, userId: number, purpose: TokenPurpose, since: Date): Promise<number> =>
  Number((await db('account_tokens').where({ user_id: userId, purpose }).where('created_at', '>', since).count({ n: '*' }).first())?.n ?? 0);

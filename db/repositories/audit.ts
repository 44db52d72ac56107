import type { Knex } from 'knex';
import { auditRowHash, GENESIS_HASH, type AuditContent } from '../../core/audit-hash.ts';
import type { Db } from '../../core/postgres.ts';

export type AuditRowInput = Omit<AuditContent, 'seq' | 'at'>;

export interface AuditRow extends AuditContent {
  id: number;
  prev_hash: Buffer;
  hash: Buffer;
}

/**
 * Appends a row to its chain in the caller's transaction. The chain's advisory lock (held to commit)
 * serializes writers of one organization only; the row's time is taken under the lock, so within a
 * chain seq order and time order agree.
 */
export async function appendAuditRow(trx: Knex.Transaction, input: AuditRowInput): Promise<void> {
  await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('mybeacon:audit'), ?)`, [input.chain]);
  const head = await trx('audit_chain_heads').where({ chain: input.chain }).first<{ seq: number; hash: Buffer } | undefined>();
  const content: AuditContent = { ...input, seq: (head?.seq ?? 0) + 1, at: new Date() };
  const prevHash = head?.hash ?? GENESIS_HASH;
  const hash = auditRowHash(prevHash, content);
  await trx('audit_log').insert({
    ...content,
    before: json(content.before),
    after: json(content.after),
    details: json(content.details),
    prev_hash: prevHash,
    hash,
  });
  await trx('audit_chain_heads')
    .insert({ chain: input.chain, seq: content.seq, hash, at: content.at })
    .onConflict('chain')
    .merge(['seq', 'hash', 'at']);
}

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

export interface AuditFilter {
  /** Only this organization's rows; undefined = every organization and the platform (superadmin). */
  organizationId?: number;
  userId?: number;
  /** Part of the acting user's e-mail. */
  user?: string;
  kind?: string;
  objectType?: string;
  objectId?: string;
  from?: Date;
  to?: Date;
  /** Keyset cursor: rows strictly older than this (at, id). */
  before?: { at: Date; id: number };
}

function filtered(db: Db, f: AuditFilter): Knex.QueryBuilder {
  const q = db<AuditRow>('audit_log');
  if (f.organizationId !== undefined) q.where('organization_id', f.organizationId);
  if (f.userId !== undefined) q.where('user_id', f.userId);
  if (f.user) q.whereRaw(`user_email ILIKE ? ESCAPE '\\'`, [`%${f.user.replace(/[\\%_]/g, '\\$&')}%`]);
  if (f.kind) q.where('kind', f.kind);
  if (f.objectType) q.where('object_type', f.objectType);
  if (f.objectId) q.where('object_id', f.objectId);
  // The partition key in the WHERE clause lets PostgreSQL skip the months outside the period.
  if (f.from) q.where('at', '>=', f.from);
  if (f.to) q.where('at', '<', f.to);
  if (f.before) q.whereRaw('(at, id) < (?, ?)', [f.before.at, f.before.id]);
  return q;
}

/** Newest first, at most `limit` rows. */
export const listAuditRows = (db: Db, f: AuditFilter, limit: number): Promise<AuditRow[]> =>
  filtered(db, f).orderBy([{ column: 'at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(limit);

/** Every matching row, newest first, read in pages (keyset), so a CSV of any size streams in bounded memory. */
export async function* iterateAuditRows(db: Db, f: AuditFilter, pageSize = 1000): AsyncGenerator<AuditRow> {
  let before = f.before;
  for (;;) {
    const page = await listAuditRows(db, { ...f, before }, pageSize);
    yield* page;
    if (page.length < pageSize) return;
    const last = page.at(-1)!;
    before = { at: last.at, id: last.id };
  }
}

/** A chain's rows in seq order, from `afterSeq` on, `limit` at a time. */
export const chainRows = (db: Db, chain: number, afterSeq: number, limit: number): Promise<AuditRow[]> =>
  db<AuditRow>('audit_log').where({ chain }).andWhere('seq', '>', afterSeq).orderBy('seq').limit(limit);

export const chainHead = (db: Db, chain: number) =>
  db('audit_chain_heads').where({ chain }).first<{ seq: number; hash: Buffer; at: Date } | undefined>();

/** Every chain that has rows: 0 (the platform) and the organizations'. */
export const listChains = async (db: Db): Promise<number[]> =>
  (await db('audit_chain_heads').select('chain').orderBy('chain')).map((r: { chain: number }) => r.chain);

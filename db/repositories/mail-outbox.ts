import type { Db } from '../../core/postgres.ts';

export type MailStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'no_smtp';

export interface MailRow {
  id: number;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  kind: string;
  status: MailStatus;
  attempts: number;
  next_attempt_at: Date;
  locked_until: Date | null;
  last_error: string | null;
  message_id: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export type NewMailRow = Pick<MailRow, 'to_address' | 'subject' | 'text_body' | 'html_body' | 'kind'>;

export async function insertMail(db: Db, mail: NewMailRow): Promise<MailRow> {
  const [row] = await db<MailRow>('mail_outbox').insert(mail).returning('*');
  return row!;
}

/**
 * Takes up to `limit` due mails for this worker: queued ones whose time has come, and 'sending' ones
 * whose worker died (lock expired). SKIP LOCKED lets several API processes claim side by side
 * without ever taking the same mail.
 */
export async function claimDueMails(db: Db, limit: number, lockSeconds: number): Promise<MailRow[]> {
  const { rows } = await db.raw<{ rows: MailRow[] }>(
    `UPDATE mail_outbox SET status = 'sending', attempts = attempts + 1, locked_until = now() + make_interval(secs => ?)
      WHERE id IN (
        SELECT id FROM mail_outbox
         WHERE (status = 'queued' AND next_attempt_at <= now()) OR (status = 'sending' AND locked_until < now())
         ORDER BY next_attempt_at, id
         LIMIT ?
         FOR UPDATE SKIP LOCKED)
      RETURNING *`,
    [lockSeconds, limit],
  );
  return rows;
}

export async function markMailSent(db: Db, id: number, messageId: string | null): Promise<void> {
  await db('mail_outbox').where({ id }).update({ status: 'sent', sent_at: db.fn.now(), message_id: messageId, last_error: null, locked_until: null });
}

/** A failed attempt: back to the queue at `retryAt`, or given up on (`retryAt` null). */
export async function markMailFailed(db: Db, id: number, error: string, retryAt: Date | null): Promise<void> {
  await db('mail_outbox')
    .where({ id })
    .update(retryAt ? { status: 'queued', next_attempt_at: retryAt, last_error: error, locked_until: null } : { status: 'failed', last_error: error, locked_until: null });
}

/** Parks every queued mail as not sent because no SMTP server is configured; returns how many. */
export const holdQueuedMails = (db: Db, reason: string): Promise<number> =>
  db('mail_outbox').where({ status: 'queued' }).update({ status: 'no_smtp', last_error: reason });

/** Puts a mail back in the queue for an immediate attempt with a fresh attempt budget; false if it is being sent now. */
export async function requeueMail(db: Db, id: number): Promise<MailRow | undefined> {
  const [row] = await db<MailRow>('mail_outbox')
    .where({ id })
    .whereNot({ status: 'sending' })
    .update({ status: 'queued', attempts: 0, next_attempt_at: db.fn.now() as unknown as Date, last_error: null })
    .returning('*');
  return row;
}

export const findMail = (db: Db, id: number) => db<MailRow>('mail_outbox').where({ id }).first();

export interface MailListFilter {
  status?: MailStatus;
  q?: string;
  limit: number;
  offset: number;
}

export async function listMails(db: Db, f: MailListFilter): Promise<{ rows: MailRow[]; total: number }> {
  const base = db<MailRow>('mail_outbox').modify((q) => {
    if (f.status) q.where('status', f.status);
    if (f.q) q.where((w) => w.whereILike('to_address', `%${f.q}%`).orWhereILike('subject', `%${f.q}%`));
  });
  const [{ n }] = (await base.clone().count({ n: '*' })) as [{ n: number }];
  const rows = await base.clone().select('*').orderBy('id', 'desc').limit(f.limit).offset(f.offset);
  return { rows, total: Number(n) };
}

/** Mail counts by status, for the outbox page's summary. */
export async function countMailsByStatus(db: Db): Promise<Record<string, number>> {
  const rows = (await db('mail_outbox').select('status').count({ n: '*' }).groupBy('status')) as Array<{ status: string; n: number }>;
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Deletes finished mails (sent, failed, held) created before the cutoff; returns how many. */
export const deleteOldMails = (db: Db, before: Date): Promise<number> =>
  db('mail_outbox').whereIn('status', ['sent', 'failed', 'no_smtp']).where('created_at', '<', before).delete();

import type { Db } from '../../core/postgres.ts';

/** First instant (UTC) of the month `offset` months after the one `at` falls in. */
export function monthStart(at: Date, offset = 0): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1));
}

const partitionName = (month: Date) =>
  `audit_log_y${month.getUTCFullYear()}m${String(month.getUTCMonth() + 1).padStart(2, '0')}`;

/** DDL creating the partitions of the month of `at` and of the `ahead` months after it (idempotent). */
export function monthPartitionsDdl(at: Date, ahead: number): string[] {
  return Array.from({ length: ahead + 1 }, (_, i) => {
    const from = monthStart(at, i);
    const to = monthStart(at, i + 1);
    return `CREATE TABLE IF NOT EXISTS ${partitionName(from)} PARTITION OF audit_log FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`;
  });
}

/** Creates the partitions of this month and the next `ahead` months that do not exist yet. */
export async function createAuditPartitionsAhead(db: Db, now: Date, ahead: number): Promise<void> {
  for (const ddl of monthPartitionsDdl(now, ahead)) await db.raw(ddl);
}

/**
 * Drops the monthly partitions that end on or before `cutoff`: the only way audit rows are removed
 * (the append-only trigger refuses DELETE). Returns the dropped partitions' names.
 */
export async function dropAuditPartitionsBefore(db: Db, cutoff: Date): Promise<string[]> {
  const { rows } = await db.raw<{ rows: Array<{ name: string }> }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'audit_log'::regclass ORDER BY 1`,
  );
  const dropped: string[] = [];
  for (const { name } of rows) {
    // Monthly partitions only (never the DEFAULT one); the name says which month it holds.
    const month = name.match(/^audit_log_y(\d{4})m(\d{2})$/);
    if (!month) continue;
    const end = new Date(Date.UTC(Number(month[1]), Number(month[2]), 1));
    if (end > cutoff) continue;
    await db.raw(`DROP TABLE ${name}`);
    dropped.push(name);
  }
  return dropped;
}

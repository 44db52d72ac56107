import { auditRowHash, GENESIS_HASH } from '../../../core/audit-hash.ts';
import type { Db } from '../../../core/postgres.ts';
import { chainHead, chainRows, type AuditRow } from '../../../db/repositories/audit.ts';

export interface ChainBreak {
  id: number;
  seq: number;
  at: Date;
  /** hash: the row's content no longer matches its hash; link: it does not follow the previous row; gap: rows are missing; head: the newest rows are missing. */
  reason: 'hash' | 'link' | 'gap' | 'head';
}

export interface ChainReport {
  /** The organization's id; 0 is the platform's own log. */
  chain: number;
  rows_checked: number;
  ok: boolean;
  /** The first seq still stored: earlier months were dropped by retention, so the walk trusts its prev_hash. */
  first_seq: number | null;
  first_broken: ChainBreak | null;
}

const PAGE = 2000;

/**
 * Walks one chain in seq order recomputing every hash, and reports the first row where it breaks. The
 * oldest stored row anchors the walk (retention drops whole months, so it may not be seq 1); the
 * newest must be the chain's head unless its whole log is older than `expiredBefore` (retention).
 */
export async function verifyChain(db: Db, chain: number, expiredBefore: Date): Promise<ChainReport> {
  let previous: AuditRow | undefined;
  let checked = 0;
  let firstSeq: number | null = null;
  const report = (first_broken: ChainBreak | null): ChainReport => ({ chain, rows_checked: checked, ok: !first_broken, first_seq: firstSeq, first_broken });
  const broken = (row: AuditRow, reason: ChainBreak['reason']) => report({ id: row.id, seq: row.seq, at: row.at, reason });

  for (let afterSeq = 0; ; ) {
    const rows = await chainRows(db, chain, afterSeq, PAGE);
    for (const row of rows) {
      checked++;
      firstSeq ??= row.seq;
      if (previous && row.seq !== previous.seq + 1) return broken(row, 'gap');
      if (previous ? !row.prev_hash.equals(previous.hash) : row.seq === 1 && !row.prev_hash.equals(GENESIS_HASH)) return broken(row, 'link');
      if (!auditRowHash(row.prev_hash, row).equals(row.hash)) return broken(row, 'hash');
      previous = row;
    }
    if (rows.length < PAGE) break;
    afterSeq = rows.at(-1)!.seq;
  }
  const head = await chainHead(db, chain);
  // Every row of a chain idle for longer than the retention is gone with its months: nothing to check.
  const expired = !previous && head !== undefined && head.at < expiredBefore;
  if (head && !expired && (!previous || head.seq !== previous.seq || !head.hash.equals(previous.hash))) {
    const last = previous ?? ({ id: 0, seq: head.seq, at: new Date(0) } as AuditRow);
    return report({ id: last.id, seq: last.seq, at: last.at, reason: 'head' });
  }
  return report(null);
}

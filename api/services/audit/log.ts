import { Readable } from 'node:stream';
import { csvRecord } from '../../../core/csv.ts';
import { forbidden } from '../../../core/errors.ts';
import type { Db } from '../../../core/postgres.ts';
import { monthStart } from '../../../db/repositories/audit-partitions.ts';
import { iterateAuditRows, listAuditRows, listChains, type AuditFilter } from '../../../db/repositories/audit.ts';
import { Streamed } from '../../http/streamed.ts';
import type { Principal } from '../auth.ts';
import { presentAuditRow, type AuditEntryView } from './present.ts';
import { recordExport, recordView } from './record.ts';
import { verifyChain, type ChainReport } from './verify.ts';
import { CSV_COLUMNS, type AuditLocale } from './wording.ts';

/** Filters a reader may set; the organization only the superadmin may choose. */
export type AuditQuery = Omit<AuditFilter, 'before' | 'organizationId'> & { organizationId?: number; cursor?: string };

// brief: "Владелец и Админ видят все логи своей организации"; the superadmin sees every organization's.
function scope(principal: Principal, query: AuditQuery): AuditFilter {
  const { cursor, ...filter } = query;
  const before = decodeCursor(cursor);
  if (principal.role === 'superadmin') return { ...filter, before };
  // The route's guard (view_audit) admitted the caller; a member reads their own organization's log only.
  if (principal.organizationId === null) throw forbidden('Only the owner and administrators see the audit log', 'audit_not_allowed');
  return { ...filter, before, organizationId: principal.organizationId };
}

/** A page of the log, newest first, with the cursor of the next (older) page. Opening the log (a first page) is itself recorded. */
export async function listAudit(
  db: Db,
  principal: Principal,
  query: AuditQuery,
  limit: number,
  locale: AuditLocale,
): Promise<{ entries: AuditEntryView[]; next_cursor: string | null }> {
  const filter = scope(principal, query);
  if (!query.cursor) await recordView(db, 'audit.view', { type: 'audit_log' }, describe(query));
  const rows = await listAuditRows(db, filter, limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    entries: page.map((r) => presentAuditRow(r, locale)),
    next_cursor: rows.length > limit && last ? `${last.at.toISOString()}_${last.id}` : null,
  };
}

/**
 * The filtered log as CSV, streamed page by page; the download is itself an audit event, written
 * before the first byte so a failed stream still shows who asked.
 */
export async function exportAuditCsv(db: Db, principal: Principal, query: AuditQuery, locale: AuditLocale): Promise<Streamed> {
  const filter = scope(principal, query);
  await recordExport(db, 'audit.export', { type: 'audit_log', label: null }, { ...describe(filter), format: 'csv' });
  async function* lines() {
    yield csvRecord(CSV_COLUMNS[locale]);
    for await (const row of iterateAuditRows(db, filter)) {
      const v = presentAuditRow(row, locale);
      const json = (x: unknown) => (x === null || x === undefined ? '' : JSON.stringify(x));
      yield csvRecord([v.line.slice(0, 19), v.user_email ?? '', v.kind_label, v.object_text, v.ip ?? '', v.action, json(v.before), json(v.after), json(v.details), v.user_agent ?? '']);
    }
  }
  const day = new Date().toISOString().slice(0, 10);
  return new Streamed('text/csv; charset=utf-8', () => Readable.from(lines()), { filename: `audit-${day}.csv` });
}

/** The hash chains a reader may check: their organization's, or (superadmin) every chain or one. */
export async function verifyAudit(db: Db, retentionMonths: number, principal: Principal, organizationId?: number): Promise<ChainReport[]> {
  const expiredBefore = monthStart(new Date(), -retentionMonths);
  if (principal.role !== 'superadmin') return [await verifyChain(db, scope(principal, {}).organizationId!, expiredBefore)];
  const chains = organizationId !== undefined ? [organizationId] : await listChains(db);
  const reports: ChainReport[] = [];
  for (const chain of chains) reports.push(await verifyChain(db, chain, expiredBefore));
  return reports;
}

function describe(f: AuditFilter | AuditQuery): Record<string, unknown> {
  return {
    from: f.from?.toISOString(),
    to: f.to?.toISOString(),
    user: f.user,
    user_id: f.userId,
    kind: f.kind,
    object_type: f.objectType,
    object_id: f.objectId,
    organization_id: f.organizationId,
  };
}

function decodeCursor(cursor: string | undefined): AuditFilter['before'] {
  const m = cursor?.match(/^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)_(\d+)$/);
  return m ? { at: new Date(m[1]!), id: Number(m[2]) } : undefined;
}

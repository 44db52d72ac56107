import { download, request, type Query } from './http.ts';
import type { AuditPage } from './types.ts';

/** The audit log: the organization's (owner, admin) or every organization's (superadmin). */

export type AuditScope = 'client' | 'superadmin';

export interface AuditFilter {
  user?: string;
  kind?: string;
  object_type?: string;
  object_id?: string;
  /** ISO instants. */
  from?: string;
  to?: string;
  organization_id?: number;
  lang: 'en' | 'ru';
}

const base = (scope: AuditScope) => (scope === 'client' ? '/client/audit' : '/superadmin/audit');

/** GET /client/audit, /superadmin/audit: newest first, `cursor` for the next (older) page. */
export const listAudit = (scope: AuditScope, filter: AuditFilter, cursor?: string) =>
  request<AuditPage>('GET', base(scope), { query: { ...filter, cursor, limit: 50 } as Query });

/** GET …/audit/export: the filtered log as CSV (the download is itself recorded). */
export function downloadAuditCsv(scope: AuditScope, filter: AuditFilter) {
  const query = new URLSearchParams(Object.entries(filter).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])));
  return download(`${base(scope)}/export?${query}`, 'audit.csv');
}

/** POST /audit/page-views: the app reports each page the user opens (brief: "кто куда ходил"). */
export const reportPageView = (path: string, label?: string) => request<void>('POST', '/audit/page-views', { body: { path, label } });

import type { ApiContext } from '../context.ts';
import { perIpRateLimit } from '../http/rate-limit.ts';
import { z } from '../http/openapi.ts';
import type { ApiRouter } from '../http/router.ts';
import { QueryId, QueryInstant, SingleLine } from '../http/schemas.ts';
import type { Principal } from '../services/auth.ts';
import { exportAuditCsv, listAudit, verifyAudit, type AuditQuery } from '../services/audit/log.ts';
import { AUDIT_KINDS, recordAudit } from '../services/audit/record.ts';

const Filters = {
  user: z.string().trim().max(200).optional().describe('part of the acting user\'s e-mail'),
  user_id: QueryId.optional(),
  kind: z.enum(AUDIT_KINDS).optional().describe('the action category (login, data_view, update…)'),
  object_type: z.string().trim().max(50).optional().describe('location, tag, device, user…'),
  object_id: z.string().trim().max(100).optional(),
  from: QueryInstant.optional(),
  to: QueryInstant.optional(),
  lang: z.enum(['en', 'ru']).default('en').describe('language of kind_label, object_text and line'),
};
const ListQuery = z.object({
  ...Filters,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z_\d+$/, 'must be a next_cursor from a previous page').optional(),
});
const SuperadminListQuery = ListQuery.extend({ organization_id: QueryId.optional().describe('one organization\'s log') });
const ExportQuery = z.object(Filters);
const SuperadminExportQuery = ExportQuery.extend({ organization_id: QueryId.optional() });

const AuditEntry = z
  .object({
    id: z.number().int(),
    at: z.string(),
    organization_id: z.number().int().nullable(),
    user_id: z.number().int().nullable(),
    user_email: z.string().nullable(),
    kind: z.string(),
    kind_label: z.string(),
    action: z.string(),
    object_type: z.string().nullable(),
    object_id: z.string().nullable(),
    object_label: z.string().nullable(),
    object_text: z.string().describe('Метка #42: "Велосипед №5" → "Велосипед №6"'),
    before: z.unknown(),
    after: z.unknown(),
    details: z.unknown(),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    line: z.string().describe('the brief\'s log line: time | user | action | object | IP'),
  })
  .openapi('AuditEntry');
const AuditPage = z.object({ entries: z.array(AuditEntry), next_cursor: z.string().nullable() }).openapi('AuditPage');
const ChainReport = z
  .object({
    chain: z.number().int().describe('organization id; 0 is the platform\'s own log'),
    rows_checked: z.number().int(),
    ok: z.boolean(),
    first_seq: z.number().int().nullable(),
    first_broken: z
      .object({ id: z.number().int(), seq: z.number().int(), at: z.string(), reason: z.enum(['hash', 'link', 'gap', 'head']) })
      .nullable(),
  })
  .openapi('AuditChainReport');

type Filters = z.output<typeof SuperadminExportQuery> & { cursor?: string };
const toQuery = (q: Filters): AuditQuery => ({
  user: q.user || undefined,
  userId: q.user_id,
  kind: q.kind,
  objectType: q.object_type || undefined,
  objectId: q.object_id || undefined,
  from: q.from,
  to: q.to,
  organizationId: q.organization_id,
  cursor: q.cursor,
});

/** The audit log: the SPA's page-view reports, and reading, exporting and verifying the log. */
export function auditRoutes(router: ApiRouter, ctx: ApiContext): void {
  const tags = ['audit'];

  router.route({
    method: 'post',
    path: '/audit/page-views',
    summary: 'Report a page the user opened (the web app calls this on navigation)',
    tags,
    guard: 'user',
    allowDuringPasswordChange: true,
    // A page view is cheap but anyone signed in can send them: bounded per address.
    before: [perIpRateLimit(ctx.config.audit.pageViewsPerMinute, 60)],
    body: z.object({ path: SingleLine(300), label: SingleLine(200).optional().describe('what the page shows, e.g. the location\'s name') }),
    status: 204,
    handler: async ({ body }) => {
      await recordAudit(ctx.db, { kind: 'page_view', action: 'page.open', object: { type: 'page', id: body.path, label: body.label ?? null } });
    },
  });

  const list = (principal: Principal, q: Filters & { limit: number; lang: 'en' | 'ru' }) => listAudit(ctx.db, principal, toQuery(q), q.limit, q.lang);

  router.route({
    method: 'get',
    path: '/client/audit',
    summary: 'Your organization\'s audit log, newest first (owner and admin)',
    tags,
    guard: { client: 'view_audit' },
    query: ListQuery,
    response: AuditPage,
    handler: ({ principal, query }) => list(principal, query),
  });

  router.route({
    method: 'get',
    path: '/superadmin/audit',
    summary: 'The audit log of every organization and of the platform, newest first',
    tags,
    guard: 'superadmin',
    query: SuperadminListQuery,
    response: AuditPage,
    handler: ({ principal, query }) => list(principal, query),
  });

  router.route({
    method: 'get',
    path: '/client/audit/export',
    summary: 'Your organization\'s audit log as CSV (the download is itself recorded)',
    tags,
    guard: { client: 'view_audit' },
    query: ExportQuery,
    streams: ['text/csv'],
    handler: ({ principal, query }) => exportAuditCsv(ctx.db, principal, toQuery(query), query.lang),
  });

  router.route({
    method: 'get',
    path: '/superadmin/audit/export',
    summary: 'The audit log as CSV (the download is itself recorded)',
    tags,
    guard: 'superadmin',
    query: SuperadminExportQuery,
    streams: ['text/csv'],
    handler: ({ principal, query }) => exportAuditCsv(ctx.db, principal, toQuery(query), query.lang),
  });

  const present = (reports: Awaited<ReturnType<typeof verifyAudit>>) =>
    reports.map((r) => ({ ...r, first_broken: r.first_broken && { ...r.first_broken, at: r.first_broken.at.toISOString() } }));

  router.route({
    method: 'get',
    path: '/client/audit/verify',
    summary: 'Check your organization\'s hash chain; reports the first row that was altered or removed',
    tags,
    guard: { client: 'view_audit' },
    response: z.array(ChainReport),
    handler: async ({ principal }) => present(await verifyAudit(ctx.db, ctx.config.audit.retentionMonths, principal)),
  });

  router.route({
    method: 'get',
    path: '/superadmin/audit/verify',
    summary: 'Check every organization\'s hash chain (or one); reports each chain\'s first broken row',
    tags,
    guard: 'superadmin',
    query: z.object({ organization_id: z.coerce.number().int().min(0).max(2147483647).optional().describe('0 = the platform\'s own chain') }),
    response: z.array(ChainReport),
    handler: async ({ principal, query }) => present(await verifyAudit(ctx.db, ctx.config.audit.retentionMonths, principal, query.organization_id)),
  });
}

import type { ZodType } from 'zod';
import type { ExportRow } from '../../db/repositories/exports.ts';
import type { ApiContext } from '../context.ts';
import { z } from '../http/openapi.ts';
import type { ApiRouter } from '../http/router.ts';
import { Timestamp } from '../http/schemas.ts';
import type { LocationScope } from '../../core/policy.ts';
import type { Principal } from '../services/auth.ts';
import { productExport, productExportFile, productExportHistory } from '../services/product-exports.ts';
import type { ProductName } from '../../core/products.ts';

const ExportView = z
  .object({
    id: z.string(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    progress: z.number().describe('0..1'),
    format: z.string(),
    parameters: z
      .object({
        period: z.string(),
        first_day: z.string(),
        last_day: z.string(),
        time_zone: z.string(),
        fields: z.array(z.string()),
        exclude_randomized: z.boolean(),
        kind: z.string(),
        plan_id: z.number().int(),
        from: z.string(),
        to: z.string(),
      })
      .partial()
      .describe('what was asked for (each product sets its own)'),
    rows: z.number().int(),
    bytes: z.number().int(),
    error: z.string().nullable(),
    requested_by: z.string(),
    created_at: Timestamp,
    finished_at: Timestamp,
  })
  .openapi('Export');

const presentExport = (e: ExportRow): z.infer<typeof ExportView> => ({
  id: e.id,
  status: e.status,
  progress: e.progress,
  format: e.format,
  parameters: e.parameters as z.infer<typeof ExportView>['parameters'],
  rows: Number(e.rows),
  bytes: Number(e.bytes),
  error: e.error,
  requested_by: e.user_email,
  created_at: e.created_at.toISOString(),
  finished_at: e.finished_at?.toISOString() ?? null,
});

const ExportParams = z.object({ id: z.uuid() });

export interface ProductExportSpec<B extends ZodType> {
  product: ProductName;
  tags: string[];
  /** What the start request takes. */
  request: B;
  /** What is exported, for the summaries ("raw WiFi events"). */
  what: string;
  start(principal: Principal, scope: LocationScope, body: z.output<B>): Promise<ExportRow>;
  /** The download's file name without extension. */
  fileName(job: ExportRow): string;
}

/**
 * /client/<product>/exports: start (202, then poll), history, one job with its progress, download. The
 * same four routes for every product's exports, on the shared job runner.
 */
export function productExportRoutes<B extends ZodType>(router: ApiRouter, ctx: ApiContext, spec: ProductExportSpec<B>): void {
  const { product, tags } = spec;
  const base = `/client/${product}/exports`;
  // brief: Owner, Admin and Manager may export data; Operator and Viewer may not.
  // Starting an export changes nothing of the organization: a read-only user may export what they may see.
  const guard = { client: 'export_data', product, access: 'read' } as const;

  router.route({
    method: 'post',
    path: base,
    summary: `Start an export of ${spec.what}; poll it for progress, then download`,
    tags,
    guard,
    body: spec.request,
    status: 202,
    response: ExportView,
    handler: async ({ principal, scope, body }) => presentExport(await spec.start(principal, scope, body as z.output<B>)),
  });
  router.route({
    method: 'get',
    path: base,
    summary: 'Export history: who exported what, when, and how big',
    tags,
    guard,
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
    response: z.array(ExportView),
    handler: async ({ principal, scope, query }) => (await productExportHistory(ctx, scope, principal.userId, product, query.limit)).map(presentExport),
  });
  router.route({
    method: 'get',
    path: `${base}/:id`,
    summary: 'One export, with its progress',
    tags,
    guard,
    params: ExportParams,
    response: ExportView,
    handler: async ({ principal, scope, params }) => presentExport(await productExport(ctx, scope, principal.userId, product, params.id)),
  });
  router.route({
    method: 'get',
    path: `${base}/:id/download`,
    summary: 'Download a finished export (CSV, or a JSON array)',
    tags,
    guard,
    params: ExportParams,
    streams: ['text/csv', 'application/json'],
    handler: ({ principal, scope, params }) => productExportFile(ctx, scope, principal.userId, product, params.id, spec.fileName),
  });
}

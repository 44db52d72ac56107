import type { ApiContext } from '../../context.ts';
import { z } from '../../http/openapi.ts';
import type { ApiRouter } from '../../http/router.ts';
import { Timestamp } from '../../http/schemas.ts';
import type { ExportRow } from '../../../db/repositories/exports.ts';
import { WIFI_EXPORT_FIELD_NAMES } from './export-source.ts';
import { startWifiExport, wifiExport, wifiExportFile, wifiExportHistory } from './exports.ts';
import { PeriodQuery } from '../../services/period.ts';

const ExportRequest = z
  .object({
    ...PeriodQuery,
    format: z.enum(['csv', 'json']).default('csv'),
    fields: z.array(z.enum(WIFI_EXPORT_FIELD_NAMES)).min(1).default([...WIFI_EXPORT_FIELD_NAMES]),
    exclude_randomized: z.boolean().default(false),
  })
  .openapi('WifiExportRequest');

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
      })
      .partial()
      .describe('what was asked for'),
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

/** /client/wifi/exports: raw events as CSV or JSON, built in the background, with a history of who exported what. */
export function wifiExportRoutes(router: ApiRouter, ctx: ApiContext): void {
  const tags = ['client: wifi analytics'];
  // brief: Owner, Admin and Manager may export data; Operator and Viewer may not.
  // Starting an export changes nothing of the organization: a read-only user may export what they may see.
  const guard = { client: 'export_data', product: 'wifi', access: 'read' } as const;

  router.route({
    method: 'post',
    path: '/client/wifi/exports',
    summary: 'Start an export of raw WiFi events; poll it for progress, then download',
    tags,
    guard,
    body: ExportRequest,
    status: 202,
    response: ExportView,
    handler: async ({ principal, scope, body }) => presentExport(await startWifiExport(ctx, principal, scope, body)),
  });

  router.route({
    method: 'get',
    path: '/client/wifi/exports',
    summary: 'Export history: who exported what, when, and how big',
    tags,
    guard,
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
    response: z.array(ExportView),
    handler: async ({ principal, scope, query }) => (await wifiExportHistory(ctx, scope, principal.userId, query.limit)).map(presentExport),
  });

  router.route({
    method: 'get',
    path: '/client/wifi/exports/:id',
    summary: 'One export, with its progress',
    tags,
    guard,
    params: ExportParams,
    response: ExportView,
    handler: async ({ principal, scope, params }) => presentExport(await wifiExport(ctx, scope, principal.userId, params.id)),
  });

  router.route({
    method: 'get',
    path: '/client/wifi/exports/:id/download',
    summary: 'Download a finished export (CSV, or a JSON array)',
    tags,
    guard,
    params: ExportParams,
    streams: ['text/csv', 'application/json'],
    handler: ({ principal, scope, params }) => wifiExportFile(ctx, scope, principal.userId, params.id),
  });
}

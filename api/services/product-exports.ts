import { randomUUID } from 'node:crypto';
import { access } from 'node:fs/promises';
import { AppError, notFound } from '../../core/errors.ts';
import type { LocationScope } from '../../core/policy.ts';
import { PRODUCTS, type ProductName } from '../../core/products.ts';
import { findOrganizationExport, insertExport, listOrganizationExports, type ExportRow } from '../../db/repositories/exports.ts';
import type { ApiContext } from '../context.ts';
import { Streamed } from '../http/streamed.ts';
import { recordExport } from './audit/record.ts';
import type { Principal } from './auth.ts';
import type { ExportFormat, ExportSource } from './export-jobs.ts';

/**
 * A product's exports on the shared job runner (export-jobs.ts): the job row names the product, so
 * each product sees only its own exports, and another organization's export answers like a missing one.
 * brief: "скачал CSV с данными за месяц" — the request and each download are recorded in the audit log.
 */
export function queueProductExport(
  ctx: ApiContext,
  principal: Principal,
  scope: LocationScope,
  job: { product: ProductName; format: ExportFormat; parameters: Record<string, unknown> },
  source: () => Promise<ExportSource>,
): Promise<ExportRow> {
  const create = () =>
    ctx.db.transaction(async (trx) => {
      const row = await insertExport(trx, {
        id: randomUUID(),
        organization_id: scope.organizationId,
        user_id: principal.userId,
        user_email: principal.email,
        product: job.product,
        format: job.format,
        parameters: job.parameters,
      });
      await recordExport(trx, `${job.product}.export.start`, exportObject(row), exportDetails(row));
      return row;
    });
  return ctx.exports.submit(scope.organizationId, create, source);
}

/**
 * Whose exports a caller sees: everyone's when they see every location, else only their own (a
 * colleague's file may hold data of locations they are not granted).
 */
const exportAuthor = (scope: LocationScope, userId: number) => (scope.grants === 'all' ? undefined : userId);

export const productExportHistory = (ctx: ApiContext, scope: LocationScope, userId: number, product: ProductName, limit: number) =>
  listOrganizationExports(ctx.db, scope.organizationId, product, limit, exportAuthor(scope, userId));

export async function productExport(ctx: ApiContext, scope: LocationScope, userId: number, product: ProductName, id: string): Promise<ExportRow> {
  const job = await findOrganizationExport(ctx.db, scope.organizationId, id, exportAuthor(scope, userId));
  if (!job || job.product !== product) throw notFound('export');
  return job;
}

/** A finished export's file, streamed as an attachment named by `fileName` (the platform's own words, never user text). */
export async function productExportFile(
  ctx: ApiContext,
  scope: LocationScope,
  userId: number,
  product: ProductName,
  id: string,
  fileName: (job: ExportRow) => string,
): Promise<Streamed> {
  const job = await productExport(ctx, scope, userId, product, id);
  if (job.status !== 'done') throw new AppError(409, 'export_not_ready', `The export is ${job.status}`, { status: job.status });
  const file = ctx.exports.filePath(job);
  await access(file).catch(() => {
    throw new AppError(410, 'export_expired', 'The export file is no longer available; start a new export');
  });
  await recordExport(ctx.db, `${product}.export.download`, exportObject(job), exportDetails(job));
  return Streamed.file(file, ctx.exports.mimeType(job.format), `${fileName(job)}.${job.format}`, Number(job.bytes));
}

const exportObject = (job: ExportRow) => ({ type: 'export', id: job.id, label: PRODUCTS.find((p) => p.name === job.product)?.title ?? job.product });

/** The period the export covers, whichever way the product names it (WiFi: local days; BLE: instants). */
function exportDetails(job: ExportRow) {
  const p = job.parameters as { first_day?: string; last_day?: string; from?: string; to?: string };
  return { from: p.first_day ?? p.from, to: p.last_day ?? p.to, format: job.format };
}

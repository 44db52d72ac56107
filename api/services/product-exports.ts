import { randomUUID } from 'node:crypto';
import { access } from 'node:fs/promises';
import { AppError, notFound } from '../../core/errors.ts';
import { findOrganizationExport, insertExport, listOrganizationExports, type ExportRow } from '../../db/repositories/exports.ts';
import type { ApiContext } from '../context.ts';
import { Streamed } from '../http/streamed.ts';
import type { Principal } from './auth.ts';
import type { ExportFormat, ExportSource } from './export-jobs.ts';

/**
 * A product's exports on the shared job runner (export-jobs.ts): the job row names the product, so
 * each product sees only its own exports, and another organization's export answers like a missing one.
 */
export function queueProductExport(
  ctx: ApiContext,
  principal: Principal & { organizationId: number },
  job: { product: string; format: ExportFormat; parameters: Record<string, unknown> },
  source: () => Promise<ExportSource>,
): Promise<ExportRow> {
  const create = () =>
    insertExport(ctx.db, {
      id: randomUUID(),
      organization_id: principal.organizationId,
      user_id: principal.userId,
      user_email: principal.email,
      product: job.product,
      format: job.format,
      parameters: job.parameters,
    });
  return ctx.exports.submit(principal.organizationId, create, source);
}

export const productExportHistory = (ctx: ApiContext, organizationId: number, product: string, limit: number) =>
  listOrganizationExports(ctx.db, organizationId, product, limit);

export async function productExport(ctx: ApiContext, organizationId: number, product: string, id: string): Promise<ExportRow> {
  const job = await findOrganizationExport(ctx.db, organizationId, id);
  if (!job || job.product !== product) throw notFound('export');
  return job;
}

/** A finished export's file, streamed as an attachment named by `fileName` (the platform's own words, never user text). */
export async function productExportFile(ctx: ApiContext, organizationId: number, product: string, id: string, fileName: (job: ExportRow) => string): Promise<Streamed> {
  const job = await productExport(ctx, organizationId, product, id);
  if (job.status !== 'done') throw new AppError(409, 'export_not_ready', `The export is ${job.status}`, { status: job.status });
  const file = ctx.exports.filePath(job);
  await access(file).catch(() => {
    throw new AppError(410, 'export_expired', 'The export file is no longer available; start a new export');
  });
  return Streamed.file(file, ctx.exports.mimeType(job.format), `${fileName(job)}.${job.format}`, Number(job.bytes));
}

import { recordExport } from '../../services/audit/record.ts';
import { randomUUID } from 'node:crypto';
import { access } from 'node:fs/promises';
import { AppError, notFound } from '../../../core/errors.ts';
import { listDevices } from '../../../db/repositories/devices.ts';
import { findOrganizationExport, insertExport, listOrganizationExports, type ExportRow } from '../../../db/repositories/exports.ts';
import type { ApiContext } from '../../context.ts';
import { Streamed } from '../../http/streamed.ts';
import { deviceLabel } from '../../presenters/device.ts';
import type { LocationScope } from '../../../core/policy.ts';
import type { Principal } from '../../services/auth.ts';
import { hiddenDevices } from '../../services/location-scope.ts';
import type { ExportFormat } from '../../services/export-jobs.ts';
import { resolvePeriod } from '../../services/period.ts';
import { wifiExportSource, type WifiExportField } from './export-source.ts';
import { wifiTenant, type PeriodChoice } from './service.ts';

export interface WifiExportInput extends PeriodChoice {
  format: ExportFormat;
  fields: WifiExportField[];
  exclude_randomized: boolean;
}

const PRODUCT = 'wifi';

/** Queues an export of raw WiFi events; the caller polls the job for progress, then downloads the file. */
export async function startWifiExport(ctx: ApiContext, principal: Principal, scope: LocationScope, input: WifiExportInput): Promise<ExportRow> {
  const tenant = await wifiTenant(ctx.db, scope.organizationId);
  // Taken now, not when the job runs: the export covers what its author may see when asking for it.
  const hidden = await hiddenDevices(ctx.db, scope);
  const period = resolvePeriod(input, tenant.org.timezone);
  const fields = [...new Set(input.fields)];
  const parameters = {
    period: input.period,
    first_day: period.firstDay,
    last_day: period.lastDay,
    time_zone: tenant.org.timezone,
    fields,
    exclude_randomized: input.exclude_randomized,
  };
  const create = () =>
    ctx.db.transaction(async (trx) => {
      const job = await insertExport(trx, {
        id: randomUUID(),
        organization_id: tenant.org.id,
        user_id: principal.userId,
        user_email: principal.email,
        product: PRODUCT,
        format: input.format,
        parameters,
      });
      // brief: "скачал CSV с данными за месяц" — the request, and each download below.
      await recordExport(trx, 'wifi.export.start', { type: 'export', id: job.id, label: 'WiFi Analytics' }, exportDetails(parameters, input.format));
      return job;
    });
  return ctx.exports.submit(tenant.org.id, create, async () => {
    const { rows } = await listDevices(ctx.db, { organizationId: tenant.org.id, excludeIds: hidden, limit: 100_000, offset: 0 });
    return wifiExportSource(ctx.ch, {
      organizationId: tenant.org.id,
      from: period.from,
      to: period.to,
      format: input.format,
      fields,
      excludeRandomized: input.exclude_randomized,
      hiddenDevices: hidden,
      receivers: new Map(rows.map((d) => [d.id, deviceLabel(d.simple_id)])),
    });
  });
}

/**
 * Whose exports a caller sees: everyone's when they see every location, else only their own (a
 * colleague's file may hold receivers at locations they are not granted).
 */
const exportAuthor = (scope: LocationScope, userId: number) => (scope.grants === 'all' ? undefined : userId);

export const wifiExportHistory = (ctx: ApiContext, scope: LocationScope, userId: number, limit: number) =>
  listOrganizationExports(ctx.db, scope.organizationId, PRODUCT, limit, exportAuthor(scope, userId));

export async function wifiExport(ctx: ApiContext, scope: LocationScope, userId: number, id: string): Promise<ExportRow> {
  const job = await findOrganizationExport(ctx.db, scope.organizationId, id, exportAuthor(scope, userId));
  if (!job || job.product !== PRODUCT) throw notFound('export');
  return job;
}

/** A finished export's file, to be streamed to the client as an attachment. */
export async function wifiExportFile(ctx: ApiContext, scope: LocationScope, userId: number, id: string): Promise<Streamed> {
  const job = await wifiExport(ctx, scope, userId, id);
  if (job.status !== 'done') throw new AppError(409, 'export_not_ready', `The export is ${job.status}`, { status: job.status });
  const file = ctx.exports.filePath(job);
  await access(file).catch(() => {
    throw new AppError(410, 'export_expired', 'The export file is no longer available; start a new export');
  });
  const p = job.parameters as { first_day?: string; last_day?: string };
  await recordExport(ctx.db, 'wifi.export.download', { type: 'export', id: job.id, label: 'WiFi Analytics' }, exportDetails(p, job.format));
  return Streamed.file(file, ctx.exports.mimeType(job.format), `wifi-events-${p.first_day}-${p.last_day}.${job.format}`, Number(job.bytes));
}

const exportDetails = (p: { first_day?: string; last_day?: string }, format: string) => ({ from: p.first_day, to: p.last_day, format });

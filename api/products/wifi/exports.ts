import type { ExportRow } from '../../../db/repositories/exports.ts';
import { listDevices } from '../../../db/repositories/devices.ts';
import type { LocationScope } from '../../../core/policy.ts';
import type { ApiContext } from '../../context.ts';
import { deviceLabel } from '../../presenters/device.ts';
import type { Principal } from '../../services/auth.ts';
import type { ExportFormat } from '../../services/export-jobs.ts';
import { hiddenDevices } from '../../services/location-scope.ts';
import { resolvePeriod } from '../../services/period.ts';
import { queueProductExport } from '../../services/product-exports.ts';
import { wifiExportSource, type WifiExportField } from './export-source.ts';
import { wifiTenant, type PeriodChoice } from './service.ts';

export interface WifiExportInput extends PeriodChoice {
  format: ExportFormat;
  fields: WifiExportField[];
  exclude_randomized: boolean;
}

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
  return queueProductExport(ctx, principal, scope, { product: 'wifi', format: input.format, parameters }, async () => {
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

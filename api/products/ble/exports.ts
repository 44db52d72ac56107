import type { ExportRow } from '../../../db/repositories/exports.ts';
import { listDevices } from '../../../db/repositories/devices.ts';
import type { ApiContext } from '../../context.ts';
import { deviceLabel } from '../../presenters/device.ts';
import type { LocationScope } from '../../../core/policy.ts';
import type { Principal } from '../../services/auth.ts';
import type { ExportFormat } from '../../services/export-jobs.ts';
import { queueProductExport } from '../../services/product-exports.ts';
import { bleExportSource, type BleExportKind } from './export-source.ts';
import * as repo from './repository.ts';
import { requirePlan } from './service.ts';
import { checkPeriod } from './views-service.ts';

export interface BleExportInput {
  kind: BleExportKind;
  plan_id: number;
  from: Date;
  to: Date;
  format: ExportFormat;
}

/** Queues an export of a plan's positions or zone visits in a period; the caller polls it, then downloads. */
export async function startBleExport(ctx: ApiContext, principal: Principal, s: LocationScope, input: BleExportInput): Promise<ExportRow> {
  const plan = await requirePlan(ctx.db, s, input.plan_id);
  const period = checkPeriod({ from: input.from, to: input.to });
  const parameters = { kind: input.kind, plan_id: plan.id, from: period.from.toISOString(), to: period.to.toISOString() };
  return queueProductExport(ctx, principal, s, { product: 'ble', format: input.format, parameters }, async () => {
    // Names as they are when the export runs (a renamed tag exports under its new name).
    const [tags, zones, { rows: devices }] = await Promise.all([repo.listTags(ctx.db, s), repo.listZones(ctx.db, s, plan.id), listDevices(ctx.db, { ...s, limit: 100_000, offset: 0 })]);
    return bleExportSource(ctx.ch, {
      scope: { organizationId: s.organizationId, locationId: plan.location_id, planId: plan.id },
      period,
      kind: input.kind,
      format: input.format,
      tags: new Map(tags.map((t) => [t.id, t.name])),
      zones: new Map(zones.map((z) => [z.id, { number: z.number, name: z.name }])),
      receivers: new Map(devices.map((d) => [d.id, deviceLabel(d.simple_id)])),
    });
  });
}

/** "ble-positions-plan-3-2026-12-01" (UTC date of the period's start). */
export function bleExportFileName(job: ExportRow): string {
  const p = job.parameters as { kind?: string; plan_id?: number; from?: string };
  return `ble-${(p.kind ?? 'export').replace('_', '-')}-plan-${p.plan_id}-${(p.from ?? '').slice(0, 10)}`;
}

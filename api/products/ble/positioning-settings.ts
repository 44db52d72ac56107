import type { Knex } from 'knex';
import { z } from 'zod';
import { forbidden } from '../../../core/errors.ts';
import type { LocationScope } from '../../../core/policy.ts';
import type { Db } from '../../../core/postgres.ts';
import { PositioningParams, positioningParams } from '../../../core/products/ble.ts';
import type { ApiContext } from '../../context.ts';
import { recordChange } from '../../services/audit/record.ts';

/**
 * An organization's positioning parameters (issue 10: "all parameters per organization, with documented
 * defaults"): the keys it overrides over the installation's BLE_* defaults. The engine re-reads them on
 * `product.settings_changed` (ingest/products/ble/site-model.ts); docs/ble-positioning.md explains each.
 */
export const PositioningOverrides = z
  .object(Object.fromEntries(Object.entries(PositioningParams.shape).map(([key, field]) => [key, field.unwrap().optional()])) as {
    [K in keyof typeof PositioningParams.shape]: z.ZodOptional<ReturnType<(typeof PositioningParams.shape)[K]['unwrap']>>;
  })
  .strict();
export type PositioningOverrides = z.output<typeof PositioningOverrides>;

const readOverrides = async (db: Db | Knex.Transaction, organizationId: number): Promise<Record<string, unknown>> =>
  ((await db('ble_positioning_settings').where({ organization_id: organizationId }).first('params'))?.params as Record<string, unknown> | undefined) ?? {};

/** Stores an organization's overrides, replacing what it had (an empty object returns it to the defaults). */
export async function saveOverrides(db: Db | Knex.Transaction, organizationId: number, params: Record<string, unknown>): Promise<void> {
  await db('ble_positioning_settings')
    .insert({ organization_id: organizationId, params: JSON.stringify(params) })
    .onConflict('organization_id')
    .merge({ params: JSON.stringify(params), updated_at: db.fn.now() });
}

/** What applies to an organization with these overrides, and the installation's defaults it falls back to. */
function settingsWith(ctx: ApiContext, overrides: Record<string, unknown>) {
  const defaults = positioningParams(ctx.config.products.ble.params, {});
  return { defaults, overrides, effective: positioningParams(defaults, overrides) };
}

/** What applies to the organization, what it chose, and the installation's defaults it falls back to. */
export const positioningSettings = async (ctx: ApiContext, organizationId: number) => settingsWith(ctx, await readOverrides(ctx.db, organizationId));

/** Replaces the organization's overrides; they shape every location's positions, so only those who see every location change them. */
export async function updatePositioningSettings(ctx: ApiContext, s: LocationScope, overrides: PositioningOverrides) {
  if (s.grants !== 'all') throw forbidden('Positioning parameters apply to every location: only the owner or an admin changes them', 'all_locations_required');
  await ctx.db.transaction(async (trx) => {
    const before = await readOverrides(trx, s.organizationId);
    await saveOverrides(trx, s.organizationId, overrides);
    await recordChange(trx, { action: 'ble.positioning.update', object: { type: 'settings', id: 'ble.positioning', label: 'BLE positioning' }, before, after: overrides });
  });
  ctx.bus.emit('product.settings_changed', { organizationId: s.organizationId, product: 'ble' });
  return settingsWith(ctx, overrides);
}

import type { ApiContext } from '../../context.ts';
import { z } from '../../http/openapi.ts';
import type { ApiRouter } from '../../http/router.ts';
import { BodyId } from '../../http/schemas.ts';
import { productExportRoutes } from '../export-routes.ts';
import { BLE_EXPORT_KINDS } from './export-source.ts';
import { bleExportFileName, startBleExport } from './exports.ts';

const Instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v)).openapi({ type: 'string', format: 'date-time' });

const ExportRequest = z
  .object({
    kind: z.enum(BLE_EXPORT_KINDS).describe('positions: every fix; zone_visits: stays in zones (zone empty = outside every zone)'),
    plan_id: BodyId,
    from: Instant,
    to: Instant.describe('exclusive; at most 31 days after `from`'),
    format: z.enum(['csv', 'json']).default('csv'),
  })
  .openapi('BleExportRequest');

/** /client/ble/exports: a plan's positions or zone visits of a period as CSV (or JSON), built in the background. */
export function bleExportRoutes(router: ApiRouter, ctx: ApiContext): void {
  productExportRoutes(router, ctx, {
    product: 'ble',
    tags: ['client: ble'],
    request: ExportRequest,
    what: 'a plan’s positions or zone visits',
    start: (principal, scope, body) => startBleExport(ctx, principal, scope, body),
    fileName: bleExportFileName,
  });
}

import type { ApiContext } from '../../context.ts';
import { z } from '../../http/openapi.ts';
import type { ApiRouter } from '../../http/router.ts';
import { PeriodQuery } from '../../services/period.ts';
import { productExportRoutes } from '../export-routes.ts';
import { WIFI_EXPORT_FIELD_NAMES } from './export-source.ts';
import { startWifiExport } from './exports.ts';

const ExportRequest = z
  .object({
    ...PeriodQuery,
    format: z.enum(['csv', 'json']).default('csv'),
    fields: z.array(z.enum(WIFI_EXPORT_FIELD_NAMES)).min(1).default([...WIFI_EXPORT_FIELD_NAMES]),
    exclude_randomized: z.boolean().default(false),
  })
  .openapi('WifiExportRequest');

/** /client/wifi/exports: raw events as CSV or JSON, built in the background, with a history of who exported what. */
export function wifiExportRoutes(router: ApiRouter, ctx: ApiContext): void {
  productExportRoutes(router, ctx, {
    product: 'wifi',
    tags: ['client: wifi analytics'],
    request: ExportRequest,
    what: 'raw WiFi events',
    start: (principal, scope, body) => startWifiExport(ctx, principal, scope, body),
    fileName: (job) => {
      const p = job.parameters as { first_day?: string; last_day?: string };
      return `wifi-events-${p.first_day}-${p.last_day}`;
    },
  });
}

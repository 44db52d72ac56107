import type { ApiContext } from '../../context.ts';
import { z } from '../../http/openapi.ts';
import type { ApiRouter } from '../../http/router.ts';
import type { LocationScope } from '../../../core/policy.ts';
import { hiddenDevices } from '../../services/location-scope.ts';
import { PeriodQuery } from '../../services/period.ts';
import * as wifi from './service.ts';
import { csvField } from '../../../core/csv.ts';
import { recordExport } from '../../services/audit/record.ts';
import { WifiThresholds as WifiThresholdsSchema } from '../../../core/products/wifi.ts';

// Declared in core (before the OpenAPI extension loads), so it is named the plain zod way.
const WifiThresholds = WifiThresholdsSchema.meta({ id: 'WifiThresholds' });

const Period = z.object({ from: z.string(), to: z.string(), first_day: z.string(), last_day: z.string(), time_zone: z.string() });
const Split = z.object({ total: z.number().int(), real: z.number().int(), randomized: z.number().int() });

const SummaryView = z
  .object({
    period: Period,
    thresholds: WifiThresholds,
    uniques: Split,
    visitors: Split,
    passers_by: z.number().int(),
    capture_rate: z.number().describe('visitors / uniques'),
    visits: z.number().int(),
    dwell: z.object({ mean_minutes: z.number(), median_minutes: z.number() }),
    repeat_visitors: z.number().int().describe('visitors with visits on more than one local day of the period'),
    new_visitors: z.number().int(),
    returning_visitors: z.number().int().describe('visitors first seen before the period began'),
    events: z.number().int(),
    comparison: z
      .object({
        period: Period,
        changes: z.record(
          z.enum(wifi.COMPARED_METRICS),
          z.object({ previous: z.number(), change: z.number().describe('current − previous'), ratio: z.number().nullable().describe('change / previous; null when previous is 0') }),
        ),
      })
      .optional()
      .describe('with compare=previous: the period just before, as long, and each metric’s change'),
  })
  .openapi('WifiSummary');

const HeatmapView = z
  .object({
    period: Period,
    cells: z.array(
      z.object({
        weekday: z.number().int().min(1).max(7).describe('ISO weekday, 1 = Monday'),
        hour: z.number().int().min(0).max(23),
        days: z.number().int().describe('how many of this weekday the period holds'),
        uniques: z.number().describe('devices arriving in this hour, average per day'),
        visitors: z.number().describe('visitors arriving in this hour, average per day'),
      }),
    ),
  })
  .openapi('WifiHourOfWeek');

const SeriesView = z
  .object({
    period: Period,
    granularity: z.enum(['day', 'hour']),
    points: z.array(
      z.object({
        bucket: z.string().describe('local date (day) or local hour start (hour)'),
        uniques: z.number().int(),
        uniques_real: z.number().int(),
        uniques_randomized: z.number().int(),
        visitors: z.number().int(),
        visits: z.number().int(),
        events: z.number().int(),
      }),
    ),
  })
  .openapi('WifiSeries');

const DwellView = z
  .object({
    period: Period,
    buckets: z.array(z.object({ from_minutes: z.number().int(), to_minutes: z.number().int().nullable(), visits: z.number().int() })),
  })
  .openapi('WifiDwellHistogram');

const VendorsView = z
  .object({ period: Period, vendors: z.array(z.object({ vendor: z.string(), devices: z.number().int(), visitors: z.number().int() })) })
  .openapi('WifiVendors');

const ReceiversView = z
  .object({
    period: Period,
    receivers: z.array(
      z.object({
        id: z.number().int(),
        label: z.string(),
        name: z.string(),
        online: z.boolean(),
        monitoring: z.boolean().describe('monitor mode on in its config (wifi.monitor_enabled): only then does it hear probes'),
        events: z.number().int(),
        devices: z.number().int(),
      }),
    ),
  })
  .openapi('WifiReceivers');

/** /client/wifi/*: WiFi Analytics for organizations that have it enabled. Metric definitions: docs/wifi-metrics.md. */
export function wifiRoutes(router: ApiRouter, ctx: ApiContext): void {
  const tags = ['client: wifi analytics'];
  const analytics = { client: 'view_analytics', product: 'wifi' } as const;
  const period = z.object(PeriodQuery);
  const audience = async (scope: LocationScope): Promise<wifi.Audience> => ({ organizationId: scope.organizationId, hiddenDevices: await hiddenDevices(ctx.db, scope) });

  router.route({
    method: 'get',
    path: '/client/wifi/summary',
    summary: 'Headline metrics of the period',
    tags,
    guard: analytics,
    query: period.extend({ compare: z.enum(['previous']).optional().describe('previous: add the previous period and each metric’s change') }),
    response: SummaryView,
    handler: async ({ scope, query }) => wifi.summary(ctx, await audience(scope), query, query.compare === 'previous'),
  });

  router.route({
    method: 'get',
    path: '/client/wifi/heatmap',
    summary: 'Arrivals by hour of the week, averaged over the period',
    tags,
    guard: analytics,
    query: period,
    response: HeatmapView,
    handler: async ({ scope, query }) => wifi.hourOfWeek(ctx, await audience(scope), query),
  });

  router.route({
    method: 'get',
    path: '/client/wifi/series',
    summary: 'Uniques, visitors, visits and events per local day or hour',
    tags,
    guard: analytics,
    query: period.extend({ granularity: z.enum(['day', 'hour']).default('day') }),
    response: SeriesView,
    handler: async ({ scope, query }) => wifi.series(ctx, await audience(scope), query, query.granularity),
  });

  router.route({
    method: 'get',
    path: '/client/wifi/dwell',
    summary: 'Visits by dwell time',
    tags,
    guard: analytics,
    query: period,
    response: DwellView,
    handler: async ({ scope, query }) => wifi.dwellHistogram(ctx, await audience(scope), query),
  });

  router.route({
    method: 'get',
    path: '/client/wifi/vendors',
    summary: 'Top vendors of real (non-randomized) MACs',
    tags,
    guard: analytics,
    query: period.extend({ limit: z.coerce.number().int().min(1).max(100).default(10) }),
    response: VendorsView,
    handler: async ({ scope, query }) => wifi.vendors(ctx, await audience(scope), query, query.limit),
  });

  router.route({
    method: 'get',
    path: '/client/wifi/receivers',
    summary: 'Per receiver: events and distinct devices heard',
    tags,
    guard: analytics,
    query: period,
    response: ReceiversView,
    handler: async ({ scope, query }) => wifi.receivers(ctx, await audience(scope), query),
  });

  router.route({
    method: 'get',
    path: '/client/wifi/receivers.csv',
    summary: 'The receivers table as CSV (receiver, name, status, events, devices heard)',
    tags,
    guard: analytics,
    query: period,
    handler: async ({ scope, query, res }) => {
      const table = await wifi.receivers(ctx, await audience(scope), query);
      await recordExport(ctx.db, 'wifi.receivers.csv', wifi.WIFI_ANALYTICS, { from: table.period.first_day, to: table.period.last_day, format: 'csv' });
      res.attachment(`wifi-receivers-${table.period.first_day}-${table.period.last_day}.csv`);
      res.type('text/csv; charset=utf-8').send(receiversCsv(table.receivers));
    },
  });

  router.route({
    method: 'get',
    path: '/client/wifi/thresholds',
    summary: 'How sightings become visits and visitors for this organization',
    tags,
    guard: analytics,
    response: WifiThresholds,
    handler: ({ principal }) => wifi.getThresholds(ctx.db, principal.organizationId),
  });

  router.route({
    method: 'put',
    path: '/client/wifi/thresholds',
    summary: 'Change the visitor thresholds (roles that configure devices)',
    tags,
    guard: { client: 'configure_devices', product: 'wifi' },
    body: WifiThresholds,
    response: WifiThresholds,
    handler: ({ principal, body }) => wifi.setThresholds(ctx, principal.organizationId, body),
  });
}

/** RFC 4180 CSV with a header row; names are free text, quoted and defused by csvField. */
function receiversCsv(rows: { label: string; name: string; online: boolean; monitoring: boolean; events: number; devices: number }[]): string {
  const lines = [['receiver', 'name', 'status', 'monitoring', 'events', 'devices_heard'].join(',')];
  for (const r of rows) lines.push([csvField(r.label), csvField(r.name), r.online ? 'online' : 'offline', String(r.monitoring), r.events, r.devices].join(','));
  return `${lines.join('\r\n')}\r\n`;
}

import type { ApiContext } from '../../context.ts';
import { z } from '../../http/openapi.ts';
import type { ApiRouter } from '../../http/router.ts';
import { IdParams, QueryId, QueryInstant } from '../../http/schemas.ts';
import { bleLive } from './live-socket.ts';
import * as views from './views-service.ts';

const Instant = z.string().openapi({ format: 'date-time' });
const ZoneId = z.number().int().nullable().describe('null: outside every zone');

const LiveFixView = z
  .object({
    tag_id: z.number().int(),
    ts: Instant,
    x: z.number(),
    y: z.number(),
    error_m: z.number().describe('error radius in metres (the halo)'),
    zone_id: ZoneId,
    best_device_id: z.number().int().describe('the receiver hearing the tag best'),
    best_rssi: z.number().describe('its smoothed RSSI, dBm'),
  })
  .openapi('BleLiveFix');
const LiveSnapshotView = z
  .object({
    plan_id: z.number().int(),
    at: Instant,
    fixes: z.array(LiveFixView).describe('the latest fix of each tag seen in the last 10 minutes'),
    zones: z.array(z.object({ zone_id: ZoneId, tags: z.number().int() })).describe('tags now in each zone'),
    receivers: z.array(z.object({ device_id: z.number().int(), online: z.boolean() })),
  })
  .openapi('BleLiveSnapshot');

const PeriodQuery = z.object({
  from: QueryInstant.describe('start (inclusive), ISO 8601 with offset'),
  to: QueryInstant.describe('end (exclusive); at most 31 days after `from`'),
});

const TrackView = z
  .object({
    step_s: z.number().int().describe('seconds per frame (positions are averaged per step)'),
    tags: z.array(z.object({ tag_id: z.number().int(), points: z.array(z.tuple([z.number(), z.number(), z.number(), z.number().nullable()])).describe('[epoch ms, x, y, zone id or null]') })),
  })
  .openapi('BleTrack');
const HeatmapView = z
  .object({
    cell_m: z.number(),
    max: z.number(),
    cells: z.array(z.tuple([z.number().int(), z.number().int(), z.number().int()])).describe('[cell x, cell y, fixes]; a cell spans [x·cell_m, (x+1)·cell_m)'),
  })
  .openapi('BleHeatmap');
const ZoneStatsView = z
  .object({
    zones: z.array(
      z.object({
        zone_id: ZoneId,
        tag_minutes: z.number().describe('sum over minutes of the tags in the zone (busyness)'),
        peak: z.number().int().describe('most tags in the zone in one minute'),
        seconds: z.number().int().describe('time tags spent in the zone'),
        visits: z.number().int(),
        tags: z.number().int().describe('distinct tags that visited'),
      }),
    ),
    tags: z.array(z.object({ tag_id: z.number().int(), total_s: z.number().int(), zones: z.array(z.object({ zone_id: ZoneId, seconds: z.number().int(), visits: z.number().int() })) })),
  })
  .openapi('BleZoneStats');
const RoutesView = z
  .object({
    min_stay_s: z.number().int(),
    tags: z.array(
      z.object({
        tag_id: z.number().int(),
        route: z.array(z.number().int()).describe('zone ids in order'),
        stays: z.array(z.object({ zone_id: z.number().int(), enter: Instant, exit: Instant })),
      }),
    ),
    common: z.array(z.object({ zones: z.array(z.number().int()), tags: z.number().int(), times: z.number().int() })).describe('most walked runs of up to 3 zones'),
  })
  .openapi('BleRoutes');

/** /client/ble/plans/:id/{live,track,heatmap,zone-stats,routes}: what the live map and the history screens read. */
export function bleViewRoutes(router: ApiRouter, ctx: ApiContext): void {
  const tags = ['client: ble'];
  const guard = { client: 'view_analytics', product: 'ble' } as const;
  const deps = (): views.ViewDeps => ({ db: ctx.db, ch: ctx.ch, live: bleLive(ctx).live });
  router.route({
    method: 'get',
    path: '/client/ble/plans/:id/live',
    summary: 'The live map’s current state (the WebSocket /api/v1/client/ble/live pushes the same, then every round of fixes; this is its polling fallback)',
    tags,
    guard,
    params: IdParams,
    response: LiveSnapshotView,
    handler: ({ scope, params }) => views.liveSnapshot(deps(), scope, params.id),
  });
  router.route({
    method: 'get',
    path: '/client/ble/plans/:id/track',
    summary: 'Playback: positions of the plan’s tags (or one tag) over a period, at most 720 frames per tag',
    tags,
    guard,
    params: IdParams,
    query: PeriodQuery.extend({ tag_id: QueryId.optional() }),
    response: TrackView,
    handler: ({ scope, params, query }) => views.track(deps(), scope, params.id, query, query.tag_id),
  });
  router.route({
    method: 'get',
    path: '/client/ble/plans/:id/heatmap',
    summary: 'Where tags spent time: fixes per 0.5 m cell over the hours of a period',
    tags,
    guard,
    params: IdParams,
    query: PeriodQuery,
    response: HeatmapView,
    handler: ({ scope, params, query }) => views.heatmap(deps(), scope, params.id, query),
  });
  router.route({
    method: 'get',
    path: '/client/ble/plans/:id/zone-stats',
    summary: 'Busiest zones and time in each zone, per zone and per tag, over a period',
    tags,
    guard,
    params: IdParams,
    query: PeriodQuery,
    response: ZoneStatsView,
    handler: ({ scope, params, query }) => views.zoneStats(deps(), scope, params.id, query),
  });
  router.route({
    method: 'get',
    path: '/client/ble/plans/:id/routes',
    summary: `Routes through zones per tag and the most common ones; stays shorter than min_stay_s (default ${views.DEFAULT_MIN_STAY_S}) are pass-throughs and left out`,
    tags,
    guard,
    params: IdParams,
    query: PeriodQuery.extend({ tag_id: QueryId.optional(), min_stay_s: z.coerce.number().int().min(0).max(86_400).default(views.DEFAULT_MIN_STAY_S) }),
    response: RoutesView,
    handler: ({ scope, params, query }) => views.routes(deps(), scope, params.id, query, query.min_stay_s, query.tag_id),
  });
}

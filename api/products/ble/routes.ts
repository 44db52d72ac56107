import path from 'node:path';
import { localFileStore } from '../../../core/file-store.ts';
import type { ApiContext } from '../../context.ts';
import { z } from '../../http/openapi.ts';
import type { ApiRouter } from '../../http/router.ts';
import { IdParams, QueryId, SingleLine, TimeZone } from '../../http/schemas.ts';
import { Streamed } from '../../http/streamed.ts';
import { PLAN_IMAGE_LIMITS, TAG_PHOTO_LIMITS } from './uploaded-image.ts';
import * as ble from './service.ts';
import { startWallTracer } from './wall-tracer.ts';

const Metres = z.number().finite().min(0).max(100_000);
const PointM = z.tuple([Metres, Metres]).describe('[x, y] in metres from the plan’s top-left corner, y down');
const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #FF9800');
const Uuid = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/, 'must be an iBeacon UUID')
  .transform((v) => v.replace(/-/g, ''))
  .openapi({ type: 'string', example: 'f7826da64fa24e988024bc5b71e0893e' });
const TagType = z.enum(['person', 'asset', 'vehicle']);

const LocationBody = z.object({ name: SingleLine(200), address: z.string().trim().max(500).default(''), timezone: TimeZone });
const LocationView = z
  .object({ id: z.number().int(), name: z.string(), address: z.string(), timezone: z.string() })
  .openapi('BleLocation');
const presentLocation = (l: { id: number; name: string; address: string; timezone: string }) => ({ id: l.id, name: l.name, address: l.address, timezone: l.timezone });

const Label = z.object({ x: Metres, y: Metres, text: SingleLine(200) });
const PlanView = z
  .object({
    id: z.number().int(),
    location_id: z.number().int(),
    name: z.string(),
    image_url: z.string(),
    image_type: z.enum(['image/png', 'image/jpeg']),
    width_px: z.number().int(),
    height_px: z.number().int(),
    metres_per_pixel: z.number(),
    scale_set: z.boolean().describe('false until a reference line was drawn; the default scale is 5 cm per pixel'),
    width_m: z.number(),
    height_m: z.number(),
    walls: z.array(z.array(PointM)).describe('wall polylines in metres'),
    labels: z.array(Label),
    walls_status: z.enum(['pending', 'done', 'failed']).describe('whether automatic wall tracing has finished'),
  })
  .openapi('BlePlan');
const PlanChanges = z.object({
  name: SingleLine(200).optional(),
  metres_per_pixel: z.number().positive().max(10).optional().describe('set by a reference line: its length in metres over its length in image pixels'),
  walls: z.array(z.array(PointM).min(2).max(2000)).max(20_000).optional(),
  labels: z.array(Label).max(2000).optional(),
});

const ZoneView = z
  .object({
    id: z.number().int(),
    plan_id: z.number().int(),
    number: z.number().int().describe('unique on the plan and never reused'),
    name: z.string(),
    colour: z.string(),
    polygon: z.array(PointM),
    area_m2: z.number().describe('planar (shoelace) area'),
  })
  .openapi('BleZone');
const Polygon = z.array(PointM).max(500);
const ZoneBody = z.object({ name: z.string().trim().max(200).optional(), colour: Colour, polygon: Polygon });

const ReceiverView = z
  .object({
    device_id: z.number().int(),
    simple_id: z.number().int(),
    label: z.string().openapi({ example: 'Receiver #5' }),
    name: z.string(),
    online: z.boolean(),
    location_id: z.number().int(),
    plan_id: z.number().int().nullable(),
    x: z.number().nullable(),
    y: z.number().nullable(),
    rotation_deg: z.number(),
    height_m: z.number(),
  })
  .openapi('BleReceiver');
const ReceiverBody = z.object({
  location_id: z.number().int().positive(),
  plan_id: z.number().int().positive().nullable().default(null),
  x: Metres.nullable().default(null),
  y: Metres.nullable().default(null),
  rotation_deg: z.number().finite().min(-3600).max(3600).default(0),
  height_m: z.number().min(0).max(50).default(2.5),
});

const TagBody = z.object({
  uuid: Uuid,
  major: z.number().int().min(0).max(65535),
  minor: z.number().int().min(0).max(65535),
  type: TagType,
  name: SingleLine(200),
  description: z.string().trim().max(2000).default(''),
});
const TagView = z
  .object({
    id: z.number().int(),
    uuid: z.string(),
    major: z.number().int(),
    minor: z.number().int(),
    type: TagType,
    name: z.string(),
    description: z.string(),
    has_photo: z.boolean(),
  })
  .openapi('BleTag');
const TagListView = TagView.extend({
  status: z.enum(['active', 'not_seen']).describe('active: heard by a receiver or placed on a plan in the last 10 minutes'),
  last_seen_at: z.string().nullable(),
  last_receiver: z.string().nullable().openapi({ example: 'Receiver #5' }),
  plan: z.object({ id: z.number().int(), name: z.string(), location_id: z.number().int() }).nullable().describe('the plan the tag was last placed on (last 24 hours)'),
  zone: z.object({ id: z.number().int(), number: z.number().int(), name: z.string() }).nullable().describe('its zone there; null outside every zone or not placed'),
}).openapi('BleTagStatus');

// brief: anything served from uploads is never sniffed or run; a plan image is only ever an image.
const UPLOAD_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'; sandbox", 'Cache-Control': 'private, max-age=300' };

/** /client/ble/*: BLE Tracking sites (locations, plans, zones, receivers) and tags. */
export function bleRoutes(router: ApiRouter, ctx: ApiContext): void {
  const tags = ['client: ble'];
  const view = { client: 'view_analytics', product: 'ble' } as const;
  const edit = { client: 'edit_plans', product: 'ble' } as const;
  const manageTags = { client: 'manage_tags', product: 'ble' } as const;
  const files = localFileStore(path.join(ctx.config.dataDir, 'uploads'));
  const deps: ble.BleDeps = { db: ctx.db, ch: ctx.ch, files, vectorize: startWallTracer({ db: ctx.db, files, log: ctx.log }) };

  router.route({
    method: 'get',
    path: '/client/ble/locations',
    summary: 'The organization’s locations (sites)',
    tags,
    guard: view,
    response: z.object({ locations: z.array(LocationView) }),
    handler: async ({ scope }) => ({ locations: (await ble.listLocations(ctx.db, scope)).map(presentLocation) }),
  });
  router.route({
    method: 'post',
    path: '/client/ble/locations',
    summary: 'Create a location',
    tags,
    guard: edit,
    body: LocationBody,
    status: 201,
    response: LocationView,
    handler: async ({ scope, body }) => presentLocation(await ble.createLocation(ctx.db, scope, body)),
  });
  router.route({
    method: 'get',
    path: '/client/ble/locations/:id',
    summary: 'One location',
    tags,
    guard: view,
    params: IdParams,
    response: LocationView,
    handler: async ({ scope, params }) => presentLocation(await ble.getLocation(ctx.db, scope, params.id)),
  });
  router.route({
    method: 'patch',
    path: '/client/ble/locations/:id',
    summary: 'Rename a location or change its address or time zone',
    tags,
    guard: edit,
    params: IdParams,
    body: LocationBody.partial(),
    response: LocationView,
    handler: async ({ scope, params, body }) => presentLocation(await ble.updateLocation(ctx.db, scope, params.id, body)),
  });
  router.route({
    method: 'delete',
    path: '/client/ble/locations/:id',
    summary: 'Delete a location with its plans, zones and receiver placements',
    tags,
    guard: edit,
    params: IdParams,
    status: 204,
    handler: ({ scope, params }) => ble.deleteLocation(deps, scope, params.id),
  });

  router.route({
    method: 'get',
    path: '/client/ble/locations/:id/plans',
    summary: 'The plans (floors) of a location',
    tags,
    guard: view,
    params: IdParams,
    response: z.object({ plans: z.array(PlanView) }),
    handler: async ({ scope, params }) => ({ plans: await ble.listPlans(ctx.db, scope, params.id) }),
  });
  router.route({
    method: 'post',
    path: '/client/ble/locations/:id/plans',
    summary: `Upload a plan image (PNG or JPEG, at most ${PLAN_IMAGE_LIMITS.maxBytes} bytes and ${PLAN_IMAGE_LIMITS.maxInputPixels} pixels); walls are traced in the background`,
    tags,
    guard: edit,
    params: IdParams,
    upload: { field: 'image', maxBytes: PLAN_IMAGE_LIMITS.maxBytes },
    body: z.object({ name: SingleLine(200) }),
    status: 201,
    response: PlanView,
    handler: ({ scope, params, body, file }) => ble.createPlan(deps, scope, params.id, body.name, file.bytes),
  });
  router.route({
    method: 'get',
    path: '/client/ble/plans/:id',
    summary: 'One plan with its scale, walls and labels',
    tags,
    guard: view,
    params: IdParams,
    response: PlanView,
    handler: ({ scope, params }) => ble.getPlan(ctx.db, scope, params.id),
  });
  router.route({
    method: 'get',
    path: '/client/ble/plans/:id/image',
    summary: 'The plan image as stored (re-encoded PNG or JPEG)',
    tags,
    guard: view,
    params: IdParams,
    streams: ['image/png', 'image/jpeg'],
    handler: async ({ scope, params }) => {
      const image = await ble.planImage(deps, scope, params.id);
      return Streamed.bytes(image.bytes, image.type, UPLOAD_HEADERS);
    },
  });
  router.route({
    method: 'patch',
    path: '/client/ble/plans/:id',
    summary: 'Rename a plan, set its scale, or replace its walls and labels',
    tags,
    guard: edit,
    params: IdParams,
    body: PlanChanges,
    response: PlanView,
    handler: ({ scope, params, body }) => ble.updatePlan(ctx.db, scope, params.id, body),
  });
  router.route({
    method: 'delete',
    path: '/client/ble/plans/:id',
    summary: 'Delete a plan with its zones and image',
    tags,
    guard: edit,
    params: IdParams,
    status: 204,
    handler: ({ scope, params }) => ble.deletePlan(deps, scope, params.id),
  });

  router.route({
    method: 'get',
    path: '/client/ble/plans/:id/zones',
    summary: 'The zones of a plan, by number',
    tags,
    guard: view,
    params: IdParams,
    response: z.object({ zones: z.array(ZoneView) }),
    handler: async ({ scope, params }) => ({ zones: await ble.listZones(ctx.db, scope, params.id) }),
  });
  router.route({
    method: 'post',
    path: '/client/ble/plans/:id/zones',
    summary: 'Draw a zone: it gets the plan’s next number (never reused); the polygon must be simple and inside the plan',
    tags,
    guard: edit,
    params: IdParams,
    body: ZoneBody,
    status: 201,
    response: ZoneView,
    handler: ({ scope, params, body }) => ble.createZone(ctx.db, scope, params.id, body),
  });
  router.route({
    method: 'patch',
    path: '/client/ble/zones/:id',
    summary: 'Rename, recolour or reshape a zone',
    tags,
    guard: edit,
    params: IdParams,
    body: ZoneBody.partial(),
    response: ZoneView,
    handler: ({ scope, params, body }) => ble.updateZone(ctx.db, scope, params.id, body),
  });
  router.route({
    method: 'delete',
    path: '/client/ble/zones/:id',
    summary: 'Delete a zone (its number is not given to another)',
    tags,
    guard: edit,
    params: IdParams,
    status: 204,
    handler: ({ scope, params }) => ble.deleteZone(ctx.db, scope, params.id),
  });

  router.route({
    method: 'get',
    path: '/client/ble/locations/:id/receivers',
    summary: 'The receivers assigned to a location and where they stand on its plans',
    tags,
    guard: view,
    params: IdParams,
    response: z.object({ receivers: z.array(ReceiverView) }),
    handler: async ({ scope, params }) => ({ receivers: await ble.listReceivers(ctx.db, scope, params.id) }),
  });
  router.route({
    method: 'put',
    path: '/client/ble/receivers/:device_id',
    summary: 'Assign a receiver to a location and optionally place it on one of its plans (x, y in metres, rotation, mounting height)',
    tags,
    guard: edit,
    params: z.object({ device_id: QueryId }),
    body: ReceiverBody,
    response: ReceiverView,
    handler: ({ scope, params, body }) => ble.placeReceiver(ctx.db, scope, params.device_id, body),
  });
  router.route({
    method: 'delete',
    path: '/client/ble/receivers/:device_id',
    summary: 'Take a receiver off its location',
    tags,
    guard: edit,
    params: z.object({ device_id: QueryId }),
    status: 204,
    handler: ({ scope, params }) => ble.unassignReceiver(ctx.db, scope, params.device_id),
  });

  router.route({
    method: 'get',
    path: '/client/ble/tags',
    summary: 'Tags with search by name and filter by type; status from the last sightings',
    tags,
    guard: view,
    query: z.object({ q: z.string().trim().min(1).max(200).optional(), type: TagType.optional() }),
    response: z.object({ tags: z.array(TagListView) }),
    handler: async ({ scope, query }) => ({ tags: await ble.listTags(deps, scope, query) }),
  });
  router.route({
    method: 'post',
    path: '/client/ble/tags',
    summary: 'Register a tag (iBeacon UUID + major + minor, unique in the organization)',
    tags,
    guard: manageTags,
    body: TagBody,
    status: 201,
    response: TagView,
    handler: ({ scope, body }) => ble.createTag(ctx.db, scope, body),
  });
  router.route({
    method: 'get',
    path: '/client/ble/tags/:id',
    summary: 'One tag',
    tags,
    guard: view,
    params: IdParams,
    response: TagView,
    handler: ({ scope, params }) => ble.getTag(ctx.db, scope, params.id),
  });
  router.route({
    method: 'patch',
    path: '/client/ble/tags/:id',
    summary: 'Change a tag',
    tags,
    guard: manageTags,
    params: IdParams,
    body: TagBody.partial(),
    response: TagView,
    handler: ({ scope, params, body }) => ble.updateTag(ctx.db, scope, params.id, body),
  });
  router.route({
    method: 'put',
    path: '/client/ble/tags/:id/photo',
    summary: `Set a tag's photo (PNG or JPEG, at most ${TAG_PHOTO_LIMITS.maxBytes} bytes; shrunk to ${TAG_PHOTO_LIMITS.maxLongSide} px)`,
    tags,
    guard: manageTags,
    params: IdParams,
    upload: { field: 'photo', maxBytes: TAG_PHOTO_LIMITS.maxBytes },
    response: TagView,
    handler: ({ scope, params, file }) => ble.setTagPhoto(deps, scope, params.id, file.bytes),
  });
  router.route({
    method: 'get',
    path: '/client/ble/tags/:id/photo',
    summary: "A tag's photo as stored (re-encoded PNG or JPEG)",
    tags,
    guard: view,
    params: IdParams,
    streams: ['image/png', 'image/jpeg'],
    handler: async ({ scope, params }) => {
      const photo = await ble.tagPhoto(deps, scope, params.id);
      return Streamed.bytes(photo.bytes, photo.type, UPLOAD_HEADERS);
    },
  });
  router.route({
    method: 'delete',
    path: '/client/ble/tags/:id/photo',
    summary: "Remove a tag's photo",
    tags,
    guard: manageTags,
    params: IdParams,
    status: 204,
    handler: ({ scope, params }) => ble.removeTagPhoto(deps, scope, params.id),
  });
  router.route({
    method: 'delete',
    path: '/client/ble/tags/:id',
    summary: 'Delete a tag (and its photo)',
    tags,
    guard: manageTags,
    params: IdParams,
    status: 204,
    handler: ({ scope, params }) => ble.deleteTag(deps, scope, params.id),
  });
}

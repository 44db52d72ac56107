import { API_BASE, download, fetchBlob, request } from '$lib/api/http.ts';
import type { JsonOf } from '$lib/api/responses.ts';
import type { components } from '$lib/api/schema.d.ts';

/** BLE Tracking sites and tags (/client/ble/*). Geometry is in metres, origin top-left, y down. */

type Schemas = components['schemas'];

export type Location = Schemas['BleLocation'];
export type Plan = Schemas['BlePlan'];
export type Zone = Schemas['BleZone'];
export type Receiver = Schemas['BleReceiver'];
export type Tag = Schemas['BleTag'];
export type TagStatus = Schemas['BleTagStatus'];
export type TagType = Tag['type'];
export type Point = [number, number];
export type PlanLabel = Plan['labels'][number];
export type LiveFix = Schemas['BleLiveFix'];
export type LiveSnapshot = Schemas['BleLiveSnapshot'];
// OpenAPI 3.0 has no tuples, so the generated types widen them to arrays; the server's zod schema
// (api/products/ble/view-routes.ts) fixes each tuple's shape, restated here for its positions only.
export type TrackPoint = [ms: number, x: number, y: number, zoneId: number | null];
export type Track = Omit<Schemas['BleTrack'], 'tags'> & { tags: Array<{ tag_id: number; points: TrackPoint[] }> };
export type Heatmap = Omit<Schemas['BleHeatmap'], 'cells'> & { cells: Array<[cellX: number, cellY: number, fixes: number]> };
export type ZoneStats = Schemas['BleZoneStats'];
export type Routes = Schemas['BleRoutes'];
export type ExportJob = Schemas['Export'];
export type ExportRequest = Schemas['BleExportRequest'];
export type ExportKind = ExportRequest['kind'];

export const TAG_TYPES: readonly TagType[] = ['person', 'asset', 'vehicle'];
export const EXPORT_KINDS = ['positions', 'zone_visits'] as const satisfies readonly ExportKind[];

export const listLocations = async () => (await request<JsonOf<'/client/ble/locations', 'get'>>('GET', '/client/ble/locations')).locations;
export const getLocation = (id: number) => request<Location>('GET', `/client/ble/locations/${id}`);
export const createLocation = (body: { name: string; address: string; timezone: string }) => request<Location>('POST', '/client/ble/locations', { body });
export const deleteLocation = (id: number) => request<void>('DELETE', `/client/ble/locations/${id}`);

export const listPlans = async (locationId: number) => (await request<JsonOf<'/client/ble/locations/{id}/plans', 'get'>>('GET', `/client/ble/locations/${locationId}/plans`)).plans;
export const getPlan = (id: number) => request<Plan>('GET', `/client/ble/plans/${id}`);
export const deletePlan = (id: number) => request<void>('DELETE', `/client/ble/plans/${id}`);
export const updatePlan = (id: number, body: { name?: string; metres_per_pixel?: number; walls?: Point[][]; labels?: PlanLabel[] }) =>
  request<Plan>('PATCH', `/client/ble/plans/${id}`, { body });

/** Uploads a plan image (PNG or JPEG) as multipart/form-data. */
export function uploadPlan(locationId: number, name: string, file: File): Promise<Plan> {
  const form = new FormData();
  form.append('name', name);
  form.append('image', file);
  return request<Plan>('POST', `/client/ble/locations/${locationId}/plans`, { body: form });
}

/** The plan image as an object URL (the API wants the bearer token, so an <img src> cannot fetch it). */
export const planImageUrl = async (plan: Plan) => URL.createObjectURL(await fetchBlob(plan.image_url.slice(API_BASE.length)));

export const listZones = async (planId: number) => (await request<JsonOf<'/client/ble/plans/{id}/zones', 'get'>>('GET', `/client/ble/plans/${planId}/zones`)).zones;
export const createZone = (planId: number, body: { name: string; colour: string; polygon: Point[] }) =>
  request<Zone>('POST', `/client/ble/plans/${planId}/zones`, { body });
export const updateZone = (id: number, body: { name?: string; colour?: string; polygon?: Point[] }) => request<Zone>('PATCH', `/client/ble/zones/${id}`, { body });
export const deleteZone = (id: number) => request<void>('DELETE', `/client/ble/zones/${id}`);

export const listReceivers = async (locationId: number) =>
  (await request<JsonOf<'/client/ble/locations/{id}/receivers', 'get'>>('GET', `/client/ble/locations/${locationId}/receivers`)).receivers;
export const placeReceiver = (deviceId: number, body: { location_id: number; plan_id: number | null; x: number | null; y: number | null; rotation_deg: number; height_m?: number }) =>
  request<Receiver>('PUT', `/client/ble/receivers/${deviceId}`, { body });
export const unassignReceiver = (deviceId: number) => request<void>('DELETE', `/client/ble/receivers/${deviceId}`);

export const listTags = async (query: { q?: string; type?: TagType }) => (await request<JsonOf<'/client/ble/tags', 'get'>>('GET', '/client/ble/tags', { query })).tags;
export const createTag = (body: { uuid: string; major: number; minor: number; type: TagType; name: string; description: string }) =>
  request<Tag>('POST', '/client/ble/tags', { body });
export const deleteTag = (id: number) => request<void>('DELETE', `/client/ble/tags/${id}`);

/** Sets a tag's photo (PNG or JPEG; the server shrinks it). */
export function setTagPhoto(id: number, file: File): Promise<Tag> {
  const form = new FormData();
  form.append('photo', file);
  return request<Tag>('PUT', `/client/ble/tags/${id}/photo`, { body: form });
}

/** A tag's photo as an object URL (fetched with the bearer token). */
export const tagPhotoUrl = async (id: number) => URL.createObjectURL(await fetchBlob(`/client/ble/tags/${id}/photo`));

// ——— live map and history

/** A history period: instants, `to` exclusive. */
export interface Period {
  from: Date;
  to: Date;
}
const periodQuery = (p: Period) => ({ from: p.from.toISOString(), to: p.to.toISOString() });

/** The live map's polling fallback (the WebSocket sends the same snapshot first). */
export const getLiveSnapshot = (planId: number) => request<LiveSnapshot>('GET', `/client/ble/plans/${planId}/live`);
export const getTrack = (planId: number, p: Period, tagId?: number) =>
  request<Track>('GET', `/client/ble/plans/${planId}/track`, { query: { ...periodQuery(p), tag_id: tagId } });
export const getHeatmap = (planId: number, p: Period) => request<Heatmap>('GET', `/client/ble/plans/${planId}/heatmap`, { query: periodQuery(p) });
export const getZoneStats = (planId: number, p: Period) => request<ZoneStats>('GET', `/client/ble/plans/${planId}/zone-stats`, { query: periodQuery(p) });
export const getRoutes = (planId: number, p: Period, tagId?: number) =>
  request<Routes>('GET', `/client/ble/plans/${planId}/routes`, { query: { ...periodQuery(p), tag_id: tagId } });

/** POST /client/ble/exports (owner, admin, manager): queues a job to poll. */
export const startBleExport = (kind: ExportKind, planId: number, p: Period) =>
  request<ExportJob>('POST', '/client/ble/exports', { body: { kind, plan_id: planId, ...periodQuery(p), format: 'csv' } });
export const getBleExport = (id: string) => request<ExportJob>('GET', `/client/ble/exports/${id}`);
export const downloadBleExport = (id: string) => download(`/client/ble/exports/${id}/download`, `ble-export-${id}.csv`);

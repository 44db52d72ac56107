import { API_BASE, fetchBlob, request } from '$lib/api/http.ts';
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

export const TAG_TYPES: readonly TagType[] = ['person', 'asset', 'vehicle'];

export const listLocations = async () => (await request<{ locations: Location[] }>('GET', '/client/ble/locations')).locations;
export const getLocation = (id: number) => request<Location>('GET', `/client/ble/locations/${id}`);
export const createLocation = (body: { name: string; address: string; timezone: string }) => request<Location>('POST', '/client/ble/locations', { body });
export const deleteLocation = (id: number) => request<void>('DELETE', `/client/ble/locations/${id}`);

export const listPlans = async (locationId: number) => (await request<{ plans: Plan[] }>('GET', `/client/ble/locations/${locationId}/plans`)).plans;
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

export const listZones = async (planId: number) => (await request<{ zones: Zone[] }>('GET', `/client/ble/plans/${planId}/zones`)).zones;
export const createZone = (planId: number, body: { name: string; colour: string; polygon: Point[] }) =>
  request<Zone>('POST', `/client/ble/plans/${planId}/zones`, { body });
export const updateZone = (id: number, body: { name?: string; colour?: string; polygon?: Point[] }) => request<Zone>('PATCH', `/client/ble/zones/${id}`, { body });
export const deleteZone = (id: number) => request<void>('DELETE', `/client/ble/zones/${id}`);

export const listReceivers = async (locationId: number) =>
  (await request<{ receivers: Receiver[] }>('GET', `/client/ble/locations/${locationId}/receivers`)).receivers;
export const placeReceiver = (deviceId: number, body: { location_id: number; plan_id: number | null; x: number | null; y: number | null; rotation_deg: number; height_m?: number }) =>
  request<Receiver>('PUT', `/client/ble/receivers/${deviceId}`, { body });
export const unassignReceiver = (deviceId: number) => request<void>('DELETE', `/client/ble/receivers/${deviceId}`);

export const listTags = async (query: { q?: string; type?: TagType }) => (await request<{ tags: TagStatus[] }>('GET', '/client/ble/tags', { query })).tags;
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

import type { OrganizationRole } from '$core/roles.ts';
import { request } from './http.ts';
import type { ClientDevice, ClientDeviceDetail, JsonObject, LocationGrant, Member, NewMember, Organization, OrganizationOverview, Page, PageQuery, User } from './types.ts';

/** A member's own organization (tenant-scoped by the API). */

export interface ClientDeviceFilter extends PageQuery {
  online?: boolean;
  q?: string;
  from?: string;
  to?: string;
}

/** GET /client/organization */
export const getMyOrganization = () => request<Organization>('GET', '/client/organization');

/** GET /client/overview: devices online/offline and events today, organization-wide */
export const getMyOverview = () => request<OrganizationOverview>('GET', '/client/overview');

/** GET /client/devices */
export const listMyDevices = (filter: ClientDeviceFilter) => request<Page<ClientDevice>>('GET', '/client/devices', { query: { ...filter } });

/** GET /client/devices/:id */
export const getMyDevice = (id: number) => request<ClientDeviceDetail>('GET', `/client/devices/${id}`);

/** GET /client/users (owner): members with their location grants */
export const listMyUsers = () => request<Member[]>('GET', '/client/users');

/** POST /client/users (owner) */
export const addMyUser = (member: NewMember) => request<User>('POST', '/client/users', { body: member });

/** PATCH /client/users/:id (owner): role, active and read-only flags, location grants (replaced as a whole) */
export const updateMyUser = (id: number, patch: { role?: OrganizationRole; active?: boolean; name?: string; read_only?: boolean; grants?: LocationGrant[] }) =>
  request<Member>('PATCH', `/client/users/${id}`, { body: patch });

/**
 * GET /client/ble/locations: what grants are given on. Locations are BLE Tracking's sites; an
 * organization without BLE has none to grant.
 */
export const listGrantableLocations = async () => (await request<{ locations: Array<{ id: number; name: string }> }>('GET', '/client/ble/locations')).locations;

/** PATCH /client/devices/:id — rename, notes (owner, admin, operator) */
export const updateMyDevice = (id: number, patch: { name?: string; notes?: string }) =>
  request<ClientDeviceDetail>('PATCH', `/client/devices/${id}`, { body: patch });

/** PUT /client/devices/:id/config — the receiver's config overrides (owner, admin, operator) */
export const replaceMyDeviceConfig = (id: number, overrides: JsonObject) =>
  request<ClientDeviceDetail>('PUT', `/client/devices/${id}/config`, { body: { overrides } });

import { request } from './http.ts';
import type { CreatedDevice, DeviceDetail, Device, JsonObject, Page, PageQuery } from './types.ts';

/** Superadmin: every device of the platform. */

export interface DeviceFilter extends PageQuery {
  organization_id?: number;
  unassigned?: boolean;
  online?: boolean;
  status?: 'blocked';
  mac?: string;
  simple_id?: number;
  q?: string;
}

/** GET /superadmin/devices */
export const listDevices = (filter: DeviceFilter) => request<Page<Device>>('GET', '/superadmin/devices', { query: { ...filter } });

/** POST /superadmin/devices — pre-registers a device; the token is returned only here. */
export const createDevice = (input: { mac: string; name?: string; organization_id?: number | null }) =>
  request<CreatedDevice>('POST', '/superadmin/devices', { body: input });

/** GET /superadmin/devices/:id */
export const getDevice = (id: number) => request<DeviceDetail>('GET', `/superadmin/devices/${id}`);

/** PATCH /superadmin/devices/:id — bind (organization_id), unbind (null), rename, block/unblock. */
export const updateDevice = (id: number, patch: { name?: string; organization_id?: number | null; status?: Device['status'] }) =>
  request<DeviceDetail>('PATCH', `/superadmin/devices/${id}`, { body: patch });

/** PUT /superadmin/devices/:id/config */
export const replaceDeviceConfig = (id: number, overrides: JsonObject) =>
  request<DeviceDetail>('PUT', `/superadmin/devices/${id}/config`, { body: { overrides } });

/** POST /superadmin/devices/:id/token — the old token stops working at once. */
export const rotateDeviceToken = (id: number) => request<{ token: string }>('POST', `/superadmin/devices/${id}/token`);

/** DELETE /superadmin/devices/:id */
export const deleteDevice = (id: number) => request<void>('DELETE', `/superadmin/devices/${id}`);

/** POST /superadmin/devices/:id/commands — waits for the device's ack (409 device_offline, 504 command_timeout). */
export const sendDeviceCommand = (id: number, command: { name: string; args?: JsonObject; timeout_ms?: number }) =>
  request<{ id: string; ok: boolean; result?: unknown; error?: string }>('POST', `/superadmin/devices/${id}/commands`, { body: command });

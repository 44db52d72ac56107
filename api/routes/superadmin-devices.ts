import type { ApiContext } from '../context.ts';
import { z } from '../http/openapi.ts';
import type { ApiRouter } from '../http/router.ts';
import { BodyId, ConfigOverrides, DeviceMac, IdParams, QueryId, Pagination, pageWindow, paged, QueryBoolean } from '../http/schemas.ts';
import { DeviceDetailView, DeviceView, presentDevice, presentDeviceDetail } from '../presenters/device.ts';
import * as devices from '../services/devices.ts';

const ListQuery = z.object({
  organization_id: QueryId.optional(),
  unassigned: QueryBoolean.optional().describe('Only devices bound to no organization'),
  online: QueryBoolean.optional(),
  status: z.enum(['active', 'blocked']).optional().describe('blocked: devices refused by the broker and the bridge'),
  mac: z.string().trim().min(1).max(17).optional().describe('Part of a MAC, with or without separators'),
  simple_id: QueryId.optional(),
  q: z.string().trim().min(1).max(200).optional().describe('Free text: name, MAC, "#5", organization name'),
  ...Pagination,
});

const CreateDevice = z
  .object({
    mac: DeviceMac,
    name: z.string().trim().max(200).optional(),
    organization_id: BodyId.nullable().optional(),
  })
  .openapi('CreateDevice');

const CreatedDevice = z
  .object({
    device: DeviceDetailView,
    token: z.string().describe('Device token (MQTT password / HTTP bearer); shown only now'),
    device_password: z.string().describe("8-digit password of the device's own dashboard"),
  })
  .openapi('CreatedDevice');

const UpdateDevice = z
  .object({
    name: z.string().trim().max(200).optional(),
    organization_id: BodyId.nullable().optional().describe('null unbinds the device'),
    status: z.enum(['active', 'blocked']).optional(),
  })
  .openapi('UpdateDevice');

/** /superadmin/devices: the fleet — filters, pre-registration, binding, blocking, config overrides, tokens. */
export function superadminDeviceRoutes(router: ApiRouter, ctx: ApiContext): void {
  const tags = ['superadmin: devices'];
  const utcToday = () => devices.today('UTC');
  const detail = async (id: number) => {
    const { device, events } = await devices.getDeviceWithEvents(ctx, id, utcToday());
    return presentDeviceDetail(device, events);
  };

  router.route({
    method: 'get',
    path: '/superadmin/devices',
    summary: 'List devices with filters; events_today counts events stored since midnight UTC',
    tags,
    guard: 'superadmin',
    query: ListQuery,
    response: paged(DeviceView),
    handler: async ({ query }) => {
      const filter = {
        organizationId: query.organization_id,
        unassigned: query.unassigned,
        online: query.online,
        status: query.status,
        mac: query.mac,
        simpleId: query.simple_id,
        q: query.q,
        ...pageWindow(query),
      };
      const { items, total } = await devices.listDevicesWithEvents(ctx, filter, utcToday());
      return { items: items.map((i) => presentDevice(i.device, i.events)), total, page: query.page, page_size: query.page_size };
    },
  });

  router.route({
    method: 'post',
    path: '/superadmin/devices',
    summary: 'Pre-register a device; answers its token and dashboard password once',
    tags,
    guard: 'superadmin',
    body: CreateDevice,
    status: 201,
    response: CreatedDevice,
    handler: async ({ body }) => {
      const created = await devices.createDevice(ctx, body);
      return { device: await detail(created.device.id), token: created.token, device_password: created.devicePassword };
    },
  });

  router.route({
    method: 'get',
    path: '/superadmin/devices/:id',
    summary: 'A device: binding, desired vs reported config, reported status, rejected events',
    tags,
    guard: 'superadmin',
    params: IdParams,
    response: DeviceDetailView,
    handler: async ({ params }) => detail(params.id),
  });

  router.route({
    method: 'patch',
    path: '/superadmin/devices/:id',
    summary: 'Rename, bind/unbind (organization_id null) or block/unblock a device',
    tags,
    guard: 'superadmin',
    params: IdParams,
    body: UpdateDevice,
    response: DeviceDetailView,
    handler: async ({ params, body }) => {
      await devices.changeDevice(ctx, params.id, body);
      return detail(params.id);
    },
  });

  router.route({
    method: 'put',
    path: '/superadmin/devices/:id/config',
    summary: "Replace a device's config overrides; the merged config is pushed with a new version",
    tags,
    guard: 'superadmin',
    params: IdParams,
    body: ConfigOverrides,
    response: DeviceDetailView,
    handler: async ({ params, body }) => {
      await devices.setDeviceConfig(ctx, params.id, body.overrides);
      return detail(params.id);
    },
  });

  router.route({
    method: 'post',
    path: '/superadmin/devices/:id/token',
    summary: 'Issue a new device token; the old one stops working at once',
    tags,
    guard: 'superadmin',
    params: IdParams,
    response: z.object({ token: z.string() }),
    handler: async ({ params }) => ({ token: await devices.rotateDeviceToken(ctx, params.id) }),
  });

  router.route({
    method: 'delete',
    path: '/superadmin/devices/:id',
    summary: 'Delete a device (its receiver number is never reused)',
    tags,
    guard: 'superadmin',
    params: IdParams,
    status: 204,
    handler: async ({ params }) => devices.removeDevice(ctx, params.id),
  });
}

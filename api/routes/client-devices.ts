import { AppError } from '../../core/errors.ts';
import type { ApiContext } from '../context.ts';
import { z } from '../http/openapi.ts';
import type { ApiRouter } from '../http/router.ts';
import { ConfigOverrides, IdParams, Pagination, pageWindow, paged, QueryBoolean, QueryInstant } from '../http/schemas.ts';
import { ClientDeviceDetailView, ClientDeviceView, presentClientDevice, presentClientDeviceDetail } from '../presenters/device.ts';
import * as devices from '../services/devices.ts';
import { getOrganization } from '../services/organizations.ts';
import { deviceLocation } from '../../db/repositories/location-grants.ts';
import { hiddenDevices, requireDevice } from '../services/location-scope.ts';
import { resolvePeriod } from '../services/period.ts';

const PeriodQuery = {
  // The same presets, with the same meaning, as every dashboard (api/services/period.ts): the web sends the name.
  period: z.enum(['today', 'yesterday', 'week', 'month']).optional().describe('a preset, counted in local days; overrides from/to'),
  from: QueryInstant.optional().describe('Start of the period (ISO 8601); default: midnight today in the organization’s time zone'),
  to: QueryInstant.optional().describe('End of the period (ISO 8601); default: now'),
};

const ListQuery = z.object({
  online: QueryBoolean.optional(),
  q: z.string().trim().min(1).max(200).optional().describe('Name, MAC or receiver number'),
  ...PeriodQuery,
  ...Pagination,
});

const UpdateClientDevice = z
  .object({ name: z.string().trim().max(200).optional(), notes: z.string().trim().max(2000).optional() })
  .openapi('UpdateClientDevice');

/** /client/devices: the organization's own receivers; a foreign id answers 404. */
export function clientDeviceRoutes(router: ApiRouter, ctx: ApiContext): void {
  const tags = ['client'];
  const period = async (organizationId: number, q: { period?: 'today' | 'yesterday' | 'week' | 'month'; from?: Date; to?: Date }): Promise<devices.Period> => {
    const { timezone } = await getOrganization(ctx.db, organizationId);
    if (q.period) return resolvePeriod({ period: q.period }, timezone);
    const fallback = devices.today(timezone);
    const chosen = { from: q.from ?? fallback.from, to: q.to ?? fallback.to };
    if (chosen.from >= chosen.to) throw new AppError(400, 'invalid_period', '`from` must be before `to`', { from: chosen.from, to: chosen.to });
    return chosen;
  };

  router.route({
    method: 'get',
    path: '/client/devices',
    summary: "The organization's receivers with events stored in the period",
    tags,
    guard: { client: 'view_analytics' },
    query: ListQuery,
    response: paged(ClientDeviceView),
    handler: async ({ scope, query }) => {
      const filter = { organizationId: scope.organizationId, online: query.online, q: query.q, excludeIds: await hiddenDevices(ctx.db, scope), ...pageWindow(query) };
      const { items, total } = await devices.listDevicesWithEvents(ctx, filter, await period(scope.organizationId, query));
      return { items: items.map((i) => presentClientDevice(i.device, i.events)), total, page: query.page, page_size: query.page_size };
    },
  });

  router.route({
    method: 'get',
    path: '/client/devices/:id',
    summary: 'One of the organization’s receivers, with its reported status',
    tags,
    guard: { client: 'view_analytics' },
    params: IdParams,
    query: z.object(PeriodQuery),
    response: ClientDeviceDetailView,
    handler: async ({ scope, params, query }) => {
      await requireDevice(ctx.db, scope, params.id);
      return detail(scope.organizationId, params.id, query);
    },
  });

  // brief: owner, admin and operator configure their organization's devices; manager and viewer only look.
  router.route({
    method: 'patch',
    path: '/client/devices/:id',
    summary: 'Rename a receiver or change its notes (roles that configure devices)',
    tags,
    guard: { client: 'configure_devices' },
    params: IdParams,
    body: UpdateClientDevice,
    response: ClientDeviceDetailView,
    handler: async ({ scope, params, body }) => {
      await requireDevice(ctx.db, scope, params.id);
      await devices.changeClientDevice(ctx, scope.organizationId, params.id, body);
      return detail(scope.organizationId, params.id, {});
    },
  });

  router.route({
    method: 'put',
    path: '/client/devices/:id/config',
    summary: "Replace a receiver's config overrides (validated against the products' schemas); pushed with a new version",
    tags,
    guard: { client: 'configure_devices' },
    params: IdParams,
    body: ConfigOverrides,
    response: ClientDeviceDetailView,
    handler: async ({ scope, params, body }) => {
      await requireDevice(ctx.db, scope, params.id);
      await devices.setDeviceConfig(ctx, params.id, body.overrides, scope.organizationId);
      return detail(scope.organizationId, params.id, {});
    },
  });

  async function detail(organizationId: number, id: number, query: { from?: Date; to?: Date }) {
    const { device, events } = await devices.getDeviceWithEvents(ctx, id, await period(organizationId, query), organizationId);
    return presentClientDeviceDetail(device, events, (await deviceLocation(ctx.db, organizationId, id)) ?? null);
  }
}

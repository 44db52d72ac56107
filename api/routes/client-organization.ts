import type { ApiContext } from '../context.ts';
import { z } from '../http/openapi.ts';
import type { ApiRouter } from '../http/router.ts';
import { OrganizationView, presentOrganization } from '../presenters/organization.ts';
import { organizationOverview, today } from '../services/devices.ts';
import { hiddenDevices } from '../services/location-scope.ts';
import { getOrganization } from '../services/organizations.ts';

const OverviewView = z
  .object({
    devices: z.object({ total: z.number().int(), online: z.number().int(), offline: z.number().int() }),
    events_today: z.number().int().describe('events stored since local midnight, every product'),
  })
  .openapi('OrganizationOverview');

/** /client/organization, /client/overview: the caller's own organization and its fleet at a glance. */
export function clientOrganizationRoutes(router: ApiRouter, ctx: ApiContext): void {
  router.route({
    method: 'get',
    path: '/client/organization',
    summary: "The caller's organization, its status and enabled products",
    tags: ['client'],
    guard: { client: 'view_analytics' },
    response: OrganizationView,
    handler: async ({ principal }) => presentOrganization(await getOrganization(ctx.db, principal.organizationId)),
  });

  router.route({
    method: 'get',
    path: '/client/overview',
    summary: 'Devices online and offline, events stored today (the dashboard’s numbers)',
    tags: ['client'],
    guard: { client: 'view_analytics' },
    response: OverviewView,
    handler: async ({ scope }) => {
      const org = await getOrganization(ctx.db, scope.organizationId);
      const overview = await organizationOverview(ctx, org.id, today(org.timezone), await hiddenDevices(ctx.db, scope));
      return { devices: overview.devices, events_today: overview.events };
    },
  });
}

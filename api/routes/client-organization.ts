import type { ApiContext } from '../context.ts';
import type { ApiRouter } from '../http/router.ts';
import { OrganizationView, presentOrganization } from '../presenters/organization.ts';
import { getOrganization } from '../services/organizations.ts';

/** /client/organization: the caller's own organization. */
export function clientOrganizationRoutes(router: ApiRouter, ctx: ApiContext): void {
  router.route({
    method: 'get',
    path: '/client/organization',
    summary: "The caller's organization, its status and enabled products",
    tags: ['client'],
    guard: { client: true },
    response: OrganizationView,
    handler: async ({ principal }) => presentOrganization(await getOrganization(ctx.db, principal.organizationId)),
  });
}

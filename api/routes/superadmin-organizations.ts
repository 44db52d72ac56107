import { ORGANIZATION_ROLES } from '../../core/roles.ts';
import { PRODUCT_NAMES } from '../../core/products.ts';
import type { ApiContext } from '../context.ts';
import { z } from '../http/openapi.ts';
import type { ApiRouter } from '../http/router.ts';
import { Email, IdParams, Pagination, pageWindow, paged, TimeZone } from '../http/schemas.ts';
import { OrganizationView, presentOrganization } from '../presenters/organization.ts';
import { presentUser, UserView } from '../presenters/user.ts';
import * as organizations from '../services/organizations.ts';
import { createOrganizationUser, listMembers } from '../services/users.ts';

const Member = {
  email: Email,
  password: z.string().min(1).max(1024),
  name: z.string().trim().max(200).optional(),
};

const OrganizationFields = {
  name: z.string().trim().min(1).max(200),
  phone: z.string().trim().max(50).nullable().optional(),
  contact_email: Email.nullable().optional(),
  status: z.enum(['pending', 'active']).optional(),
  products: z.array(z.enum(PRODUCT_NAMES)).optional(),
  timezone: TimeZone.optional(),
};

const CreateOrganization = z
  .object({ ...OrganizationFields, owner: z.object(Member).optional().describe('Creates the owner account together with the organization') })
  .openapi('CreateOrganization');
const UpdateOrganization = z.object(OrganizationFields).partial().openapi('UpdateOrganization');
const ListQuery = z.object({ status: z.enum(['pending', 'active']).optional(), q: z.string().trim().max(200).optional(), ...Pagination });
const CreateMember = z.object({ ...Member, role: z.enum(ORGANIZATION_ROLES) }).openapi('CreateMember');

/** /superadmin/organizations: the platform's client organizations, their products and users. */
export function superadminOrganizationRoutes(router: ApiRouter, ctx: ApiContext): void {
  const tags = ['superadmin: organizations'];

  router.route({
    method: 'get',
    path: '/superadmin/organizations',
    summary: 'List organizations (status=pending for those awaiting activation)',
    tags,
    guard: 'superadmin',
    query: ListQuery,
    response: paged(OrganizationView),
    handler: async ({ query }) => {
      const { rows, total } = await organizations.listAllOrganizations(ctx.db, { status: query.status, q: query.q, ...pageWindow(query) });
      return { items: rows.map(presentOrganization), total, page: query.page, page_size: query.page_size };
    },
  });

  router.route({
    method: 'post',
    path: '/superadmin/organizations',
    summary: 'Create an organization, optionally with its owner',
    tags,
    guard: 'superadmin',
    body: CreateOrganization,
    status: 201,
    response: OrganizationView,
    handler: async ({ body }) => presentOrganization(await organizations.createOrganization(ctx.db, body)),
  });

  router.route({
    method: 'get',
    path: '/superadmin/organizations/:id',
    summary: 'One organization',
    tags,
    guard: 'superadmin',
    params: IdParams,
    response: OrganizationView,
    handler: async ({ params }) => presentOrganization(await organizations.getOrganization(ctx.db, params.id)),
  });

  router.route({
    method: 'patch',
    path: '/superadmin/organizations/:id',
    summary: 'Edit an organization: details, activation status, enabled products',
    tags,
    guard: 'superadmin',
    params: IdParams,
    body: UpdateOrganization,
    response: OrganizationView,
    handler: async ({ params, body }) => presentOrganization(await organizations.changeOrganization(ctx, params.id, body)),
  });

  router.route({
    method: 'delete',
    path: '/superadmin/organizations/:id',
    summary: 'Delete an organization and its users; its devices stay registered, unbound',
    tags,
    guard: 'superadmin',
    params: IdParams,
    status: 204,
    handler: async ({ params }) => organizations.removeOrganization(ctx, params.id),
  });

  router.route({
    method: 'get',
    path: '/superadmin/organizations/:id/users',
    summary: "An organization's users",
    tags,
    guard: 'superadmin',
    params: IdParams,
    response: z.array(UserView),
    handler: async ({ params }) => (await listMembers(ctx.db, params.id)).map(presentUser),
  });

  router.route({
    method: 'post',
    path: '/superadmin/organizations/:id/users',
    summary: 'Add a user (e.g. the owner) to an organization',
    tags,
    guard: 'superadmin',
    params: IdParams,
    body: CreateMember,
    status: 201,
    response: UserView,
    handler: async ({ params, body }) => {
      await organizations.getOrganization(ctx.db, params.id);
      return presentUser(await createOrganizationUser(ctx.db, params.id, body));
    },
  });
}

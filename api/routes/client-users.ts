import type { ApiContext } from '../context.ts';
import { z } from '../http/openapi.ts';
import type { ApiRouter } from '../http/router.ts';
import { Email, IdParams } from '../http/schemas.ts';
import { MemberCredentials, memberInput } from '../http/member-schema.ts';
import { MemberView, presentMember, presentUser, UserView } from '../presenters/user.ts';
import { addMember } from '../services/accounts/members.ts';
import { findUserById } from '../../db/repositories/users.ts';
import { changeMember, listMembersWithGrants } from '../services/users.ts';

// brief: the owner manages users; the roles an owner hands out (a second owner is the superadmin's call).
const ASSIGNABLE_ROLES = ['admin', 'manager', 'operator', 'viewer'] as const;

const CreateUser = z
  .object({
    email: Email,
    name: z.string().trim().max(200).optional(),
    role: z.enum(ASSIGNABLE_ROLES),
    ...MemberCredentials,
  })
  .openapi('CreateClientUser');

const Grants = z
  .array(z.object({ location_id: z.number().int().positive(), access: z.enum(['read', 'write']) }))
  .max(1000)
  .refine((grants) => new Set(grants.map((g) => g.location_id)).size === grants.length, 'each location at most once')
  .describe('replaces every grant: the locations a manager, operator or viewer sees, each read or write');

const UpdateUser = z
  .object({
    role: z.enum(ASSIGNABLE_ROLES).optional(),
    active: z.boolean().optional(),
    name: z.string().trim().max(200).optional(),
    read_only: z.boolean().optional().describe('brief: read-only mode, whatever the role'),
    grants: Grants.optional(),
  })
  .openapi('UpdateClientUser');

/** /client/users: the organization's people; only the owner manages them. */
export function clientUserRoutes(router: ApiRouter, ctx: ApiContext): void {
  const tags = ['client'];
  const guard = { client: 'manage_users' } as const;

  router.route({
    method: 'get',
    path: '/client/users',
    summary: "The organization's users with their location grants (owner only)",
    tags,
    guard,
    response: z.array(MemberView),
    handler: async ({ principal }) => (await listMembersWithGrants(ctx.db, principal.organizationId)).map((m) => presentMember(m.user, m.grants)),
  });

  router.route({
    method: 'post',
    path: '/client/users',
    summary: 'Add a user with a role (owner only): by invitation link (default), generated password, or a chosen password',
    tags,
    guard,
    body: CreateUser,
    status: 201,
    response: UserView,
    handler: async ({ principal, body }) => {
      const inviter = (await findUserById(ctx.db, principal.userId))!;
      return presentUser(await addMember(ctx.accounts, principal.organizationId, { ...memberInput(body), locale: inviter.locale }, inviter));
    },
  });

  router.route({
    method: 'patch',
    path: '/client/users/:id',
    summary: "Change a user's role, name, active or read-only flag, or location grants (owner only; not one's own role)",
    tags,
    guard,
    params: IdParams,
    body: UpdateUser,
    response: MemberView,
    handler: async ({ principal, params, body }) => {
      const changed = await changeMember(ctx.db, principal.organizationId, principal.userId, params.id, body);
      return presentMember(changed.user, changed.grants);
    },
  });
}

import type { ApiContext } from '../context.ts';
import { z } from '../http/openapi.ts';
import type { ApiRouter } from '../http/router.ts';
import { Email, IdParams } from '../http/schemas.ts';
import { MemberCredentials, memberInput } from '../http/member-schema.ts';
import { presentUser, UserView } from '../presenters/user.ts';
import { addMember } from '../services/accounts/members.ts';
import { findUserById } from '../../db/repositories/users.ts';
import { changeMember, listMembers } from '../services/users.ts';

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

const UpdateUser = z
  .object({ role: z.enum(ASSIGNABLE_ROLES).optional(), active: z.boolean().optional(), name: z.string().trim().max(200).optional() })
  .openapi('UpdateClientUser');

/** /client/users: the organization's people; only the owner manages them. */
export function clientUserRoutes(router: ApiRouter, ctx: ApiContext): void {
  const tags = ['client'];
  const guard = { client: 'manage_users' } as const;

  router.route({
    method: 'get',
    path: '/client/users',
    summary: "The organization's users (owner only)",
    tags,
    guard,
    response: z.array(UserView),
    handler: async ({ principal }) => (await listMembers(ctx.db, principal.organizationId)).map(presentUser),
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
    summary: "Change a user's role, name or active flag (owner only; not one's own role)",
    tags,
    guard,
    params: IdParams,
    body: UpdateUser,
    response: UserView,
    handler: async ({ principal, params, body }) =>
      presentUser(await changeMember(ctx.db, principal.organizationId, principal.userId, params.id, body)),
  });
}

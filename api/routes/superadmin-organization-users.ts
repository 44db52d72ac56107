import { ORGANIZATION_ROLES } from '../../core/roles.ts';
import type { ApiContext } from '../context.ts';
import { z } from '../http/openapi.ts';
import type { ApiRouter } from '../http/router.ts';
import { presentUser, UserView } from '../presenters/user.ts';
import { changeMember, setMemberPassword } from '../services/users.ts';

const MemberParams = z.object({ id: z.coerce.number().int().positive(), userId: z.coerce.number().int().positive() });

const UpdateMember = z
  .object({ role: z.enum(ORGANIZATION_ROLES).optional(), active: z.boolean().optional(), name: z.string().trim().max(200).optional() })
  .openapi('UpdateMember');

const ResetPassword = z.object({ password: z.string().min(1).max(1024) }).openapi('ResetMemberPassword');

/** Support manages an organization's people: role (owner included), deactivate, a new password. */
export function superadminOrganizationUserRoutes(router: ApiRouter, ctx: ApiContext): void {
  const tags = ['superadmin: organizations'];

  router.route({
    method: 'patch',
    path: '/superadmin/organizations/:id/users/:userId',
    summary: "Change a member's role, name or active flag (a user of another organization answers 404)",
    tags,
    guard: 'superadmin',
    params: MemberParams,
    body: UpdateMember,
    response: UserView,
    handler: async ({ principal, params, body }) => presentUser((await changeMember(ctx.db, params.id, principal.userId, params.userId, body)).user),
  });

  router.route({
    method: 'post',
    path: '/superadmin/organizations/:id/users/:userId/password',
    summary: "Set a member's password (they forgot it); all their sessions end",
    tags,
    guard: 'superadmin',
    params: MemberParams,
    body: ResetPassword,
    status: 204,
    handler: ({ params, body }) => setMemberPassword(ctx.db, params.id, params.userId, body.password),
  });
}

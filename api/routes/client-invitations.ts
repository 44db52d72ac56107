import type { ApiContext } from '../context.ts';
import { z } from '../http/openapi.ts';
import type { ApiRouter } from '../http/router.ts';
import { IdParams, Timestamp } from '../http/schemas.ts';
import { presentUser, UserView } from '../presenters/user.ts';
import { listInvitations, resendInvitation, revokeInvitation, type Invitation } from '../services/accounts/members.ts';
import { findUserById } from '../../db/repositories/users.ts';

const InvitationView = z
  .object({
    user: UserView,
    sent_at: Timestamp,
    expires_at: Timestamp,
    expired: z.boolean().describe('The newest link has expired; resend to invite again'),
  })
  .openapi('Invitation');

const presentInvitation = (i: Invitation): z.infer<typeof InvitationView> => ({
  user: presentUser(i.user),
  sent_at: i.sent_at?.toISOString() ?? null,
  expires_at: i.expires_at?.toISOString() ?? null,
  expired: !i.expires_at || i.expires_at.getTime() <= Date.now(),
});

/** /client/invitations: members invited by link who have not set their password yet (owner only). */
export function clientInvitationRoutes(router: ApiRouter, ctx: ApiContext): void {
  const tags = ['client'];
  const guard = { client: 'manage_users' } as const;

  router.route({
    method: 'get',
    path: '/client/invitations',
    summary: 'Pending invitations (owner only)',
    tags,
    guard,
    response: z.array(InvitationView),
    handler: async ({ principal }) => (await listInvitations(ctx.accounts, principal.organizationId)).map(presentInvitation),
  });

  router.route({
    method: 'post',
    path: '/client/invitations/:id/resend',
    summary: 'Send an invitation again with a new link; the old link stops working (id = the invited user)',
    tags,
    guard,
    params: IdParams,
    response: InvitationView,
    handler: async ({ principal, params }) => {
      const inviter = (await findUserById(ctx.db, principal.userId))!;
      return presentInvitation(await resendInvitation(ctx.accounts, principal.organizationId, params.id, inviter));
    },
  });

  router.route({
    method: 'delete',
    path: '/client/invitations/:id',
    summary: 'Withdraw an invitation: the invited account is removed and its link stops working',
    tags,
    guard,
    params: IdParams,
    status: 204,
    handler: async ({ principal, params }) => revokeInvitation(ctx.accounts, principal.organizationId, params.id),
  });
}

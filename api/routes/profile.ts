import type { ApiContext } from '../context.ts';
import { z } from '../http/openapi.ts';
import type { ApiRouter } from '../http/router.ts';
import { Timestamp } from '../http/schemas.ts';
import { endOwnSession, listOwnSessions } from '../services/profile.ts';

const SessionView = z
  .object({
    id: z.string(),
    current: z.boolean().describe('the session making this request'),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    created_at: Timestamp,
    last_used_at: Timestamp,
  })
  .openapi('Session');

/** The profile page's own sessions (list, sign one out); its password and e-mail changes are in accounts.ts. */
export function profileRoutes(router: ApiRouter, ctx: ApiContext): void {
  const tags = ['auth'];

  router.route({
    method: 'get',
    path: '/auth/sessions',
    summary: 'My live sessions (where I am signed in)',
    tags,
    guard: 'user',
    response: z.array(SessionView),
    handler: async ({ principal }) =>
      (await listOwnSessions(ctx.db, principal.userId, principal.sessionId)).map((s) => ({
        id: s.id,
        current: s.current,
        ip: s.ip,
        user_agent: s.user_agent,
        created_at: s.created_at.toISOString(),
        last_used_at: s.last_used_at.toISOString(),
      })),
  });

  router.route({
    method: 'delete',
    path: '/auth/sessions/:id',
    summary: 'Sign one of my sessions out (another browser, a lost phone)',
    tags,
    guard: 'user',
    params: z.object({ id: z.uuid() }),
    status: 204,
    handler: ({ principal, params }) => endOwnSession(ctx.db, principal.userId, params.id),
  });
}

import type { Request } from 'express';
import type { ApiContext } from '../context.ts';
import { z } from '../http/openapi.ts';
import type { ApiRouter } from '../http/router.ts';
import { IdParams, Timestamp } from '../http/schemas.ts';
import { requireDevice } from '../services/location-scope.ts';
import * as tunnels from '../services/tunnels.ts';
import { TERMINAL_PATH } from '../tunnels/terminals.ts';

const TerminalRequest = z
  .object({
    ssh_user: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'must be a login name').default('root').describe("Login name on the device's sshd"),
  })
  .openapi('TerminalRequest');

const TerminalTicket = z
  .object({
    session_id: z.string(),
    ticket: z.string().describe('One-time, valid 30 s: connect the WebSocket at `ws_path?ticket=…` with it'),
    ws_path: z.string(),
    reattached: z.boolean().describe('An own session left within the grace period is taken over, screen and all'),
  })
  .openapi('TerminalTicket');

const DashboardLinkView = z
  .object({ url: z.string().describe("The device's dashboard on a host of its own; show it in a sandboxed iframe"), session_id: z.string() })
  .openapi('DashboardLink');

const TunnelStatusView = z
  .object({
    state: z.enum(['none', 'dialing', 'up', 'redialing']),
    since: Timestamp,
    terminals: z.number().int(),
    ports: z.array(z.number().int()),
  })
  .openapi('TunnelStatus');

const TunnelSessionView = z
  .object({
    id: z.string(),
    kind: z.enum(['terminal', 'dashboard']),
    user_email: z.string(),
    client_ip: z.string().nullable(),
    ssh_user: z.string().nullable(),
    host_key_sha256: z.string().nullable(),
    started_at: Timestamp,
    ended_at: Timestamp,
    end_reason: z.string().nullable(),
    bytes_to_device: z.number(),
    bytes_from_device: z.number(),
  })
  .openapi('TunnelSession');

/** The client's IP and the platform's base URL as the device should dial it. */
const origin = (ctx: ApiContext, req: Request): tunnels.RequestOrigin => ({
  ip: req.ip ?? '',
  origin: ctx.config.publicUrl?.replace(/\/+$/, '') ?? `${req.protocol}://${req.get('host')}`,
});

/** Remote access: web terminal (superadmin), device dashboard (superadmin and the device's organization), tunnel status. */
export function tunnelRoutes(router: ApiRouter, ctx: ApiContext): void {
  const deps = { db: ctx.db, remoteAccess: ctx.remoteAccess };
  const tags = ['remote access'];

  router.route({
    method: 'post',
    path: '/superadmin/devices/:id/terminal',
    summary: 'Open a web terminal (SSH to the device through its tunnel); 409 device_offline, 429 terminal_limit_reached',
    tags,
    guard: 'superadmin',
    params: IdParams,
    body: TerminalRequest,
    response: TerminalTicket,
    handler: async ({ params, body, principal, req }) => {
      const opened = await tunnels.openTerminal(deps, principal, params.id, body.ssh_user, origin(ctx, req));
      return { session_id: opened.sessionId, ticket: opened.ticket, ws_path: TERMINAL_PATH, reattached: opened.reattached };
    },
  });

  router.route({
    method: 'post',
    path: '/superadmin/devices/:id/dashboard',
    summary: "Open the device's own web dashboard through its tunnel (waits up to TUNNEL_OPEN_TIMEOUT_SECONDS for the device to dial)",
    tags,
    guard: 'superadmin',
    params: IdParams,
    response: DashboardLinkView,
    handler: async ({ params, principal, req }) => presentLink(await tunnels.openDashboard(deps, principal, params.id, origin(ctx, req))),
  });

  router.route({
    method: 'post',
    path: '/client/devices/:id/dashboard',
    summary: "Open one of the organization's devices' own web dashboard through its tunnel",
    tags,
    // brief: the dashboard is for whoever may change device settings in the organization.
    guard: { client: 'configure_devices' },
    params: IdParams,
    response: DashboardLinkView,
    handler: async ({ params, principal, scope, req }) => {
      await requireDevice(ctx.db, scope, params.id);
      return presentLink(await tunnels.openDashboard(deps, principal, params.id, origin(ctx, req)));
    },
  });

  router.route({
    method: 'get',
    path: '/superadmin/devices/:id/tunnel',
    summary: "The device's tunnel, if one is open",
    tags,
    guard: 'superadmin',
    params: IdParams,
    response: TunnelStatusView,
    handler: async ({ params }) => {
      const status = await tunnels.tunnelStatus(deps, params.id);
      return { ...status, since: status.since?.toISOString() ?? null };
    },
  });

  router.route({
    method: 'delete',
    path: '/superadmin/devices/:id/tunnel',
    summary: "Close the device's tunnel now (its terminals and dashboards end)",
    tags,
    guard: 'superadmin',
    params: IdParams,
    status: 204,
    handler: async ({ params }) => tunnels.closeTunnel(deps, params.id),
  });

  router.route({
    method: 'get',
    path: '/superadmin/devices/:id/tunnel-sessions',
    summary: 'Terminal and dashboard sessions over the device’s tunnels, newest first (who, from where, how long, bytes, why it ended)',
    tags,
    guard: 'superadmin',
    params: IdParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
    response: z.object({ items: z.array(TunnelSessionView) }),
    handler: async ({ params, query }) => ({
      items: (await tunnels.tunnelSessions(deps, params.id, query.limit)).map((s) => ({
        id: s.id,
        kind: s.kind,
        user_email: s.user_email,
        client_ip: s.client_ip,
        ssh_user: s.ssh_user,
        host_key_sha256: s.host_key_sha256,
        started_at: s.started_at.toISOString(),
        ended_at: s.ended_at?.toISOString() ?? null,
        end_reason: s.end_reason,
        bytes_to_device: Number(s.bytes_to_device),
        bytes_from_device: Number(s.bytes_from_device),
      })),
    }),
  });
}

const presentLink = (link: { url: string; sessionId: string }) => ({ url: link.url, session_id: link.sessionId });

import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { AppError, validationFailed } from '../../../core/errors.ts';
import type { LiveFixes } from '../../../core/products/ble-live.ts';
import type { LocationScope } from '../../../core/policy.ts';
import { findLiveSessionUser } from '../../../db/repositories/sessions.ts';
import type { ApiContext } from '../../context.ts';
import { guardRefusal } from '../../http/router.ts';
import { organizationAccess } from '../../services/organizations.ts';
import { authenticateAccessToken } from '../../services/auth.ts';
import { pathOf } from '../../tunnels/upgrade.ts';
import { LiveState } from './live-state.ts';
import { liveSnapshot, presentFixes } from './views-service.ts';

/** Where the browser's live map connects; it then sends `{type:'subscribe', token, plan_id}`. */
export const BLE_LIVE_PATH = '/api/v1/client/ble/live';

// A subscribe message is a token and an id; anything bigger is not one.
const MAX_MESSAGE_BYTES = 8 * 1024;
// A page that connects and never subscribes holds a socket for nothing.
const SUBSCRIBE_TIMEOUT_MS = 10_000;
// A subscription outlives its access token: its session is re-checked this often, so a logout, a
// revoked session or a deactivated user stops the feed within a minute.
const SESSION_CHECK_MS = 60_000;
// A browser that cannot keep up skips rounds (the next round supersedes them) instead of queueing them.
const MAX_BUFFERED_BYTES = 1024 * 1024;

const LIVE_GUARD = { client: 'view_analytics', product: 'ble' } as const;

const Subscribe = z.object({ type: z.literal('subscribe'), token: z.string().min(1).max(4096), plan_id: z.number().int().positive().max(2_147_483_647) });

/** WebSocket close codes: 4000 + the HTTP status the same refusal has in the REST API. */
const closeCode = (status: number) => 4000 + (status >= 400 && status < 600 ? status : 500);

interface Subscription {
  sessionId: string;
  userId: number;
  organizationId: number;
  planId: number;
  receivers: Set<number>;
}

/**
 * The live map's WebSocket. Browsers cannot put an Authorization header on a WebSocket, so the access
 * token travels in the subscribe message and is checked there exactly like a REST call's (session live,
 * role may view analytics, BLE enabled, the plan the organization's own; a foreign plan is refused like
 * a missing one). Each socket then gets the plan's snapshot and every later round of fixes of that plan.
 */
export class BleLiveSockets {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private readonly subscriptions = new Map<WebSocket, Subscription>();
  private readonly offs: Array<() => void>;
  private readonly sessionTimer: NodeJS.Timeout;
  private readonly organizations: ReturnType<typeof organizationAccess>;

  constructor(
    private readonly ctx: ApiContext,
    readonly live: LiveState,
  ) {
    this.organizations = organizationAccess(ctx.db);
    this.offs = [
      live.onRound((round) => this.broadcast(round)),
      ctx.bus.on('device.presence', (e) => this.presence(e.deviceId, e.online)),
    ];
    this.sessionTimer = setInterval(() => void this.recheckSessions(), SESSION_CHECK_MS);
    this.sessionTimer.unref();
  }

  /** Ends the feeds whose session is no longer live (logged out, revoked, expired, user deactivated). */
  async recheckSessions(): Promise<void> {
    for (const [ws, sub] of this.subscriptions) {
      const user = await findLiveSessionUser(this.ctx.db, sub.sessionId, sub.userId);
      if (!user) refuse(ws, new AppError(401, 'session_revoked', 'Session is no longer valid'));
    }
  }

  /** Takes the live map's upgrade requests; false for any other path. */
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean {
    if (pathOf(req) !== BLE_LIVE_PATH) return false;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    return true;
  }

  stop(): void {
    clearInterval(this.sessionTimer);
    for (const off of this.offs) off();
    for (const ws of this.wss.clients) ws.close(1001, 'shutdown');
    this.wss.close();
    this.live.stop();
  }

  private accept(ws: WebSocket): void {
    const timer = setTimeout(() => refuse(ws, new AppError(401, 'subscribe_timeout', 'No subscribe message arrived')), SUBSCRIBE_TIMEOUT_MS);
    ws.on('close', () => {
      clearTimeout(timer);
      this.subscriptions.delete(ws);
    });
    // One subscribe at a time per socket (a page switching plans re-subscribes): messages sent while one
    // is being checked are dropped, so a socket cannot queue token checks.
    let checking = false;
    ws.on('message', (data, isBinary) => {
      clearTimeout(timer);
      if (checking) return;
      checking = true;
      void this.subscribe(ws, isBinary ? null : data.toString())
        .catch((err: unknown) => {
          if (!(err instanceof AppError)) this.ctx.log.error({ err }, 'ble live: subscribe failed');
          refuse(ws, err);
        })
        .finally(() => (checking = false));
    });
  }

  private async subscribe(ws: WebSocket, text: string | null): Promise<void> {
    let message: unknown;
    try {
      message = text === null ? null : JSON.parse(text);
    } catch {
      message = null;
    }
    const parsed = Subscribe.safeParse(message);
    if (!parsed.success) throw validationFailed(parsed.error.issues.map((i) => ({ in: 'message', path: i.path.join('.'), message: i.message })), 'Expected {"type":"subscribe","token":…,"plan_id":…}');
    const principal = await authenticateAccessToken(this.ctx.auth, parsed.data.token);
    // The same guard as the live map's polling route (GET /client/ble/plans/:id/live).
    const refusal = await guardRefusal(LIVE_GUARD, 'read', principal, this.organizations);
    if (refusal) throw refusal;
    // The plan's location must be granted: one not granted is refused like a missing plan.
    const scope: LocationScope = { organizationId: principal.organizationId!, grants: principal.grants, access: 'read' };
    const snapshot = await liveSnapshot({ db: this.ctx.db, ch: this.ctx.ch, live: this.live }, scope, parsed.data.plan_id);
    if (ws.readyState !== ws.OPEN) return;
    // Registered before the snapshot is sent: a round arriving meanwhile follows it, never goes missing.
    this.subscriptions.set(ws, { sessionId: principal.sessionId, userId: principal.userId, organizationId: scope.organizationId, planId: snapshot.plan_id, receivers: new Set(snapshot.receivers.map((r) => r.device_id)) });
    ws.send(JSON.stringify({ type: 'snapshot', ...snapshot }));
  }

  private broadcast(round: LiveFixes): void {
    let message: string | undefined;
    for (const [ws, sub] of this.subscriptions) {
      if (sub.planId !== round.planId || sub.organizationId !== round.organizationId) continue;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) continue;
      message ??= JSON.stringify({ type: 'fixes', plan_id: round.planId, fixes: presentFixes(round.fixes) });
      ws.send(message);
    }
  }

  private presence(deviceId: number, online: boolean): void {
    for (const [ws, sub] of this.subscriptions) {
      if (sub.receivers.has(deviceId)) ws.send(JSON.stringify({ type: 'receiver', device_id: deviceId, online }));
    }
  }
}

function refuse(ws: WebSocket, err: unknown): void {
  const e = err instanceof AppError ? err : new AppError(500, 'internal_error', 'Internal error');
  if (ws.readyState !== ws.OPEN) return;
  ws.send(JSON.stringify({ type: 'error', error: { code: e.code, message: e.message, details: e.details ?? null } }));
  ws.close(closeCode(e.status), e.code);
}

// One live state per API context: the REST snapshot route and the WebSocket share it (and its bus listener).
const perContext = new WeakMap<ApiContext, BleLiveSockets>();

/** The BLE live map of this API process, created on first use. */
export function bleLive(ctx: ApiContext): BleLiveSockets {
  let live = perContext.get(ctx);
  if (!live) perContext.set(ctx, (live = new BleLiveSockets(ctx, new LiveState(ctx.ch, ctx.bus))));
  return live;
}

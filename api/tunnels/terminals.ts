import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { AppError } from '../../core/errors.ts';
import { insertTunnelSession } from '../../db/repositories/tunnels.ts';
import type { TunnelTarget } from './hub.ts';
import { TerminalSession, type TerminalDeps, type TerminalOwner } from './terminal-session.ts';
import { pathOf, refuseUpgrade, type ClientIp } from './upgrade.ts';

/** Where the browser's terminal WebSocket connects, with the ticket `open` issued. */
export const TERMINAL_PATH = '/api/v1/tunnel/terminal';

// Long enough for a page to connect right after asking; a ticket in a log is worthless soon after.
const TICKET_TTL_MS = 30_000;
// Typed input and resize messages are small; a paste of a few pages is the most a person sends.
const MAX_MESSAGE_BYTES = 64 * 1024;

export interface OpenedTerminal {
  sessionId: string;
  ticket: string;
  reattached: boolean;
}

/**
 * The live web terminals: opened by `open` (limits per user and per device; a user's own detached
 * session on the same device is taken over instead), attached by a one-time ticket because browsers
 * cannot put an Authorization header on a WebSocket.
 */
export class TerminalSessions {
  private readonly sessions = new Map<string, TerminalSession>();
  private readonly tickets = new Map<string, { session: TerminalSession; timer: NodeJS.Timeout }>();
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  constructor(private readonly deps: TerminalDeps & { clientIp: ClientIp }) {}

  async open(owner: TerminalOwner, target: TunnelTarget, opts: { ip: string; origin: string; sshUser: string }): Promise<OpenedTerminal> {
    const own = [...this.sessions.values()].filter((s) => s.owner.userId === owner.userId);
    const detached = own.find((s) => s.target.id === target.id && s.detached);
    if (detached) return { sessionId: detached.id, ticket: this.issueTicket(detached), reattached: true };

    const { maxPerUser, maxPerDevice } = this.deps.settings;
    if (own.length >= maxPerUser) throw limitReached('user', maxPerUser);
    const onDevice = [...this.sessions.values()].filter((s) => s.target.id === target.id).length;
    if (onDevice >= maxPerDevice) throw limitReached('device', maxPerDevice);

    const session = new TerminalSession(owner, target, { origin: opts.origin, sshUser: opts.sshUser }, this.deps);
    this.sessions.set(session.id, session);
    session.onEnd(() => this.sessions.delete(session.id));
    // The tunnel is not known yet: the session records it once it is up.
    await insertTunnelSession(this.deps.db, { id: session.id, kind: 'terminal', tunnelId: null, device: target, user: owner, clientIp: opts.ip });
    return { sessionId: session.id, ticket: this.issueTicket(session), reattached: false };
  }

  /** Live sessions of one device (for its page). */
  ofDevice(deviceId: number): TerminalSession[] {
    return [...this.sessions.values()].filter((s) => s.target.id === deviceId);
  }

  /** Routes a browser's terminal WebSocket; false when the request is for someone else. */
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean {
    if (pathOf(req) !== TERMINAL_PATH) return false;
    const ticket = new URL(req.url ?? '/', 'http://localhost').searchParams.get('ticket') ?? '';
    const entry = this.tickets.get(ticket);
    if (!entry) {
      this.deps.log.info({ ip: this.deps.clientIp(req) }, 'terminal: unknown or used ticket');
      refuseUpgrade(socket, 401, 'ticket_invalid', 'Unknown, used or expired terminal ticket');
      return true;
    }
    this.tickets.delete(ticket);
    clearTimeout(entry.timer);
    this.wss.handleUpgrade(req, socket, head, (ws) => entry.session.attach(ws));
    return true;
  }

  stop(): void {
    for (const session of this.sessions.values()) session.end('shutdown');
    for (const { timer } of this.tickets.values()) clearTimeout(timer);
    this.tickets.clear();
    this.wss.close();
  }

  private issueTicket(session: TerminalSession): string {
    const ticket = randomBytes(24).toString('base64url');
    const timer = setTimeout(() => {
      this.tickets.delete(ticket);
      // Asked for and never connected: it must not hold a place under the limits.
      if (session.state === 'new') session.end('never_attached');
    }, TICKET_TTL_MS);
    this.tickets.set(ticket, { session, timer });
    return ticket;
  }
}

const limitReached = (scope: 'user' | 'device', limit: number) =>
  new AppError(429, 'terminal_limit_reached', scope === 'user' ? `You already have ${limit} terminals open` : `This device already has ${limit} terminals open`, {
    scope,
    limit,
  });

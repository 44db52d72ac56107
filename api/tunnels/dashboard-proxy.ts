import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Config } from '../../core/config.ts';
import type { Logger } from '../../core/logger.ts';
import type { Db } from '../../core/postgres.ts';
import { endTunnelSession, insertTunnelSession } from '../../db/repositories/tunnels.ts';
import { CookieJar } from './cookie-jar.ts';
import type { DeviceTunnel } from './device-tunnel.ts';
import type { TunnelHub, TunnelTarget } from './hub.ts';
import type { TerminalOwner } from './terminal-session.ts';
import type { ClientIp } from './upgrade.ts';

/** The device's own web interface, reached through the tunnel. */
export const DASHBOARD_PORT = 80;

// What the device's pages may do: run scripts and submit forms, open popups and dialogs — in an
// opaque origin (no allow-same-origin), so they can read no platform cookie or storage and every
// request they make to the platform is cross-origin and cookie-less.
const SANDBOX = 'sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads';

// Request headers that carry the platform's credentials or its own routing: never sent to a device.
const DROPPED_REQUEST_HEADERS = ['cookie', 'authorization', 'proxy-authorization', 'referer', 'origin', 'forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip'];
// Hop-by-hop headers (RFC 9110 §7.6.1) and what the proxy decides itself.
const DROPPED_RESPONSE_HEADERS = ['connection', 'keep-alive', 'transfer-encoding', 'set-cookie', 'content-security-policy', 'x-frame-options', 'strict-transport-security'];

interface DashboardLink {
  label: string;
  /** The platform origin that opened it: the only page allowed to frame it. */
  origin: string;
  sessionId: string;
  owner: TerminalOwner;
  target: TunnelTarget;
  tunnel: DeviceTunnel;
  jar: CookieJar;
  bytes: { toDevice: number; fromDevice: number };
  lastUsed: number;
  timer: NodeJS.Timeout | undefined;
  release(): void;
}

export interface DashboardDeps {
  hub: TunnelHub;
  db: Db;
  log: Logger;
  settings: Config['tunnels'];
  clientIp: ClientIp;
}

/**
 * Device dashboards, each on a host of its own: `<label>.<TUNNEL_DASHBOARD_HOST>`, where the label is
 * a random capability issued to one user and forgotten after TUNNEL_DASHBOARD_IDLE_SECONDS without a
 * request. A host per link lets a device UI use absolute paths (`/static/app.js`) untouched, and keeps
 * it off the platform's origin; responses carry a sandboxing CSP on top. Requests are forwarded with
 * Node's own http client over a tunnel stream to the device's port 80 (WebSocket upgrades too).
 */
export class DashboardProxy {
  private readonly links = new Map<string, DashboardLink>();
  private readonly suffix: string;

  constructor(private readonly deps: DashboardDeps) {
    this.suffix = `.${deps.settings.dashboardHost}`;
  }

  /** Opens the device's tunnel if needed and issues a dashboard URL for this user. */
  async open(owner: TerminalOwner, target: TunnelTarget, opts: { ip: string; origin: string }): Promise<{ url: string; sessionId: string }> {
    const tunnel = await this.deps.hub.ensure(target, { origin: opts.origin, userId: owner.userId });
    const label = randomBytes(16).toString('hex');
    const link: DashboardLink = {
      label,
      origin: new URL(opts.origin).origin,
      sessionId: randomUUID(),
      owner,
      target,
      tunnel,
      jar: new CookieJar(),
      bytes: { toDevice: 0, fromDevice: 0 },
      lastUsed: Date.now(),
      timer: undefined,
      release: tunnel.onClose(() => this.end(link, 'tunnel_closed')),
    };
    await insertTunnelSession(this.deps.db, { id: link.sessionId, kind: 'dashboard', tunnelId: tunnel.recordId, device: target, user: owner, clientIp: opts.ip });
    this.links.set(label, link);
    this.armIdle(link);
    const origin = new URL(opts.origin);
    return { url: `${origin.protocol}//${label}${this.suffix}${origin.port ? `:${origin.port}` : ''}/`, sessionId: link.sessionId };
  }

  /** Whether a request is for a dashboard host (then it never reaches the platform's own routes). */
  matches(req: http.IncomingMessage): boolean {
    return hostName(req).endsWith(this.suffix);
  }

  handleRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const link = this.linkOf(req);
    if (!link) return plainError(res, 404, 'This dashboard link is unknown or has expired. Open the dashboard again from MyBeacon.');
    void this.forward(link, req, res);
  }

  /** Proxies a dashboard WebSocket; false when the request is not for a dashboard host. */
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean {
    if (!this.matches(req)) return false;
    const link = this.linkOf(req);
    if (!link) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return true;
    }
    void this.forwardUpgrade(link, req, socket, head);
    return true;
  }

  stop(): void {
    for (const link of this.links.values()) this.end(link, 'shutdown');
  }

  private linkOf(req: http.IncomingMessage): DashboardLink | undefined {
    const label = hostName(req).slice(0, -this.suffix.length);
    const link = this.links.get(label);
    if (!link) {
      this.deps.log.info({ ip: this.deps.clientIp(req) }, 'dashboard: unknown link');
      return undefined;
    }
    link.lastUsed = Date.now();
    link.tunnel.touch();
    return link;
  }

  private async forward(link: DashboardLink, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let stream;
    try {
      stream = await link.tunnel.openStream(DASHBOARD_PORT);
    } catch {
      return plainError(res, 502, 'The device’s dashboard cannot be reached through the tunnel right now.');
    }
    this.count(link, stream);
    const upstream = http.request({
      method: req.method,
      path: req.url,
      headers: this.requestHeaders(link, req),
      createConnection: () => stream as never,
    });
    upstream.on('response', (answer) => {
      link.jar.store(answer.headers['set-cookie']);
      res.writeHead(answer.statusCode ?? 502, this.responseHeaders(link, answer.headers));
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) plainError(res, 502, 'The device’s dashboard did not answer.');
      else res.destroy();
    });
    res.on('close', () => stream.destroy());
    req.pipe(upstream);
  }

  private async forwardUpgrade(link: DashboardLink, req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    let stream;
    try {
      stream = await link.tunnel.openStream(DASHBOARD_PORT);
    } catch {
      socket.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.count(link, stream);
    const headers = { ...this.requestHeaders(link, req), connection: 'Upgrade', upgrade: req.headers.upgrade ?? 'websocket' };
    const upstream = http.request({ method: req.method, path: req.url, headers, createConnection: () => stream as never });
    upstream.on('upgrade', (answer, deviceSocket, deviceHead) => {
      const lines = [`HTTP/1.1 101 Switching Protocols`];
      for (let i = 0; i < answer.rawHeaders.length; i += 2) lines.push(`${answer.rawHeaders[i]}: ${answer.rawHeaders[i + 1]}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (deviceHead.length) socket.write(deviceHead);
      if (head.length) deviceSocket.write(head);
      deviceSocket.on('error', () => socket.destroy());
      deviceSocket.pipe(socket).pipe(deviceSocket);
      deviceSocket.on('close', () => socket.destroy());
      socket.on('close', () => deviceSocket.destroy());
    });
    upstream.on('response', (answer) => {
      socket.end(`HTTP/1.1 ${answer.statusCode ?? 502} ${answer.statusMessage ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      stream.destroy();
    });
    upstream.on('error', () => socket.destroy());
    upstream.end();
  }

  private requestHeaders(link: DashboardLink, req: http.IncomingMessage): http.OutgoingHttpHeaders {
    const headers: http.OutgoingHttpHeaders = { ...req.headers };
    for (const name of DROPPED_REQUEST_HEADERS) delete headers[name];
    // The device sees itself addressed as it would be on its own network, never the capability host.
    headers.host = 'localhost';
    const cookie = link.jar.header();
    if (cookie) headers.cookie = cookie;
    headers.connection = 'close';
    return headers;
  }

  private responseHeaders(link: DashboardLink, headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
    const out: http.OutgoingHttpHeaders = { ...headers };
    for (const name of DROPPED_RESPONSE_HEADERS) delete out[name];
    // A redirect to the device's own absolute URL stays on the dashboard host.
    if (typeof out.location === 'string') out.location = out.location.replace(/^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?(?=\/|$)/i, '') || '/';
    out['content-security-policy'] = `${SANDBOX}; frame-ancestors ${link.origin}`;
    out['referrer-policy'] = 'no-referrer';
    out['x-content-type-options'] = 'nosniff';
    return out;
  }

  private count(link: DashboardLink, stream: { bytesIn: number; bytesOut: number; once(e: 'close', f: () => void): unknown }): void {
    stream.once('close', () => {
      link.bytes.toDevice += stream.bytesOut;
      link.bytes.fromDevice += stream.bytesIn;
    });
  }

  private armIdle(link: DashboardLink): void {
    const idleMs = this.deps.settings.dashboardIdleSeconds * 1000;
    link.timer = setTimeout(() => {
      if (Date.now() - link.lastUsed >= idleMs) this.end(link, 'idle');
      else this.armIdle(link);
    }, Math.max(10, idleMs - (Date.now() - link.lastUsed)));
  }

  private end(link: DashboardLink, reason: string): void {
    if (!this.links.delete(link.label)) return;
    clearTimeout(link.timer);
    link.release();
    endTunnelSession(this.deps.db, link.sessionId, reason, link.bytes).catch((err: unknown) => this.deps.log.error({ err }, 'dashboard: could not record the end'));
  }
}

const hostName = (req: http.IncomingMessage): string => (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');

function plainError(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': SANDBOX, 'cache-control': 'no-store' });
  res.end(text);
}

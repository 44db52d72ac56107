import type { WebSocket } from 'ws';
import type { Config } from '../../core/config.ts';
import { AppError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import type { Db } from '../../core/postgres.ts';
import { StreamOpenError, TunnelMux, type TunnelStream } from '../../core/tunnel/mux.ts';
import { closeTunnelRecord, recordRefusedStream, recordTunnelDial } from '../../db/repositories/tunnels.ts';

export type TunnelState = 'dialing' | 'up' | 'redialing' | 'closed';

/** Why a tunnel ended; the UI translates these. */
export type TunnelCloseReason =
  | 'idle'
  | 'closed_by_admin'
  | 'device_offline'
  | 'device_closed'
  | 'dial_timeout'
  | 'redial_timeout'
  | 'refused'
  | 'credentials_changed'
  | 'protocol_error'
  | 'shutdown';

// WebSocket close codes the platform ends a tunnel with. 4000-4999 are the application's range; a
// device must not redial after any of them (docs/device-protocol.md), only after a lost connection.
const CLOSE_CODES: Record<TunnelCloseReason, number> = {
  idle: 4000,
  closed_by_admin: 4001,
  device_offline: 4003,
  device_closed: 4001,
  dial_timeout: 4001,
  redial_timeout: 4001,
  refused: 4001,
  credentials_changed: 4003,
  protocol_error: 4005,
  shutdown: 4004,
};
const SUPERSEDED = 4002;

export interface DeviceRef {
  id: number;
  mac: string;
  organizationId: number | null;
}

export interface TunnelDeps {
  db: Db;
  log: Logger;
  settings: Config['tunnels'];
}

/**
 * One device's tunnel: the WebSocket the device dialled (replaced when it redials after its NAT
 * mapping changed), the stream multiplexer over it, pings that notice a dead link, and the idle rule
 * (closed after `idleSeconds` without a terminal or a dashboard request). Its record in Postgres
 * follows it from request to close.
 */
export class DeviceTunnel {
  state: TunnelState = 'dialing';
  closeReason: TunnelCloseReason | undefined;
  readonly createdAt = Date.now();
  private mux: TunnelMux | undefined;
  private ws: WebSocket | undefined;
  private holds = 0;
  private lastActivity = Date.now();
  private bytes = { toDevice: 0, fromDevice: 0 };
  private readonly streams = new Set<TunnelStream>();
  private idleTimer: NodeJS.Timeout | undefined;
  private redialTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private waiters: Array<{ resolve(): void; reject(err: Error): void }> = [];
  private readonly closeListeners = new Set<(reason: TunnelCloseReason) => void>();

  constructor(
    readonly recordId: string,
    readonly ticket: string,
    readonly device: DeviceRef,
    /** Ports this device's streams may reach (its config's `tunnel.ports`, or the platform default). */
    readonly ports: readonly number[],
    private readonly deps: TunnelDeps,
  ) {
    this.armIdle();
  }

  /** The device dialled (or redialled): this WebSocket carries the tunnel from now on. */
  attach(ws: WebSocket, ip: string): void {
    if (this.state === 'closed') {
      ws.close(CLOSE_CODES[this.closeReason ?? 'shutdown'], this.closeReason);
      return;
    }
    this.dropLink(SUPERSEDED, 'superseded');
    clearTimeout(this.redialTimer);
    const mux = new TunnelMux({ send: (frame) => ws.send(frame), windowBytes: this.deps.settings.windowBytes });
    this.ws = ws;
    this.mux = mux;
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary && mux.receive(data)) return;
      this.deps.log.warn({ mac: this.device.mac }, 'tunnel: malformed frame from the device');
      this.close('protocol_error');
    });
    ws.on('close', () => {
      if (this.ws === ws) this.linkLost();
    });
    // ws reports an oversized or malformed message here and then closes the connection itself.
    ws.on('error', (err) => this.deps.log.warn({ mac: this.device.mac, err: err.message }, 'tunnel: WebSocket error from the device'));
    let alive = true;
    ws.on('pong', () => (alive = true));
    this.pingTimer = setInterval(() => {
      // No pong since the last ping: the path is dead (a NAT dropped the mapping); don't wait for TCP.
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, this.deps.settings.pingSeconds * 1000);
    this.state = 'up';
    for (const w of this.waiters.splice(0)) w.resolve();
    this.deps.log.info({ mac: this.device.mac, ip }, 'tunnel up');
    recordTunnelDial(this.deps.db, this.recordId, ip).catch((err: unknown) => this.deps.log.error({ err }, 'tunnel: could not record the dial'));
  }

  /** Resolves once the tunnel is up; rejects when it closes, or with 504 tunnel_timeout after `timeoutMs`. */
  whenUp(timeoutMs: number): Promise<void> {
    if (this.state === 'up') return Promise.resolve();
    if (this.state === 'closed') return Promise.reject(tunnelClosed(this.closeReason!));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new AppError(504, 'tunnel_timeout', 'The device did not open the tunnel in time', { seconds: Math.round(timeoutMs / 1000) }));
      }, timeoutMs);
      const waiter = {
        resolve: () => (clearTimeout(timer), resolve()),
        reject: (err: Error) => (clearTimeout(timer), reject(err)),
      };
      this.waiters.push(waiter);
    });
  }

  /** A stream to one of the device's allow-listed ports; anything else is refused and recorded. */
  async openStream(port: number): Promise<TunnelStream> {
    this.touch();
    if (!this.ports.includes(port)) {
      this.refused(port, 'port_not_allowed');
      throw new StreamOpenError('port_not_allowed');
    }
    if (this.state !== 'up' || !this.mux) throw new StreamOpenError('tunnel_closed');
    try {
      const stream = await this.mux.open(port);
      this.streams.add(stream);
      stream.once('close', () => {
        this.streams.delete(stream);
        this.bytes.toDevice += stream.bytesOut;
        this.bytes.fromDevice += stream.bytesIn;
        this.touch();
      });
      return stream;
    } catch (err) {
      if (err instanceof StreamOpenError && err.code === 'port_not_allowed') this.refused(port, 'refused by the device');
      throw err;
    }
  }

  /** Keeps the tunnel from idling out while a terminal session lives; call the result to let go. */
  hold(): () => void {
    this.holds++;
    this.touch();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.touch();
      this.armIdle();
    };
  }

  /** Something used the tunnel (a dashboard request, a stream): the idle clock starts again. */
  touch(): void {
    this.lastActivity = Date.now();
  }

  onClose(listener: (reason: TunnelCloseReason) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(reason: TunnelCloseReason): Promise<void> {
    if (this.state === 'closed') return Promise.resolve();
    this.state = 'closed';
    this.closeReason = reason;
    clearTimeout(this.idleTimer);
    clearTimeout(this.redialTimer);
    const bytes = this.traffic();
    this.dropLink(CLOSE_CODES[reason], reason);
    for (const w of this.waiters.splice(0)) w.reject(tunnelClosed(reason));
    for (const listener of this.closeListeners) listener(reason);
    this.deps.log.info({ mac: this.device.mac, reason }, 'tunnel closed');
    return closeTunnelRecord(this.deps.db, this.recordId, reason, bytes).catch((err: unknown) =>
      this.deps.log.error({ err }, 'tunnel: could not record the close'),
    );
  }

  /** Bytes through the tunnel so far (finished streams and the open ones). */
  traffic(): { toDevice: number; fromDevice: number } {
    const open = [...this.streams];
    return {
      toDevice: this.bytes.toDevice + open.reduce((n, s) => n + s.bytesOut, 0),
      fromDevice: this.bytes.fromDevice + open.reduce((n, s) => n + s.bytesIn, 0),
    };
  }

  private linkLost(): void {
    this.dropLink();
    if (this.state === 'closed') return;
    this.state = 'redialing';
    this.deps.log.info({ mac: this.device.mac }, 'tunnel link lost; waiting for the device to redial');
    this.redialTimer = setTimeout(() => void this.close('redial_timeout'), this.deps.settings.redialSeconds * 1000);
  }

  private dropLink(code?: number, reason?: string): void {
    clearInterval(this.pingTimer);
    const ws = this.ws;
    this.ws = undefined;
    if (this.mux) {
      this.mux.close();
      this.mux = undefined;
    }
    if (ws && code !== undefined && ws.readyState <= 1) ws.close(code, reason);
  }

  private armIdle(): void {
    clearTimeout(this.idleTimer);
    if (this.holds > 0 || this.state === 'closed') return;
    const idleMs = this.deps.settings.idleSeconds * 1000;
    this.idleTimer = setTimeout(() => {
      if (this.holds > 0) return;
      if (Date.now() - this.lastActivity >= idleMs) void this.close('idle');
      else this.armIdle();
    }, Math.max(10, idleMs - (Date.now() - this.lastActivity)));
  }

  private refused(port: number, why: string): void {
    this.deps.log.warn({ mac: this.device.mac, port, why }, 'tunnel: stream to a port outside the allow-list refused');
    recordRefusedStream(this.deps.db, this.recordId).catch((err: unknown) => this.deps.log.error({ err }, 'tunnel: could not record a refusal'));
  }
}

/** 409 tunnel_closed with the reason, for whoever waited on or used a tunnel that ended. */
export const tunnelClosed = (reason: TunnelCloseReason) =>
  new AppError(409, reason === 'refused' ? 'tunnel_refused' : 'tunnel_closed', `The tunnel closed: ${reason.replace(/_/g, ' ')}`, { reason });

import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { Config } from '../../core/config.ts';
import { AppError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import type { Db } from '../../core/postgres.ts';
import { StreamOpenError, type TunnelStream } from '../../core/tunnel/mux.ts';
import { endTunnelSession, updateTunnelSession } from '../../db/repositories/tunnels.ts';
import type { DeviceTunnel } from './device-tunnel.ts';
import type { OpenStep, TunnelHub, TunnelTarget } from './hub.ts';
import { Screen } from './screen.ts';
import { openSshShell, type SshShell } from './ssh-login.ts';

/** The device's own sshd, reached through the tunnel. */
export const SSH_PORT = 22;

/** What the browser is told over the terminal WebSocket (text frames; output travels as binary frames). */
export type TerminalControl =
  | { type: 'progress'; step: OpenStep | 'ssh_connected' }
  | { type: 'ready'; reattached: boolean }
  | { type: 'ended'; reason: string; message?: string };

export interface TerminalDeps {
  hub: TunnelHub;
  db: Db;
  log: Logger;
  settings: Config['tunnels']['terminal'];
}

export interface TerminalOwner {
  userId: number;
  email: string;
}

interface PendingAnswer {
  text: string;
  echo: boolean;
  resolve(answer: string): void;
  reject(err: Error): void;
}

const CTRL_C = '\x03';
const CTRL_D = '\x04';
const MAX_COLS = 500;
const MAX_ROWS = 200;

/**
 * One web terminal: an SSH session to the device over its tunnel, kept on the server with its screen
 * (so a browser that comes back within the grace period gets it as it was), bridged to at most one
 * browser WebSocket at a time. Output reaches the browser only as fast as it takes it: past
 * TERMINAL_SEND_BUFFER_BYTES unsent, the SSH channel is paused, which stops the device's sshd in turn.
 */
export class TerminalSession {
  readonly id = randomUUID();
  state: 'new' | 'connecting' | 'shell' | 'ended' = 'new';
  endReason: string | undefined;
  private ws: WebSocket | undefined;
  private cols = 80;
  private rows = 24;
  private readonly screen = new Screen(this.cols, this.rows);
  private tunnel: DeviceTunnel | undefined;
  private stream: TunnelStream | undefined;
  private shell: SshShell | undefined;
  private pending: PendingAnswer | undefined;
  private releaseTunnel: (() => void) | undefined;
  private offTunnelClose: (() => void) | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private lastActivity = Date.now();
  private outputBytes = 0;
  private unsent = 0;
  private readonly endListeners: Array<() => void> = [];

  constructor(
    readonly owner: TerminalOwner,
    readonly target: TunnelTarget,
    private readonly opts: { origin: string; sshUser: string },
    private readonly deps: TerminalDeps,
  ) {}

  /** Alive but without a browser: a new page of the same user takes it over. */
  get detached(): boolean {
    return this.state === 'shell' && !this.ws;
  }

  onEnd(listener: () => void): void {
    this.endListeners.push(listener);
  }

  /** A browser's WebSocket: starts the session, or reattaches it with its screen restored. */
  attach(ws: WebSocket): void {
    if (this.state === 'ended') {
      ws.send(JSON.stringify({ type: 'ended', reason: this.endReason ?? 'ended' } satisfies TerminalControl));
      ws.close(1000);
      return;
    }
    clearTimeout(this.graceTimer);
    const previous = this.ws;
    this.ws = ws;
    previous?.close(4000, 'replaced');
    ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) this.onMessage(data.toString('utf8'));
    });
    ws.on('close', () => {
      if (this.ws === ws) this.detach();
    });
    // An oversized message: ws closes the connection after this; the session is then detached.
    ws.on('error', () => undefined);
    if (this.state === 'new') {
      void this.start();
    } else if (this.state === 'shell') {
      this.unsent = 0;
      this.shell?.channel.resume();
      void this.screen.snapshot().then((screen) => {
        this.control({ type: 'ready', reattached: true });
        if (this.ws === ws) ws.send(Buffer.from(screen));
      });
    }
  }

  /** Ends the session; the reason goes to the browser and the session record. */
  end(reason: string, message?: string): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.endReason = reason;
    clearTimeout(this.graceTimer);
    clearTimeout(this.idleTimer);
    this.control({ type: 'ended', reason, message });
    this.ws?.close(1000);
    this.ws = undefined;
    this.pending?.reject(new AppError(409, 'terminal_ended', 'The terminal ended'));
    this.shell?.client.end();
    this.stream?.destroy();
    this.releaseTunnel?.();
    this.offTunnelClose?.();
    this.screen.dispose();
    const bytes = { toDevice: this.stream?.bytesOut ?? 0, fromDevice: this.stream?.bytesIn ?? 0 };
    endTunnelSession(this.deps.db, this.id, reason, bytes).catch((err: unknown) => this.deps.log.error({ err }, 'terminal: could not record the end'));
    this.deps.log.info({ session: this.id, mac: this.target.mac, reason }, 'terminal ended');
    for (const listener of this.endListeners) listener();
  }

  private async start(): Promise<void> {
    this.state = 'connecting';
    try {
      const tunnel = await this.deps.hub.ensure(this.target, {
        origin: this.opts.origin,
        userId: this.owner.userId,
        onStep: (step) => this.control({ type: 'progress', step }),
      });
      if (this.state !== 'connecting') return;
      this.tunnel = tunnel;
      this.releaseTunnel = tunnel.hold();
      this.offTunnelClose = tunnel.onClose((reason) => this.end('tunnel_closed', reason));
      this.stream = await tunnel.openStream(SSH_PORT);
      if (this.state !== 'connecting') return;
      const shell = await openSshShell(this.stream, {
        username: this.opts.sshUser,
        ask: (prompt, echo) => this.ask(prompt, echo),
        notice: (text) => this.output(Buffer.from(text)),
        cols: this.cols,
        rows: this.rows,
      });
      if (this.state !== 'connecting') {
        shell.client.end();
        return;
      }
      this.shell = shell;
      this.state = 'shell';
      void updateTunnelSession(this.deps.db, this.id, { tunnel_id: tunnel.recordId, ssh_user: this.opts.sshUser, host_key_sha256: shell.hostKey }).catch(
        (err: unknown) => this.deps.log.error({ err }, 'terminal: could not record the login'),
      );
      this.control({ type: 'progress', step: 'ssh_connected' });
      this.control({ type: 'ready', reattached: false });
      shell.channel.on('data', (chunk: Buffer) => this.output(chunk));
      shell.channel.stderr.on('data', (chunk: Buffer) => this.output(chunk));
      shell.channel.on('close', () => this.end('shell_exited'));
      shell.client.on('close', () => this.end('ssh_closed'));
      this.armIdle();
    } catch (err) {
      if (err instanceof StreamOpenError) return this.end(err.code === 'tunnel_closed' ? 'tunnel_closed' : 'refused_by_device', err.code);
      if (err instanceof AppError) return this.end(err.code, err.message);
      this.deps.log.error({ err, session: this.id }, 'terminal failed');
      this.end('internal_error');
    }
  }

  private onMessage(text: string): void {
    let msg: { type?: unknown; data?: unknown; cols?: unknown; rows?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return;
    }
    if (msg.type === 'input' && typeof msg.data === 'string') {
      this.lastActivity = Date.now();
      if (this.pending) this.answer(msg.data);
      else this.shell?.channel.write(msg.data);
    } else if (msg.type === 'resize' && isSize(msg.cols, MAX_COLS) && isSize(msg.rows, MAX_ROWS)) {
      this.cols = msg.cols;
      this.rows = msg.rows;
      if (this.state === 'ended') return;
      this.screen.resize(msg.cols, msg.rows);
      this.shell?.channel.setWindow(msg.rows, msg.cols, 0, 0);
    }
  }

  /** Login prompts are answered in the terminal itself, before a shell exists. */
  private ask(prompt: string, echo: boolean): Promise<string> {
    this.output(Buffer.from(prompt));
    return new Promise((resolve, reject) => {
      this.pending = { text: '', echo, resolve, reject };
    });
  }

  private answer(keys: string): void {
    const p = this.pending!;
    for (const key of keys) {
      if (key === '\r' || key === '\n') {
        this.pending = undefined;
        this.output(Buffer.from('\r\n'));
        p.resolve(p.text);
        return;
      }
      if (key === CTRL_C || key === CTRL_D) {
        this.pending = undefined;
        p.reject(new AppError(400, 'login_cancelled', 'Login cancelled'));
        return;
      }
      if (key === '\x7f' || key === '\b') {
        if (p.text && p.echo) this.output(Buffer.from('\b \b'));
        p.text = p.text.slice(0, -1);
      } else if (key >= ' ') {
        p.text += key;
        if (p.echo) this.output(Buffer.from(key));
      }
    }
  }

  private output(chunk: Buffer): void {
    // Data still in flight when the session ended has nowhere to go (the screen is disposed).
    if (this.state === 'ended') return;
    this.lastActivity = Date.now();
    this.outputBytes += chunk.length;
    if (this.outputBytes > this.deps.settings.maxOutputBytes) return this.end('output_cap');
    this.screen.write(chunk);
    const ws = this.ws;
    if (!ws || ws.readyState !== ws.OPEN) return;
    this.unsent += chunk.length;
    ws.send(chunk, () => {
      if (this.ws !== ws) return;
      this.unsent -= chunk.length;
      if (this.unsent < this.deps.settings.sendBufferBytes / 2) this.shell?.channel.resume();
    });
    if (this.unsent > this.deps.settings.sendBufferBytes) this.shell?.channel.pause();
  }

  private control(msg: TerminalControl): void {
    if (this.ws?.readyState === this.ws?.OPEN) this.ws?.send(JSON.stringify(msg));
  }

  private detach(): void {
    this.ws = undefined;
    // Without a browser the output only updates the kept screen: nothing to wait for.
    this.unsent = 0;
    this.shell?.channel.resume();
    if (this.state !== 'shell') return this.end('browser_closed');
    this.graceTimer = setTimeout(() => this.end('browser_closed'), this.deps.settings.graceSeconds * 1000);
  }

  private armIdle(): void {
    const idleMs = this.deps.settings.idleSeconds * 1000;
    this.idleTimer = setTimeout(() => {
      if (Date.now() - this.lastActivity >= idleMs) this.end('idle');
      else this.armIdle();
    }, Math.max(10, idleMs - (Date.now() - this.lastActivity)));
  }
}

const isSize = (v: unknown, max: number): v is number => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= max;

import net from 'node:net';
import WebSocket from 'ws';
import { TunnelMux, type TunnelStream } from '../../core/tunnel/mux.ts';

/** Where a tunnel port really listens (a simulator runs its sshd and dashboard on spare ports). */
export type PortMap = ReadonlyMap<number, { host: string; port: number }>;

/** Arguments of the `tunnel.open` command (docs/device-protocol.md). */
export interface TunnelOpenArgs {
  url: string;
  ports: number[];
  ping_s: number;
  window: number;
}

const MAX_REDIAL_DELAY_MS = 10_000;
// A device gives up redialling after this long without getting through (the platform has closed it by then).
const REDIAL_GIVE_UP_MS = 120_000;

/**
 * The device end of the tunnel, as a scanner's firmware would implement it: on `tunnel.open` it dials
 * the WebSocket with its token, serves stream requests to its allow-listed local ports only, watches
 * the platform's pings, and redials with the same ticket when the link drops without a close code
 * (its NAT mapping changed). A 4xxx close or a refused dial ends it for good.
 */
export class TunnelAgent {
  /** Dials made, for tests and stats. */
  dials = 0;
  private ws: WebSocket | undefined;
  private args: TunnelOpenArgs | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private redialTimer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(event: 'up' | 'down' | 'closed') => void>();

  constructor(
    private readonly token: string,
    private readonly services: PortMap,
    private readonly log: (line: string) => void,
  ) {}

  get up(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Validates the command's arguments and starts dialling; the error code to ack with, or null. */
  open(raw: unknown): string | null {
    const args = raw as Partial<TunnelOpenArgs> | null;
    if (typeof args?.url !== 'string' || !/^wss?:\/\//.test(args.url) || typeof args.ping_s !== 'number' || typeof args.window !== 'number') return 'bad_arguments';
    this.stop();
    this.args = { url: args.url, ports: Array.isArray(args.ports) ? args.ports : [], ping_s: args.ping_s, window: args.window };
    this.dial(Date.now(), 0);
    return null;
  }

  /** `tunnel.close`, or the device shutting down. */
  stop(): void {
    clearTimeout(this.redialTimer);
    clearInterval(this.watchdog);
    this.args = undefined;
    this.ws?.close(1000);
    this.ws = undefined;
  }

  /** Simulates a NAT that silently dropped the mapping: the socket dies without a close frame. */
  cut(): void {
    this.ws?.terminate();
  }

  on(listener: (event: 'up' | 'down' | 'closed') => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private dial(since: number, attempt: number): void {
    const args = this.args;
    if (!args) return;
    this.dials++;
    const ws = new WebSocket(args.url, { headers: { authorization: `Bearer ${this.token}` }, maxPayload: 64 * 1024 });
    this.ws = ws;
    const mux = new TunnelMux({ send: (frame) => ws.send(frame), windowBytes: args.window, onOpen: (stream, port) => this.connect(stream, port, args) });
    let lastPing = Date.now();
    let refused = false;
    ws.on('open', () => {
      attempt = 0;
      since = Date.now();
      this.emit('up');
      this.watchdog = setInterval(() => {
        // The platform pings every ping_s; silence for 2.5 of them means the path is gone.
        if (Date.now() - lastPing > args.ping_s * 2500) ws.terminate();
      }, Math.max(250, args.ping_s * 500));
    });
    ws.on('ping', () => (lastPing = Date.now()));
    ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary || !mux.receive(data)) ws.close(1002, 'bad frame');
    });
    ws.on('unexpected-response', (_req, res) => {
      refused = true;
      this.log(`tunnel dial refused: HTTP ${res.statusCode}`);
      ws.terminate();
    });
    ws.on('error', () => undefined);
    ws.on('close', (code) => {
      clearInterval(this.watchdog);
      mux.close();
      if (this.ws !== ws) return;
      this.ws = undefined;
      const final = refused || (code >= 4000 && code < 5000) || code === 1000 || !this.args;
      if (final || Date.now() - since > REDIAL_GIVE_UP_MS) {
        this.args = undefined;
        this.emit('closed');
        return;
      }
      this.emit('down');
      const delay = Math.min(MAX_REDIAL_DELAY_MS, 250 * 2 ** attempt);
      this.redialTimer = setTimeout(() => this.dial(since, attempt + 1), delay);
    });
  }

  private connect(stream: TunnelStream, port: number, args: TunnelOpenArgs): void {
    const target = this.services.get(port);
    // The device's own allow-list: the platform's word alone never opens a port the device does not serve.
    if (!target || !args.ports.includes(port)) return stream.refuse('port_not_allowed');
    const socket = net.connect(target.port, target.host);
    socket.setNoDelay(true);
    let connected = false;
    socket.once('connect', () => {
      connected = true;
      stream.accept();
      socket.pipe(stream).pipe(socket);
    });
    socket.once('error', () => (connected ? stream.destroy() : stream.refuse('connect_failed')));
    stream.on('error', () => socket.destroy());
    stream.on('close', () => socket.destroy());
  }

  private emit(event: 'up' | 'down' | 'closed'): void {
    for (const listener of this.listeners) listener(event);
  }
}

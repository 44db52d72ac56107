import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { tokenMatches } from '../../broker/authenticate.ts';
import type { DeviceLink } from '../../broker/server.ts';
import type { Bus, DeviceChange } from '../../core/bus.ts';
import { AppError } from '../../core/errors.ts';
import { MAX_DATA_PAYLOAD } from '../../core/tunnel/frames.ts';
import { findDeviceCredentials } from '../../db/repositories/device-credentials.ts';
import { closeInterruptedTunnels, insertTunnel } from '../../db/repositories/tunnels.ts';
import { DeviceTunnel, type DeviceRef, type TunnelDeps } from './device-tunnel.ts';
import { pathOf, refuseUpgrade, type ClientIp } from './upgrade.ts';

/** Where devices dial their tunnel (the URL in `tunnel.open` points here). */
export const DEVICE_TUNNEL_PATH = '/api/v1/tunnel/device';

/** Progress of opening a tunnel, as the terminal page shows it. */
export type OpenStep = 'command_sent' | 'acknowledged' | 'tunnel_up';

export interface HubDeps extends TunnelDeps {
  deviceLink: DeviceLink;
  bus: Bus;
  clientIp: ClientIp;
}

export interface TunnelTarget extends DeviceRef {
  configOverrides: Record<string, unknown>;
}

// The device's credentials stop being valid: its tunnel must not outlive them.
const REVOKING_CHANGES = new Set<DeviceChange>(['token_rotated', 'unbound', 'blocked', 'deleted']);

/**
 * Every device's tunnel. `ensure` asks a device to dial (`tunnel.open` over MQTT with a ticket) and
 * waits for it; `handleUpgrade` lets a dialling device in when its token and ticket agree. A tunnel
 * ends when its device goes offline or loses its credentials.
 */
export class TunnelHub {
  /** Dial attempts refused (bad ticket or token), for operators. */
  refusedDials = 0;
  private readonly byDevice = new Map<number, DeviceTunnel>();
  private readonly byTicket = new Map<string, DeviceTunnel>();
  private readonly opening = new Map<number, Promise<DeviceTunnel>>();
  // A frame is one message: the largest DATA frame plus its header, with room to spare.
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_DATA_PAYLOAD + 1024 });
  private readonly unsubscribe: Array<() => void>;

  constructor(private readonly deps: HubDeps) {
    this.unsubscribe = [
      deps.bus.on('device.presence', ({ deviceId, online }) => {
        if (!online) void this.byDevice.get(deviceId)?.close('device_offline');
      }),
      deps.bus.on('device.changed', ({ deviceId, change }) => {
        if (REVOKING_CHANGES.has(change)) void this.byDevice.get(deviceId)?.close('credentials_changed');
      }),
    ];
  }

  /** Marks tunnels a previous process left open as closed (call once at start). */
  async recover(): Promise<void> {
    const count = await closeInterruptedTunnels(this.deps.db);
    if (count > 0) this.deps.log.info({ count }, 'tunnels of the previous run marked closed');
  }

  /** Whether a tunnel can be had now: one is open, or the device is online to be asked for one. */
  reachable(target: DeviceRef): boolean {
    return this.byDevice.has(target.id) || this.deps.deviceLink.isOnline(target.mac);
  }

  /** The device's tunnel unless it is closed. */
  current(deviceId: number): DeviceTunnel | undefined {
    return this.byDevice.get(deviceId);
  }

  /**
   * The device's tunnel, up: reuses a live one, waits for one being opened, or sends `tunnel.open`
   * and waits up to TUNNEL_OPEN_TIMEOUT_SECONDS for the device to dial. 409 device_offline /
   * tunnel_refused, 504 tunnel_timeout.
   */
  async ensure(target: TunnelTarget, opts: { origin: string; userId: number | null; onStep?(step: OpenStep): void }): Promise<DeviceTunnel> {
    const timeoutMs = this.deps.settings.openTimeoutSeconds * 1000;
    let tunnel = this.byDevice.get(target.id);
    if (!tunnel) {
      let opening = this.opening.get(target.id);
      if (!opening) {
        opening = this.open(target, opts, timeoutMs).finally(() => this.opening.delete(target.id));
        this.opening.set(target.id, opening);
      }
      tunnel = await opening;
    }
    await tunnel.whenUp(timeoutMs);
    opts.onStep?.('tunnel_up');
    return tunnel;
  }

  /** Routes a device's WebSocket upgrade; false when the request is for someone else. */
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean {
    if (pathOf(req) !== DEVICE_TUNNEL_PATH) return false;
    const ticket = new URL(req.url ?? '/', 'http://localhost').searchParams.get('ticket') ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const tunnel = this.byTicket.get(ticket);
    const refuse = (why: string) => {
      this.refusedDials++;
      this.deps.log.warn({ ip: this.deps.clientIp(req), why }, 'tunnel dial refused');
      refuseUpgrade(socket, 401, 'tunnel_unauthorized', 'Unknown or expired ticket, or a token that is not this device\'s');
    };
    if (!tunnel || !token) {
      refuse(tunnel ? 'no token' : 'unknown ticket');
      return true;
    }
    findDeviceCredentials(this.deps.db, [tunnel.device.mac]).then(
      ([row]) => {
        // The ticket names the tunnel, the token proves the device: another device's token never fits.
        if (!row || row.id !== tunnel.device.id || !tokenMatches(token, row.token_hash)) return refuse('token does not match');
        if (tunnel.state === 'closed') return refuse('tunnel closed');
        this.wss.handleUpgrade(req, socket, head, (ws) => tunnel.attach(ws, this.deps.clientIp(req)));
      },
      (err: unknown) => {
        this.deps.log.error({ err }, 'tunnel dial: device lookup failed');
        refuseUpgrade(socket, 503, 'store_unavailable', 'Try again later');
      },
    );
    return true;
  }

  /** Closes a device's tunnel now: the WebSocket is closed with 4001, which tells the device not to redial. */
  async close(deviceId: number, reason: 'closed_by_admin'): Promise<boolean> {
    const tunnel = this.byDevice.get(deviceId);
    if (!tunnel) return false;
    await tunnel.close(reason);
    return true;
  }

  async stop(): Promise<void> {
    for (const off of this.unsubscribe) off();
    await Promise.all([...this.byDevice.values()].map((t) => t.close('shutdown')));
    this.wss.close();
  }

  private async open(target: TunnelTarget, opts: { origin: string; userId: number | null; onStep?(step: OpenStep): void }, timeoutMs: number): Promise<DeviceTunnel> {
    const { deviceLink, db, settings } = this.deps;
    if (!deviceLink.isOnline(target.mac)) throw new AppError(409, 'device_offline', 'The device is not connected', { mac: target.mac });
    const ticket = randomBytes(24).toString('base64url');
    const recordId = await insertTunnel(db, { device_id: target.id, device_mac: target.mac, organization_id: target.organizationId, requested_by: opts.userId });
    const ports = allowedPorts(target.configOverrides, settings.ports);
    const tunnel = new DeviceTunnel(recordId, ticket, target, ports, this.deps);
    this.byDevice.set(target.id, tunnel);
    this.byTicket.set(ticket, tunnel);
    tunnel.onClose(() => {
      this.byTicket.delete(ticket);
      if (this.byDevice.get(target.id) === tunnel) this.byDevice.delete(target.id);
    });
    const started = Date.now();
    try {
      opts.onStep?.('command_sent');
      const url = `${opts.origin.replace(/^http/, 'ws')}${DEVICE_TUNNEL_PATH}?ticket=${ticket}`;
      const ack = await deviceLink.sendCommand(target.mac, { name: 'tunnel.open', args: { url, ports, ping_s: settings.pingSeconds, window: settings.windowBytes } }, timeoutMs);
      if (!ack.ok) {
        await tunnel.close('refused');
        throw new AppError(409, 'tunnel_refused', `The device refused the tunnel${ack.error ? `: ${ack.error}` : ''}`, { error: ack.error ?? null });
      }
      opts.onStep?.('acknowledged');
      await tunnel.whenUp(timeoutMs - (Date.now() - started));
      return tunnel;
    } catch (err) {
      const code = err instanceof AppError ? err.code : '';
      await tunnel.close(code === 'device_offline' ? 'device_offline' : 'dial_timeout');
      if (code === 'command_timeout') throw new AppError(504, 'tunnel_timeout', 'The device did not answer in time', { seconds: settings.openTimeoutSeconds });
      throw err;
    }
  }
}

/** The device config's `tunnel.ports` when it is a list of ports, else the platform's default allow-list. */
function allowedPorts(overrides: Record<string, unknown>, fallback: readonly number[]): number[] {
  const ports = (overrides.tunnel as { ports?: unknown } | undefined)?.ports;
  const valid = Array.isArray(ports) && ports.length > 0 && ports.every((p) => Number.isInteger(p) && p >= 1 && p <= 65535);
  return valid ? (ports as number[]) : [...fallback];
}

import { once } from 'node:events';
import http from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Test } from 'tap';
import WebSocket from 'ws';
import { hashPassword } from '../../core/passwords.ts';
import type { Role } from '../../core/roles.ts';
import { insertUser } from '../../db/repositories/users.ts';
import { SimDevice } from '../../device-sim/device.ts';
import { SimStats } from '../../device-sim/stats.ts';
import { MqttTransport } from '../../device-sim/transports/mqtt.ts';
import { TunnelAgent } from '../../device-sim/tunnel/agent.ts';
import { startDeviceServices, type DeviceServices } from '../../device-sim/tunnel/services.ts';
import { makeDevice, type TestDevice } from '../broker/fixtures.ts';
import type { TestPlatform } from '../helpers/platform.ts';

export const SSH_USER = 'root';
export const SSH_PASSWORD = 'scanner-pass';

export interface SimulatedScanner extends TestDevice {
  agent: TunnelAgent;
  services: DeviceServices;
  transport: MqttTransport;
  filesDir: string;
}

/**
 * A registered device run by the simulator's own code: MQTT transport answering `tunnel.open`, its
 * tunnel agent, and its sshd + dashboard on spare loopback ports. Resolves once it listens for commands.
 */
export async function simulatedScanner(t: Test, p: TestPlatform, opts: { tunnels?: boolean; overrides?: Record<string, unknown> } = {}): Promise<SimulatedScanner> {
  const device = await makeDevice(p, { overrides: opts.overrides });
  const filesDir = await mkdtemp(path.join(os.tmpdir(), 'mybeacon-sim-files-'));
  const services = await startDeviceServices({ hostname: `scanner-${device.row.id}`, user: SSH_USER, password: SSH_PASSWORD, filesDir });
  const agent = new TunnelAgent(device.token, services.ports, () => undefined);
  const sim = new SimDevice(0, device.mac, 1, [], Date.now());
  const stats = new SimStats();
  const transport = new MqttTransport(p.platform.endpoints.MQTT!, sim, device.token, stats, () => undefined, opts.tunnels === false ? undefined : agent);
  transport.start();
  // The retained config arrives only once the device has subscribed: from then on it hears commands.
  while (stats.configsApplied === 0) await new Promise((r) => setTimeout(r, 20));
  t.teardown(async () => {
    await transport.stop();
    await services.close();
    await rm(filesDir, { recursive: true, force: true });
  });
  return { ...device, agent, services, transport, filesDir };
}

/** Another user with a role (a second superadmin, a client member). */
export async function makeUser(p: TestPlatform, role: Role, organizationId: number | null): Promise<{ email: string; password: string }> {
  const user = { email: `${role}-${Math.random().toString(36).slice(2, 8)}@tunnels.test`, password: 'user-password-1' };
  await insertUser(p.platform.pg.db, { email: user.email, password_hash: await hashPassword(user.password), role, organization_id: organizationId, email_verified: true });
  return user;
}

/** Another user's access token. */
export async function userToken(p: TestPlatform, role: Role, organizationId: number | null): Promise<string> {
  const user = await makeUser(p, role, organizationId);
  return p.login(user.email, user.password);
}

/** A file of `bytes` under the scanner's files dir, for `cat`. */
export async function deviceFile(scanner: SimulatedScanner, name: string, bytes: number): Promise<void> {
  const line = 'the quick brown fox jumps over the lazy dog 0123456789\n';
  await writeFile(path.join(scanner.filesDir, name), line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes));
}

/** The browser side of a web terminal, as a plain WebSocket client. */
export class TerminalClient {
  output = '';
  readonly controls: Array<{ type: string; step?: string; reason?: string; reattached?: boolean }> = [];
  private readonly waiters = new Set<() => void>();

  private constructor(readonly ws: WebSocket, readonly sessionId: string, readonly reattached: boolean) {
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) this.output += data.toString('utf8');
      else this.controls.push(JSON.parse(data.toString('utf8')));
      for (const w of this.waiters) w();
    });
    ws.on('close', () => {
      for (const w of this.waiters) w();
    });
  }

  /** POSTs for a terminal and connects its WebSocket. */
  static async open(t: Test, p: TestPlatform, deviceId: number, token: string, body: Record<string, unknown> = {}): Promise<TerminalClient> {
    const res = await p.api('POST', `/superadmin/devices/${deviceId}/terminal`, { token, body });
    if (res.status !== 200) throw Object.assign(new Error(`terminal refused: ${res.status} ${JSON.stringify(res.body)}`), { res });
    const ws = new WebSocket(`${p.url.replace(/^http/, 'ws')}${res.body.ws_path}?ticket=${res.body.ticket}`);
    t.teardown(() => ws.terminate());
    // Listening before 'open': a reattached session sends its screen at once, and those frames can arrive
    // with the upgrade's answer, emitted before an `await once(ws, 'open')` resumes (CI lost them once).
    const client = new TerminalClient(ws, res.body.session_id, res.body.reattached);
    await once(ws, 'open');
    return client;
  }

  /** Waits until `test` holds for this client (output arrived, a control message came, it closed). */
  until(test: (c: TerminalClient) => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    if (test(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; output so far: ${JSON.stringify(this.output.slice(-300))}, controls: ${JSON.stringify(this.controls)}`));
      }, timeoutMs);
      const check = () => {
        if (!test(this)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  untilOutput(pattern: RegExp): Promise<void> {
    return this.until((c) => pattern.test(c.output), String(pattern));
  }

  untilEnded(): Promise<string> {
    return this.until((c) => c.controls.some((m) => m.type === 'ended'), 'the end').then(() => this.controls.find((m) => m.type === 'ended')!.reason!);
  }

  type(data: string): void {
    this.ws.send(JSON.stringify({ type: 'input', data }));
  }

  resize(cols: number, rows: number): void {
    this.ws.send(JSON.stringify({ type: 'resize', cols, rows }));
  }

  /** Answers the password prompt and waits for the shell prompt. */
  async login(password = SSH_PASSWORD): Promise<void> {
    await this.untilOutput(/password: $/);
    this.type(`${password}\r`);
    await this.untilOutput(/:~# $/);
  }

  /** Runs a command and waits for its output to match. */
  async run(command: string, expect: RegExp): Promise<void> {
    const from = this.output.length;
    this.type(`${command}\r`);
    await this.until((c) => expect.test(c.output.slice(from)), `${command} → ${expect}`);
  }
}

/** Tries a WebSocket upgrade that should be refused; resolves with the HTTP status and JSON body (throws if accepted). */
export function refusedUpgrade(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: { error: { code: string } } }> {
  const ws = new WebSocket(url, { headers });
  return new Promise((resolve, reject) => {
    ws.on('open', () => {
      ws.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    ws.on('error', () => undefined);
    ws.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString() || 'null') }));
    });
  });
}

/** A GET of a dashboard URL, sent to the platform's port with the dashboard host in the Host header. */
export function dashboardGet(p: TestPlatform, url: string, path = '/', headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const target = new URL(url);
  const platform = new URL(p.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: platform.hostname, port: platform.port, path, headers: { ...headers, host: target.host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Polls a condition on stored state: records are written after the event a test can wait for. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

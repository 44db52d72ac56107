/**
 * `npm run bench:tunnel [-- --keys 200 --mb 16]`: the platform in this process and one simulated scanner
 * behind its tunnel (MQTT command → device-dialled WebSocket → multiplexed stream → the scanner's sshd).
 * Prints the keystroke echo round trip through the web terminal's WebSocket (browser side of the API) and
 * the throughput of `cat` of a large file through it, and the same `cat` over SSH straight to the
 * scanner's sshd (no tunnel) for reference.
 */
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ssh2 from 'ssh2';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { loadConfig } from '../core/config.ts';
import { newDeviceToken, sha256Hex } from '../core/ids.ts';
import { TunnelMux } from '../core/tunnel/mux.ts';
import { insertDevice } from '../db/repositories/devices.ts';
import { insertOrganization } from '../db/repositories/organizations.ts';
import { SimDevice } from '../device-sim/device.ts';
import { SimStats } from '../device-sim/stats.ts';
import { MqttTransport } from '../device-sim/transports/mqtt.ts';
import { TunnelAgent } from '../device-sim/tunnel/agent.ts';
import { startDeviceServices } from '../device-sim/tunnel/services.ts';
import { startPlatform } from '../platform.ts';

const { values } = parseArgs({ options: { keys: { type: 'string', default: '200' }, mb: { type: 'string', default: '16' } } });
const KEYS = Number(values.keys);
const BYTES = Number(values.mb) * 1024 * 1024;
const ADMIN = { email: 'bench@tunnel.local', password: 'bench-password-1' };
const SSH = { user: 'root', password: 'bench-pass' };

const dir = await mkdtemp(path.join(os.tmpdir(), 'mybeacon-bench-tunnel-'));
const filesDir = path.join(dir, 'files');
const platform = await startPlatform(
  loadConfig({ MYBEACON_DATA_DIR: dir, HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', MQTT_HOST: '127.0.0.1', MQTT_PORT: '0', LOG_LEVEL: 'warn', MYBEACON_ADMIN_EMAIL: ADMIN.email, MYBEACON_ADMIN_PASSWORD: ADMIN.password }),
);
await mkdir(filesDir);
const services = await startDeviceServices({ hostname: 'bench-scanner', ...SSH, filesDir });
let transport: MqttTransport | undefined;
try {
  const line = 'the quick brown fox jumps over the lazy dog 0123456789\n';
  await writeFile(path.join(filesDir, 'big'), line.repeat(Math.ceil(BYTES / line.length)).slice(0, BYTES));

  const db = platform.pg.db;
  const org = await insertOrganization(db, { name: 'Bench', status: 'active', products: ['ble'] });
  const token = newDeviceToken();
  const device = await insertDevice(db, { mac: '0b:be:00:00:00:01', token_hash: sha256Hex(token), device_password: '12345678', organization_id: org.id });
  const stats = new SimStats();
  transport = new MqttTransport(platform.endpoints.MQTT!, new SimDevice(0, device.mac, 1, [], Date.now()), token, stats, () => undefined, new TunnelAgent(token, services.ports, () => undefined));
  transport.start();
  while (stats.configsApplied === 0) await new Promise((r) => setTimeout(r, 20));

  const login = await (await fetch(`${platform.httpUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) })).json() as { access_token: string };
  const opened = await (
    await fetch(`${platform.httpUrl}/api/v1/superadmin/devices/${device.id}/terminal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${login.access_token}` },
      body: '{}',
    })
  ).json() as { ticket: string; ws_path: string };
  const started = performance.now();
  const ws = new WebSocket(`${platform.httpUrl.replace(/^http/, 'ws')}${opened.ws_path}?ticket=${opened.ticket}`);
  // Only the byte count and the tail are kept: a 16 MiB string re-flattened per message would be the bottleneck.
  let received = 0;
  let output = '';
  let onOutput = () => {};
  ws.on('message', (data: Buffer, isBinary) => {
    if (!isBinary) return;
    received += data.length;
    output = (output + data.toString('latin1')).slice(-64);
    onOutput();
  });
  const until = (test: () => boolean) => new Promise<void>((resolve) => {
    if (test()) return resolve();
    onOutput = () => test() && resolve();
  });
  const input = (data: string) => ws.send(JSON.stringify({ type: 'input', data }));
  await once(ws, 'open');
  await until(() => output.endsWith('password: '));
  const connectMs = performance.now() - started;
  input(`${SSH.password}\r`);
  await until(() => output.endsWith(':~# '));
  console.log(`Terminal ready (tunnel.open → dial → stream → SSH handshake, password typed at once): ${(performance.now() - started).toFixed(0)} ms (to the password prompt ${connectMs.toFixed(0)} ms)`);

  const rtts: number[] = [];
  for (let i = 0; i < KEYS; i++) {
    const from = received;
    const t0 = performance.now();
    input('x');
    await until(() => received > from);
    rtts.push(performance.now() - t0);
  }
  input('\x03');
  await until(() => output.endsWith(':~# '));
  rtts.sort((a, b) => a - b);
  const q = (p: number) => rtts[Math.min(rtts.length - 1, Math.floor(p * rtts.length))]!.toFixed(2);
  console.log(`Keystroke echo round trip (${KEYS} keys, WebSocket → SSH → tunnel → sshd → back): p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms, max ${rtts.at(-1)!.toFixed(2)} ms`);

  // Output of the cat grows by CRLF: count what arrives until the prompt comes back.
  output = '';
  const before = received;
  const catStart = performance.now();
  input('cat big\r');
  await until(() => output.endsWith(':~# '));
  const catMs = performance.now() - catStart;
  const mb = (received - before) / 1024 / 1024;
  console.log(`cat of ${values.mb} MiB through the tunnel to the browser WebSocket: ${mb.toFixed(1)} MiB in ${(catMs / 1000).toFixed(2)} s = ${(mb / (catMs / 1000)).toFixed(1)} MiB/s`);
  ws.close();

  const direct = await directCat(services.ports.get(22)!.port);
  console.log(`Same cat over SSH straight to the scanner's sshd (no tunnel, no platform): ${(direct.bytes / 1024 / 1024).toFixed(1)} MiB in ${(direct.ms / 1000).toFixed(2)} s = ${(direct.bytes / 1024 / 1024 / (direct.ms / 1000)).toFixed(1)} MiB/s`);
  const raw = await rawStream(BYTES * 4);
  console.log(`Tunnel stream alone (WebSocket on loopback + frames + flow control, no SSH): ${(raw.bytes / 1024 / 1024).toFixed(0)} MiB in ${(raw.ms / 1000).toFixed(2)} s = ${(raw.bytes / 1024 / 1024 / (raw.ms / 1000)).toFixed(1)} MiB/s`);
  console.log(`(figures from one run on this machine, shared with other work: read them as orders of magnitude)`);
} finally {
  await transport?.stop();
  await services.close();
  await platform.stop();
  await rm(dir, { recursive: true, force: true });
}

/** Bytes pushed through one tunnel stream between two muxes over a real WebSocket: the tunnel's own ceiling. */
async function rawStream(bytes: number): Promise<{ bytes: number; ms: number }> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(server, 'listening');
  let received = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  server.on('connection', (ws) => {
    const device = new TunnelMux({
      send: (f) => ws.send(f),
      windowBytes: platform.config.tunnels.windowBytes,
      onOpen: (stream) => {
        stream.accept();
        stream.on('data', (d: Buffer) => {
          received += d.length;
          if (received >= bytes) done();
        });
      },
    });
    ws.on('message', (d: Buffer) => device.receive(d));
  });
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  await once(client, 'open');
  const mux = new TunnelMux({ send: (f) => client.send(f), windowBytes: platform.config.tunnels.windowBytes });
  client.on('message', (d: Buffer) => mux.receive(d));
  const stream = await mux.open(22);
  const chunk = Buffer.alloc(64 * 1024, 7);
  const t0 = performance.now();
  for (let sent = 0; sent < bytes; sent += chunk.length) if (!stream.write(chunk)) await once(stream, 'drain');
  await finished;
  const ms = performance.now() - t0;
  client.close();
  server.close();
  return { bytes: received, ms };
}

/** `cat big` over ssh2 directly to the sim's sshd: the cost of SSH and the sim shell alone. */
function directCat(port: number): Promise<{ bytes: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client.on('error', reject);
    client.on('ready', () => {
      client.shell({ term: 'xterm', cols: 80, rows: 24 }, (err, channel) => {
        if (err) return reject(err);
        let tail = '';
        let bytes = 0;
        let t0 = 0;
        channel.on('data', (d: Buffer) => {
          tail = (tail + d.toString('latin1')).slice(-64);
          bytes += d.length;
          if (!t0 && tail.endsWith(':~# ')) {
            tail = '';
            bytes = 0;
            t0 = performance.now();
            channel.write('cat big\r');
          } else if (t0 && tail.endsWith(':~# ')) {
            const ms = performance.now() - t0;
            client.end();
            resolve({ bytes, ms });
          }
        });
      });
    });
    client.connect({ host: '127.0.0.1', port, username: SSH.user, password: SSH.password });
  });
}

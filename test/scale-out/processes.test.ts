import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import t, { type Test } from 'tap';
import { startClickHouse } from '../../core/clickhouse.ts';
import { loadConfig } from '../../core/config.ts';
import { newDeviceToken, sha256Hex } from '../../core/ids.ts';
import { createLogger } from '../../core/logger.ts';
import { freePort, startPostgres } from '../../core/postgres.ts';
import { createRedis } from '../../core/redis.ts';
import { insertDevice, type DeviceRow } from '../../db/repositories/devices.ts';
import { insertOrganization } from '../../db/repositories/organizations.ts';
import { streamBacklog, streamKey } from '../../ingest/streams.ts';
import { ADMIN } from '../helpers/platform.ts';
import { startDebianPostgres } from '../helpers/postgres-server.ts';
import { roleProcess } from '../helpers/processes.ts';
import { startTestRedis } from '../helpers/redis-server.ts';
import { eventually } from '../ingest/fixtures.ts';

// Two brokers, one ingest + API process owning embedded chDB, Redis and Debian's PostgreSQL, each a
// real process; devices are real mqtt.js clients that, like scanners behind a TCP load balancer,
// reconnect to whichever broker answers.
const KILLS = Number(process.env.SCALEOUT_KILLS ?? 20);
t.setTimeout(600_000);

const log = createLogger('silent');
const postgres = await startDebianPostgres(t);
const redisServer = await startTestRedis(t);
const redis = createRedis(redisServer.url, 'test', log);
t.teardown(() => redis.quit().catch(() => redis.disconnect()));
const dirs: string[] = [];
t.teardown(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function processEnv(extra: Record<string, string>): Promise<Record<string, string>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mybeacon-proc-'));
  dirs.push(dir);
  return {
    MYBEACON_DATA_DIR: dir,
    DATABASE_URL: postgres.url,
    REDIS_URL: redisServer.url,
    JWT_SECRET: 'scale-out-test-secret-scale-out-test-secret',
    MYBEACON_ADMIN_EMAIL: ADMIN.email,
    MYBEACON_ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(await freePort()),
    MQTT_HOST: '127.0.0.1',
    MQTT_PORT: String(await freePort()),
    DEVICE_PRESENCE_FLUSH_MS: '100',
    INGEST_FLUSH_INTERVAL_MS: '50',
    INGEST_CLAIM_IDLE_MS: '1000',
    LOCK_RETRY_MS: '500',
    BROKER_HEARTBEAT_MS: '300',
    ...extra,
  };
}

const apiEnv = await processEnv({});
const api = roleProcess(t, 'ingest+api', ['ingest', 'api'], apiEnv);
await api.start();
const brokerEnvs = [await processEnv({}), await processEnv({})];
const brokers = brokerEnvs.map((env, i) => roleProcess(t, `broker${i + 1}`, ['broker'], env));
await Promise.all(brokers.map((b) => b.start()));
const mqttPorts = brokerEnvs.map((env) => Number(env.MQTT_PORT));
const apiUrl = `http://127.0.0.1:${apiEnv.HTTP_PORT}/api/v1`;

const pg = await startPostgres(loadConfig({ DATABASE_URL: postgres.url, JWT_SECRET: 'x'.repeat(40) }).postgres, log);
t.teardown(() => pg.stop());
const org = await insertOrganization(pg.db, { name: 'Scale-out', status: 'active', products: ['ble', 'wifi'] });
let macCounter = 0;

interface Device {
  row: DeviceRow;
  mac: string;
  token: string;
}

async function makeDevice(): Promise<Device> {
  const n = ++macCounter;
  const mac = `0c:00:00:00:00:${n.toString(16).padStart(2, '0')}`;
  const token = newDeviceToken();
  const row = await insertDevice(pg.db, { mac, token_hash: sha256Hex(token), device_password: '12345678', organization_id: org.id });
  return { row, mac, token };
}

/** A device on one broker (index), or on whichever of the two answers first, reconnecting like a scanner. */
async function connect(t: Test, device: Device, broker: number, opts: { reconnect?: boolean } = {}): Promise<MqttClient> {
  const order = broker === 0 ? [0, 1] : [1, 0];
  const client = await mqtt.connectAsync({
    servers: (opts.reconnect ? order : [broker]).map((i) => ({ host: '127.0.0.1', port: mqttPorts[i]! })),
    protocol: 'mqtt',
    clientId: device.mac,
    username: device.mac,
    password: device.token,
    protocolVersion: 4,
    reconnectPeriod: opts.reconnect ? 100 : 0,
    connectTimeout: 5000,
  });
  t.teardown(() => client.endAsync(true));
  return client;
}

let adminToken: string | undefined;
async function callApi(method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- arbitrary JSON
  adminToken ??= await fetch(`${apiUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) })
    .then((r) => r.json())
    .then((b: { access_token: string }) => b.access_token);
  const res = await fetch(`${apiUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const nextMessage = (client: MqttClient, topic: string): Promise<Record<string, unknown>> =>
  new Promise((resolve) => {
    const onMessage = (tp: string, payload: Buffer) => {
      if (tp !== topic || payload.length === 0) return;
      client.off('message', onMessage);
      resolve(JSON.parse(payload.toString()) as Record<string, unknown>);
    };
    client.on('message', onMessage);
  });

const deviceRow = async (id: number): Promise<DeviceRow> => (await pg.db<DeviceRow>('devices').where({ id }).first())!;

t.test('a config push from an API process reaches devices on both brokers', async (t) => {
  const devices = [await makeDevice(), await makeDevice()];
  const clients = await Promise.all(devices.map((d, i) => connect(t, d, i)));
  await Promise.all(clients.map((c, i) => c.subscribeAsync(`devices/${devices[i]!.mac}/config`, { qos: 1 })));
  await Promise.all(devices.map((d) => eventually(async () => (await deviceRow(d.row.id)).online)));
  const pushed = clients.map((c, i) => nextMessage(c, `devices/${devices[i]!.mac}/config`).then(function next(m): Promise<Record<string, unknown>> | Record<string, unknown> {
    // The retained version of the connect may arrive first; the push carries the next one.
    return m.version === 1 ? nextMessage(c, `devices/${devices[i]!.mac}/config`).then(next) : m;
  }));
  for (const device of devices) {
    const res = await callApi('PUT', `/superadmin/devices/${device.row.id}/config`, { overrides: { ble: { batch_interval_ms: 1234 } } });
    t.equal(res.status, 200);
  }
  for (const message of await Promise.all(pushed)) t.match(message, { version: 2, config: { ble: { batch_interval_ms: 1234 } } });
});

t.test('a command sent by the API process is answered by a device on either broker', async (t) => {
  for (const broker of [0, 1]) {
    const device = await makeDevice();
    const client = await connect(t, device, broker);
    await client.subscribeAsync(`devices/${device.mac}/cmd`, { qos: 1 });
    client.on('message', (topic, payload) => {
      if (topic !== `devices/${device.mac}/cmd`) return;
      const cmd = JSON.parse(payload.toString()) as { id: string };
      void client.publishAsync(`devices/${device.mac}/cmd/ack`, JSON.stringify({ id: cmd.id, ok: true, result: `broker${broker + 1}` }), { qos: 1 });
    });
    await eventually(async () => (await deviceRow(device.row.id)).online);
    const res = await callApi('POST', `/superadmin/devices/${device.row.id}/commands`, { name: 'ping', timeout_ms: 5000 });
    t.equal(res.status, 200, JSON.stringify(res.body));
    t.match(res.body, { ok: true, result: `broker${broker + 1}` });
  }
});

t.test('a device that reconnects to the other broker takes its session over; it stays online', async (t) => {
  const device = await makeDevice();
  const first = await connect(t, device, 0);
  await eventually(async () => (await deviceRow(device.row.id)).online);
  const before = (await deviceRow(device.row.id)).online_since;
  const firstClosed = new Promise<void>((resolve) => first.once('close', () => resolve()));
  const second = await connect(t, device, 1);
  await firstClosed;
  t.pass('the first broker closed the old connection');
  await second.publishAsync(`devices/${device.mac}/status`, JSON.stringify({ uptime: 1 }), { qos: 1 });
  // The second session is recorded; the first broker's "offline" for the older session never wins.
  const row = await eventually(async () => {
    const r = await deviceRow(device.row.id);
    return r.online && r.online_since! > before! && r.reported_status ? r : undefined;
  });
  t.ok(row.online);
});

t.test('the devices of a broker killed with -9 are marked offline unless they reconnect elsewhere', async (t) => {
  const [stays, moves] = [await makeDevice(), await makeDevice()];
  await connect(t, stays, 0);
  const mover = await connect(t, moves, 0, { reconnect: true });
  await Promise.all([stays, moves].map((d) => eventually(async () => (await deviceRow(d.row.id)).online)));
  await brokers[0]!.kill();
  // The survivor's sweep finds broker1's liveness key expired (three missed 300 ms beats).
  await eventually(async () => ((await deviceRow(stays.row.id)).online ? undefined : true), 15_000);
  t.pass('the device that did not come back is offline');
  t.ok(mover.connected || (await new Promise((r) => mover.once('connect', r))), 'the other reconnected to broker2');
  t.ok(await eventually(async () => (await deviceRow(moves.row.id)).online || undefined), 'and is online there');
  await brokers[0]!.start();
});

t.test(`under QoS 1 load, ${KILLS} kill -9s of a broker, the ingest process or Redis lose no acknowledged event and store none twice`, async (t) => {
  const devices = await Promise.all(Array.from({ length: 8 }, () => makeDevice()));
  const clients = await Promise.all(devices.map((d, i) => connect(t, d, i % 2, { reconnect: true })));
  const acked = new Set<string>();
  let batchesAcked = 0;
  let running = true;
  const t0 = Date.now() - 3_600_000;

  // Each device: one batch of 20 events in flight at a time, every event with its own timestamp.
  const loops = clients.map(async (client, i) => {
    const device = devices[i]!;
    for (let seq = 0; running; seq += 20) {
      const events = Array.from({ length: 20 }, (_, k) => ({
        mac: 'f9:29:de:16:b4:f3', rssi: -60, ts: t0 + seq + k, type: 'ibeacon', uuid: 'b9407f30f5f8466eaff925556b57fe6d', major: i, minor: (seq + k) % 65536,
      }));
      await client.publishAsync(`devices/${device.mac}/ble`, JSON.stringify(events), { qos: 1 });
      for (const e of events) acked.add(`${device.row.id}:${e.ts}`);
      batchesAcked++;
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  const progress = async (batches: number) => {
    const target = batchesAcked + batches;
    await eventually(async () => batchesAcked >= target || undefined, 60_000);
  };
  const workerCaughtUp = () =>
    eventually(async () => ((await streamBacklog(redis, streamKey('ble'))).allDelivered ? true : undefined), 60_000);

  await progress(40);
  const targets = [
    { name: 'broker1', process: brokers[0]! },
    { name: 'redis-server', process: redisServer },
    { name: 'broker2', process: brokers[1]! },
    { name: 'ingest+api', process: api },
  ];
  for (let k = 0; k < KILLS; k++) {
    const target = targets[k % targets.length]!;
    await target.process.kill();
    await target.process.start();
    if (target.process === api) await workerCaughtUp();
    await progress(20);
    t.comment(`kill ${k + 1}: ${target.name}; ${batchesAcked} batches acknowledged so far`);
  }

  running = false;
  await Promise.race([Promise.all(loops), new Promise((_, reject) => setTimeout(() => reject(new Error('devices did not finish')), 60_000))]);
  await eventually(async () => {
    const b = await streamBacklog(redis, streamKey('ble'));
    return b.allDelivered && b.pending === 0 ? true : undefined;
  }, 60_000);
  // The ingest process stops cleanly and releases chDB; the test reads what it wrote.
  await api.stop();
  const clickhouse = await startClickHouse(loadConfig({ MYBEACON_DATA_DIR: apiEnv.MYBEACON_DATA_DIR! }).clickhouse, log);
  t.teardown(() => clickhouse.stop());
  const result = await clickhouse.ch.query({
    query: `SELECT concat(toString(device_id), ':', toString(toUnixTimestamp64Milli(timestamp))) AS id FROM ble_events WHERE organization_id = {org:UInt32}`,
    query_params: { org: org.id },
    format: 'TabSeparated',
  });
  const stored = (await result.text()).split('\n').filter(Boolean);
  const unique = new Set(stored);
  t.equal(stored.length, unique.size, `count() = uniqExact(event identity): ${stored.length} rows`);
  const lost = [...acked].filter((id) => !unique.has(id));
  t.same(lost.slice(0, 10), [], `every acknowledged event is stored (${acked.size} acknowledged, ${lost.length} missing)`);
  t.ok(acked.size > 0);
});

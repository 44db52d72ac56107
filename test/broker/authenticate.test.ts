import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import t, { type Test } from 'tap';
import { CredentialsCache } from '../../broker/credentials-cache.ts';
import { sha256Hex } from '../../core/ids.ts';
import { startTestPlatform } from '../helpers/platform.ts';
import { eventually } from '../ingest/fixtures.ts';
import { closed, connectDevice, deviceOptions, makeDevice, refusedWith } from './fixtures.ts';

const BAD_USERNAME_OR_PASSWORD = 4;
const NOT_AUTHORIZED = 5;
const IDENTIFIER_REJECTED = 2;

// A throw-away self-signed certificate for 127.0.0.1, so the TLS listener runs too.
const certDir = mkdtempSync(path.join(os.tmpdir(), 'mybeacon-tls-'));
t.teardown(() => rmSync(certDir, { recursive: true, force: true }));
const [certPath, keyPath] = [path.join(certDir, 'cert.pem'), path.join(certDir, 'key.pem')];
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
  '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyPath, '-out', certPath], { stdio: 'ignore' });

const p = await startTestPlatform(t, { MQTT_TLS_CERT: certPath, MQTT_TLS_KEY: keyPath, MQTT_TLS_PORT: '0' });
const stats = () => p.platform.api.deviceLink.stats();

t.test('a bound, active device connects with its MAC and token', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  t.ok(client.connected);
  t.ok(p.platform.api.deviceLink.isOnline(device.mac));
  t.ok(stats().connections.current >= 1);
});

t.test('a wrong token is refused as bad username or password', async (t) => {
  const device = await makeDevice(p);
  const code = await refusedWith(p, deviceOptions({ mac: device.mac, token: 'not-the-token' }));
  t.equal(code, BAD_USERNAME_OR_PASSWORD);
  t.ok(stats().authFailures.bad_token! >= 1);
});

t.test('an unknown MAC gets the same answer as a wrong token', async (t) => {
  const code = await refusedWith(p, deviceOptions({ mac: '0b:ff:ff:ff:ff:ff', token: 'whatever' }));
  t.equal(code, BAD_USERNAME_OR_PASSWORD);
  t.ok(stats().authFailures.unknown_device! >= 1);
});

t.test('a username that is not a MAC, or no password at all, is refused', async (t) => {
  t.equal(await refusedWith(p, { clientId: 'robot', username: 'robot', password: 'x' }), BAD_USERNAME_OR_PASSWORD);
  const device = await makeDevice(p);
  t.equal(await refusedWith(p, { clientId: device.mac, username: device.mac }), BAD_USERNAME_OR_PASSWORD);
});

t.test('an unbound device (no organization) is not authorized', async (t) => {
  const device = await makeDevice(p, { bound: false });
  t.equal(await refusedWith(p, deviceOptions(device)), NOT_AUTHORIZED);
  t.ok(stats().authFailures.unbound! >= 1);
});

t.test('binding a refused device lets it in at once (the credential cache is told)', async (t) => {
  const device = await makeDevice(p, { bound: false });
  t.equal(await refusedWith(p, deviceOptions(device)), NOT_AUTHORIZED);
  const admin = await p.adminToken();
  const org = await p.api('POST', '/superadmin/organizations', { token: admin, body: { name: 'Binder', status: 'active', products: ['ble'] } });
  t.equal(org.status, 201);
  t.equal((await p.api('PATCH', `/superadmin/devices/${device.row.id}`, { token: admin, body: { organization_id: org.body.id } })).status, 200);
  const client = await connectDevice(t, p, device);
  t.ok(client.connected);
});

t.test('a blocked device is not authorized', async (t) => {
  const device = await makeDevice(p, { status: 'blocked' });
  t.equal(await refusedWith(p, deviceOptions(device)), NOT_AUTHORIZED);
  t.ok(stats().authFailures.blocked! >= 1);
});

t.test('a blocked device without its token learns nothing about its state', async (t) => {
  const device = await makeDevice(p, { status: 'blocked' });
  t.equal(await refusedWith(p, deviceOptions({ mac: device.mac, token: 'guess' })), BAD_USERNAME_OR_PASSWORD);
});

t.test('another device cannot take over a connected device\'s client id', async (t) => {
  const victim = await makeDevice(p);
  const intruder = await makeDevice(p);
  const victimClient = await connectDevice(t, p, victim);
  const code = await refusedWith(p, { ...deviceOptions(intruder), clientId: victim.mac });
  t.equal(code, IDENTIFIER_REJECTED);
  // A round trip on the victim's connection after the refusal: acknowledged, so it was never dropped.
  await victimClient.publishAsync(`devices/${victim.mac}/status`, '{"uptime":1}', { qos: 1 });
  t.ok(victimClient.connected, 'the victim stays connected');
  t.ok(p.platform.api.deviceLink.isOnline(victim.mac));
});

t.test('the same device reconnecting takes over its old session', async (t) => {
  const device = await makeDevice(p);
  const first = await connectDevice(t, p, device);
  const firstClosed = closed(first);
  const second = await connectDevice(t, p, device);
  await firstClosed;
  t.ok(second.connected);
  t.notOk(first.connected);
  t.ok(p.platform.api.deviceLink.isOnline(device.mac), 'the old session closing does not take the device offline');
});

t.test('rotating the token drops the live session and refuses the old token at once', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  const gone = closed(client);
  const before = stats().kicks.credentials_changed ?? 0;
  const newToken = 'rotated-token-value';
  await p.platform.pg.db('devices').where({ id: device.row.id }).update({ token_hash: sha256Hex(newToken) });
  p.platform.bus.emit('device.changed', { deviceId: device.row.id, mac: device.mac, change: 'token_rotated' });
  await gone;
  t.equal(stats().kicks.credentials_changed, before + 1);
  t.equal(await refusedWith(p, deviceOptions(device)), BAD_USERNAME_OR_PASSWORD, 'old token refused');
  const again = await connectDevice(t, p, { mac: device.mac, token: newToken });
  t.ok(again.connected, 'new token accepted');
});

t.test('blocking and unbinding through the API drop the live session', async (t) => {
  const admin = await p.adminToken();
  for (const patch of [{ status: 'blocked' }, { organization_id: null }]) {
    const device = await makeDevice(p);
    const client = await connectDevice(t, p, device);
    const gone = closed(client);
    await eventually(async () => (await p.api('GET', `/superadmin/devices/${device.row.id}`, { token: admin })).body.online === true);
    const res = await p.api('PATCH', `/superadmin/devices/${device.row.id}`, { token: admin, body: patch });
    t.equal(res.status, 200);
    t.equal(res.body.online, false, 'shown offline at once, not after the next presence flush');
    await gone;
    t.equal(await refusedWith(p, deviceOptions(device)), NOT_AUTHORIZED, `refused after ${JSON.stringify(patch)}`);
  }
});

t.test('a revocation while a CONNECT is being checked keeps that connection out', async (t) => {
  const device = await makeDevice(p);
  const db = p.platform.pg.db;
  // Announce a block at the moment the broker's credentials query is on its way: the row it reads
  // still says active, but the connection it authorizes must not survive.
  const revokeMidway = (q: { sql: string; bindings?: unknown[] }) => {
    if (!q.sql.includes('token_hash') || !q.bindings?.includes(device.mac)) return;
    db.off('query', revokeMidway);
    p.platform.bus.emit('device.changed', { deviceId: device.row.id, mac: device.mac, change: 'blocked' });
  };
  db.on('query', revokeMidway);
  t.teardown(() => void db.off('query', revokeMidway));
  const client = mqtt.connect(p.platform.endpoints.MQTT!, deviceOptions(device));
  client.on('error', () => undefined);
  await new Promise<void>((resolve) => client.once('close', () => resolve()));
  await client.endAsync(true);
  t.notOk(p.platform.api.deviceLink.isOnline(device.mac));
  // The block was only announced, not stored: the next attempt reads the row again and gets in.
  const again = await connectDevice(t, p, device);
  t.ok(again.connected);
});

t.test('the credential cache serves reconnects without hitting a changed row until told', async (t) => {
  // Cached: a token change made behind the broker's back (no bus event) is not seen until invalidated.
  const device = await makeDevice(p);
  const first = await connectDevice(t, p, device);
  await first.endAsync();
  await p.platform.pg.db('devices').where({ id: device.row.id }).update({ token_hash: 'e'.repeat(64) });
  const cached = await connectDevice(t, p, device);
  t.ok(cached.connected, 'served from the cache');
  await cached.endAsync();
  p.platform.bus.emit('device.changed', { deviceId: device.row.id, mac: device.mac, change: 'token_rotated' });
  t.equal(await refusedWith(p, deviceOptions(device)), BAD_USERNAME_OR_PASSWORD, 'refused once invalidated');
});

t.test('devices connect over WebSocket on the HTTP server', async (t) => {
  const device = await makeDevice(p);
  const url = p.platform.endpoints['MQTT over WebSocket']!;
  t.match(url, /^ws:\/\/127\.0\.0\.1:\d+\/mqtt$/);
  const client = await mqtt.connectAsync(url, deviceOptions(device));
  t.teardown(() => client.endAsync(true));
  t.ok(client.connected);
  await eventually(async () => p.platform.api.deviceLink.isOnline(device.mac));
});

t.test('devices connect over TLS, and the TLS listener checks credentials the same way', async (t) => {
  const device = await makeDevice(p);
  const url = p.platform.endpoints['MQTT over TLS']!;
  t.match(url, /^mqtts:\/\/127\.0\.0\.1:\d+$/);
  const ca = readFileSync(certPath);
  const client = await mqtt.connectAsync(url, deviceOptions(device, { ca }));
  t.teardown(() => client.endAsync(true));
  t.ok(client.connected);
  t.equal(await refusedWith(p, deviceOptions({ mac: device.mac, token: 'wrong' }, { ca }), url), BAD_USERNAME_OR_PASSWORD);
});

/** A fresh credentials cache over the platform's database, and how many credential queries it has sent. */
function countedCache(t: Test): { cache: CredentialsCache; queries: () => number } {
  const db = p.platform.pg.db;
  let queries = 0;
  const count = (q: { sql: string }) => {
    if (q.sql.includes('token_hash')) queries++;
  };
  db.on('query', count);
  t.teardown(() => void db.off('query', count));
  return { cache: new CredentialsCache(db, 60_000), queries: () => queries };
}

t.test('a reconnect storm costs a few credential queries, not one per device', async (t) => {
  const devices = await Promise.all(Array.from({ length: 40 }, () => makeDevice(p)));
  const { cache, queries } = countedCache(t);
  // Forty CONNECTs at the same moment, as after a broker restart: one query in flight, the rest share the next.
  const found = await Promise.all([...devices.map((d) => cache.get(d.mac)), cache.get('0b:ff:ff:ff:ff:fe')]);
  t.same(found.map((d) => d?.id ?? null), [...devices.map((d) => d.row.id), null]);
  t.equal(queries(), 2);
  await cache.get(devices[0]!.mac);
  t.equal(queries(), 2, 'then served from memory');
});

t.test('an invalidation during a lookup keeps the possibly stale row out of the cache', async (t) => {
  const device = await makeDevice(p);
  const { cache, queries } = countedCache(t);
  const inFlight = cache.get(device.mac);
  cache.invalidate(device.mac);
  t.equal((await inFlight)?.id, device.row.id, 'the lookup in flight still answers');
  await cache.get(device.mac);
  t.equal(queries(), 2, 'but the next lookup reads again');
  await cache.get(device.mac);
  t.equal(queries(), 2, 'and that one is kept');
});

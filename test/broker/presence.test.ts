import t from 'tap';
import { Presence } from '../../broker/presence.ts';
import type { DeviceSession } from '../../broker/sessions.ts';
import { startTestPlatform } from '../helpers/platform.ts';
import { eventually } from '../ingest/fixtures.ts';
import { closed, connectDevice, deviceRow, makeDevice, silentDevice } from './fixtures.ts';

const p = await startTestPlatform(t, { DEVICE_PRESENCE_FLUSH_MS: '50' });
const row = (id: number) => deviceRow(p, id);

t.test('connecting marks the device online with a last-seen time', async (t) => {
  const device = await makeDevice(p);
  t.equal((await row(device.row.id)).online, false);
  const started = Date.now();
  await connectDevice(t, p, device);
  const online = await eventually(async () => {
    const r = await row(device.row.id);
    return r.online ? r : undefined;
  });
  t.ok(online.last_seen_at!.getTime() >= started - 1000);
});

t.test('a clean disconnect marks the device offline', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  await eventually(async () => (await row(device.row.id)).online);
  await client.endAsync();
  await eventually(async () => !(await row(device.row.id)).online);
  t.notOk(p.platform.api.deviceLink.isOnline(device.mac));
});

t.test('a killed socket marks the device offline; its will does not overwrite the reported status', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device, { will: { topic: `devices/${device.mac}/status`, payload: Buffer.from('{"will":true}'), qos: 1, retain: false } });
  await client.publishAsync(`devices/${device.mac}/status`, JSON.stringify({ uptime: 12 }), { qos: 1 });
  await eventually(async () => (await row(device.row.id)).reported_status);
  client.stream.destroy();
  await eventually(async () => !(await row(device.row.id)).online);
  // The will went through the publish hook as the connection closed; whatever it changed is written now.
  await p.platform.api.deviceLink.flushPresence();
  t.same((await row(device.row.id)).reported_status, { uptime: 12 });
});

t.test('a device that goes silent is taken offline by the keep-alive timeout', async (t) => {
  const device = await makeDevice(p);
  const before = p.platform.api.deviceLink.stats().keepaliveTimeouts;
  const socket = await silentDevice(p, device, 1);
  t.teardown(() => socket.destroy());
  await eventually(async () => (await row(device.row.id)).online);
  // [MQTT-3.1.2-24] one and a half keep-alive periods without a packet.
  await eventually(async () => !(await row(device.row.id)).online, 4000);
  t.equal(p.platform.api.deviceLink.stats().keepaliveTimeouts, before + 1);
});

t.test('status reports are stored as reported_status; the latest wins', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  for (let i = 1; i <= 5; i++) {
    await client.publishAsync(`devices/${device.mac}/status`, JSON.stringify({ uptime: i, firmware: '1.4.2', ip: '10.0.0.7' }), { qos: 1 });
  }
  const status = await eventually(async () => {
    const r = await row(device.row.id);
    return r.reported_status?.uptime === 5 ? r.reported_status : undefined;
  });
  t.same(status, { uptime: 5, firmware: '1.4.2', ip: '10.0.0.7' });
});

t.test('a status that is not a JSON object is dropped and counted, the connection stays', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  await client.publishAsync(`devices/${device.mac}/status`, '{"uptime":1}', { qos: 1 });
  for (const bad of ['not json', '[1,2]', 'null']) await client.publishAsync(`devices/${device.mac}/status`, bad, { qos: 1 });
  t.ok(client.connected);
  t.ok(p.platform.api.deviceLink.stats().malformed.status! >= 3);
  // Each PUBACK came after its message was handled: a flush now holds whatever they changed.
  await p.platform.api.deviceLink.flushPresence();
  t.same((await row(device.row.id)).reported_status, { uptime: 1 });
});

t.test('reconnecting (session takeover) leaves the device online', async (t) => {
  const device = await makeDevice(p);
  const first = await connectDevice(t, p, device);
  const firstGone = closed(first);
  await connectDevice(t, p, device);
  await firstGone;
  // The old session's disconnect is already recorded; the flush writes it and the new connect in order.
  await p.platform.api.deviceLink.flushPresence();
  t.equal((await row(device.row.id)).online, true);
});

t.test('a platform start marks every device offline (no session survives a restart)', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  await eventually(async () => (await row(device.row.id)).online);
  client.on('error', () => undefined);
  // A crash leaves online=true behind; simulate it on another device.
  const stale = await makeDevice(p);
  await p.platform.pg.db('devices').where({ id: stale.row.id }).update({ online: true });
  await p.restart();
  t.equal((await row(device.row.id)).online, false);
  t.equal((await row(stale.row.id)).online, false);
});

// Review finding: one bad report made every flush fail, so no device anywhere got presence updates again.
t.test('one device reporting what PostgreSQL cannot store never freezes presence for the others', async (t) => {
  const poisons: Array<[string, string]> = [
    ['config/ack', '{"version":99999999999}'], // beyond int4
    ['status', '{"note":"a\\u0000b"}'], // jsonb refuses NUL
    ['status', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`], // JSON.stringify overflows its stack
  ];
  for (const [kind, payload] of poisons) {
    const bad = await makeDevice(p);
    const badClient = await connectDevice(t, p, bad);
    const malformedBefore = p.platform.api.deviceLink.stats().malformed[kind as 'status'] ?? 0;
    await badClient.publishAsync(`devices/${bad.mac}/${kind}`, payload, { qos: 1 });
    t.equal(p.platform.api.deviceLink.stats().malformed[kind as 'status'], malformedBefore + 1, `${kind} ${payload.slice(0, 30)} is counted as malformed`);
    t.ok(badClient.connected, 'the sender stays connected');
    const good = await makeDevice(p);
    const goodClient = await connectDevice(t, p, good);
    await goodClient.publishAsync(`devices/${good.mac}/status`, '{"uptime":7}', { qos: 1 });
    const r = await eventually(async () => {
      const r = await row(good.row.id);
      return r.online && r.reported_status ? r : undefined;
    });
    t.same(r.reported_status, { uptime: 7 }, 'another device still gets its presence and status written');
  }
});

t.test('a status report is bounded in size and depth', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  const before = p.platform.api.deviceLink.stats().malformed.status ?? 0;
  await client.publishAsync(`devices/${device.mac}/status`, JSON.stringify({ blob: 'x'.repeat(20_000) }), { qos: 1 });
  await client.publishAsync(`devices/${device.mac}/status`, `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`, { qos: 1 });
  t.equal(p.platform.api.deviceLink.stats().malformed.status, before + 2);
  await client.publishAsync(`devices/${device.mac}/status`, '{"uptime":3,"wifi":{"rssi":-50}}', { qos: 1 });
  await eventually(async () => (await row(device.row.id)).reported_status?.uptime === 3);
});

t.test('a flush isolates a row PostgreSQL refuses and writes the other devices', async (t) => {
  const [bad, good] = [await makeDevice(p), await makeDevice(p)];
  // A writer of its own, fed past the uplink's checks: the last line of defence must hold too.
  const presence = new Presence(p.platform.pg.db, p.platform.log, 60_000, { id: 'test-broker', only: false });
  const session = (id: number) => ({ identity: { deviceId: id }, seenAt: 0 }) as DeviceSession;
  presence.reportStatus(session(bad.row.id), { note: 'a\u0000b' });
  presence.reportStatus(session(good.row.id), { uptime: 9 });
  await presence.flush();
  t.same((await row(good.row.id)).reported_status, { uptime: 9 });
  presence.reportStatus(session(good.row.id), { uptime: 10 });
  await presence.flush();
  t.same((await row(good.row.id)).reported_status, { uptime: 10 }, 'the refused row is not retried forever in front of the others');
  t.equal((await row(bad.row.id)).reported_status, null);
});

import mqtt from 'mqtt';
import t from 'tap';
import { findDeviceByMac, updateDevice } from '../../db/repositories/devices.ts';
import { insertOrganization } from '../../db/repositories/organizations.ts';
import { putSetting } from '../../db/repositories/settings.ts';
import { startTestPlatform } from '../helpers/platform.ts';
import { closed, deviceOptions } from '../broker/fixtures.ts';
import { bleEvent, bleEvents, countRows, eventually, settledWithin, wifiEvent } from '../ingest/fixtures.ts';

// A low per-device budget, so that a burst overruns it however slowly this box answers.
const p = await startTestPlatform(t, { MQTT_MAX_MESSAGES_PER_SECOND: '10' });
const db = () => p.platform.pg.db;
const ch = () => p.platform.clickhouse.ch;
await putSetting(db(), 'auto_registration', { enabled: true, last_device_at: null });

let macCounter = 0;
/** A device registered over the bridge and bound to an organization (unless `bound: false`). */
async function legacyDevice(opts: { bound?: boolean; status?: 'pending' | 'active'; products?: Array<'ble' | 'wifi'> } = {}) {
  const mac = `0c:00:00:00:00:${(++macCounter).toString(16).padStart(2, '0')}`;
  const reg = await p.api('POST', '/registration', { body: { mac } });
  const row = (await findDeviceByMac(db(), mac))!;
  if (opts.bound !== false) {
    const org = await insertOrganization(db(), { name: `Legacy ${mac}`, status: opts.status ?? 'active', products: opts.products ?? ['ble', 'wifi'] });
    await updateDevice(db(), row.id, { organization_id: org.id });
  }
  return { id: row.id, mac, token: reg.body.device_token as string };
}

/** Posts raw bytes, the way a legacy daemon does. */
const post = (route: string, body: string, token?: string, contentType = 'application/json') =>
  p.api('POST', route, { body, token, headers: { 'content-type': contentType } });

t.test('a legacy BLE batch is stored once, even when the daemon retries it', async (t) => {
  const device = await legacyDevice();
  const body = JSON.stringify({ events: bleEvents(3) });
  const first = await post('/ble', body, device.token);
  t.equal(first.status, 200);
  t.same(first.body, { status: 'ok', stored: 3, rejected: 0, duplicate: false });
  t.equal(await countRows(ch(), 'ble_events', device.id), 3, 'durable when answered');

  const retry = await post('/ble', body, device.token);
  t.equal(retry.status, 200, 'a retry is acknowledged');
  t.equal(retry.body.duplicate, true);
  t.equal(retry.body.stored, 0);
  t.equal(await countRows(ch(), 'ble_events', device.id), 3, 'and not stored twice');

  const seen = (await findDeviceByMac(db(), device.mac))!;
  t.ok(seen.last_seen_at, 'the upload counts as the device being seen');
});

t.test('a legacy WiFi batch lands in wifi_events; a bare array and any content type are accepted', async (t) => {
  const device = await legacyDevice();
  const res = await post('/wifi', JSON.stringify([wifiEvent(), wifiEvent({ mac: '3c:22:fb:01:02:04' })]), device.token, 'text/plain');
  t.equal(res.status, 200);
  t.equal(res.body.stored, 2);
  t.equal(await countRows(ch(), 'wifi_events', device.id), 2);
  t.equal(await countRows(ch(), 'ble_events', device.id), 0);
});

t.test('invalid events are counted as rejected, the valid ones stored', async (t) => {
  const device = await legacyDevice();
  const res = await post('/ble', JSON.stringify({ events: [bleEvent(), bleEvent({ rssi: 'loud' }), bleEvent({ mac: 'nope' })] }), device.token);
  t.equal(res.status, 200);
  t.equal(res.body.stored, 1);
  t.equal(res.body.rejected, 2);
  t.equal(await countRows(ch(), 'ble_events', device.id), 1);
});

t.test('uploads without a valid token are refused and nothing is stored', async (t) => {
  const device = await legacyDevice();
  const body = JSON.stringify({ events: bleEvents(2) });
  const none = await post('/ble', body);
  t.equal(none.status, 401);
  t.equal(none.body.error.code, 'device_token_missing');
  const wrong = await post('/ble', body, 'A'.repeat(43) + '=');
  t.equal(wrong.status, 401);
  t.equal(wrong.body.error.code, 'device_token_invalid');
  const notBearer = await p.api('POST', '/wifi', { body, headers: { authorization: `Basic ${device.token}` } });
  t.equal(notBearer.status, 401);
  t.equal(await countRows(ch(), 'ble_events', device.id), 0);
});

t.test('an unbound or blocked device cannot upload', async (t) => {
  const unbound = await legacyDevice({ bound: false });
  const body = JSON.stringify({ events: bleEvents(1) });
  const res = await post('/ble', body, unbound.token);
  t.equal(res.status, 403);
  t.equal(res.body.error.code, 'device_unbound');
  t.match(res.body.error.message, /superadmin/);

  const blocked = await legacyDevice();
  await updateDevice(db(), blocked.id, { status: 'blocked' });
  const refused = await post('/ble', body, blocked.token);
  t.equal(refused.status, 403);
  t.equal(refused.body.error.code, 'device_blocked');
  t.equal(await countRows(ch(), 'ble_events', blocked.id) + (await countRows(ch(), 'ble_events', unbound.id)), 0);
});

t.test('unusable bodies get clear JSON errors', async (t) => {
  const device = await legacyDevice();
  for (const [body, why] of [
    ['', 'empty'],
    ['{"events":', 'not JSON'],
    ['{"foo":1}', 'no events array'],
    ['42', 'not a batch'],
  ] as const) {
    const res = await post('/ble', body, device.token);
    t.equal(res.status, 400, why);
    t.equal(res.body.error.code, 'malformed_payload', why);
    t.type(res.body.error.message, 'string');
  }
  const huge = await post('/ble', JSON.stringify({ events: [bleEvent({ uuid: 'x'.repeat(3_000_000) })] }), device.token);
  t.equal(huge.status, 413);
  t.equal(huge.body.error.code, 'payload_too_large');
  t.equal(await countRows(ch(), 'ble_events', device.id), 0);
});

t.test('other API routes still parse JSON normally', async (t) => {
  const res = await p.api('POST', '/registration', { body: '{"mac":' });
  t.equal(res.body.error.code, 'malformed_json');
  t.equal((await p.api('GET', '/ble')).status, 404, 'only POST is a batch upload');
});

t.test('a batch nested thousands deep is answered, its nesting refused and counted, its valid events stored', async (t) => {
  const device = await legacyDevice();
  const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
  const only = await post('/wifi', deep, device.token);
  t.equal(only.status, 200, 'not a 500 the daemon would resend forever');
  t.same(only.body, { status: 'ok', stored: 0, rejected: 1, duplicate: false });
  const mixed = await post('/wifi', `[${JSON.stringify(wifiEvent())},${deep}]`, device.token);
  t.same(mixed.body, { status: 'ok', stored: 1, rejected: 1, duplicate: false });
  t.equal(await countRows(ch(), 'wifi_events', device.id), 1);
});

// Review finding: one device stored 504k events in 3 s over the bridge, bypassing the MQTT per-device limit.
t.test('uploads share the per-device message budget of MQTT: beyond it 429, and MQTT feels it too', async (t) => {
  const device = await legacyDevice();
  const other = await legacyDevice();
  const body = (i: number) => JSON.stringify([wifiEvent({ rssi: -(i % 100) - 1 })]);
  // 10 per second with a burst of one second's worth (MQTT_MAX_MESSAGES_PER_SECOND): 80 at once overrun it.
  const answers = await Promise.all(Array.from({ length: 80 }, (_, i) => post('/wifi', body(i), device.token)));
  const limited = answers.filter((a) => a.status === 429);
  t.ok(limited.length >= 10, `${limited.length} of 80 refused`);
  t.equal(limited[0]!.body.error.code, 'too_many_requests');
  const stored = answers.filter((a) => a.status === 200).reduce((n, a) => n + (a.body.stored as number), 0);
  t.equal(await countRows(ch(), 'wifi_events', device.id), stored, 'only what was answered 200 is stored');
  t.equal((await post('/wifi', body(1), other.token)).status, 200, 'another device has its own budget');

  // Right after the uploads drained the budget, 8 publishes (alone within the burst of 10) overrun it.
  const client = await mqtt.connectAsync(p.platform.endpoints.MQTT!, deviceOptions(device));
  t.teardown(() => client.endAsync(true));
  client.on('error', () => undefined);
  const gone = closed(client);
  for (let i = 0; i < 8; i++) client.publish(`devices/${device.mac}/status`, '{}', { qos: 0 });
  t.not(await settledWithin(gone, 3000), 'pending', 'MQTT publishes and uploads of one device draw on one budget');
});

// Review finding: events of a product the organization does not have (or of a pending organization) were stored.
t.test('events of a product the organization does not have are refused and counted, not stored', async (t) => {
  const wifiOnly = await legacyDevice({ products: ['wifi'] });
  const res = await post('/ble', JSON.stringify(bleEvents(3)), wifiOnly.token);
  t.equal(res.status, 200, 'acknowledged, so the daemon does not resend it forever');
  t.same(res.body, { status: 'ok', stored: 0, rejected: 3, duplicate: false });
  t.equal(await countRows(ch(), 'ble_events', wifiOnly.id), 0);
  t.equal((await post('/wifi', JSON.stringify([wifiEvent()]), wifiOnly.token)).body.stored, 1, 'its own product is stored');

  const pending = await legacyDevice({ status: 'pending' });
  t.same((await post('/wifi', JSON.stringify([wifiEvent(), wifiEvent()]), pending.token)).body, { status: 'ok', stored: 0, rejected: 2, duplicate: false });
  t.equal(await countRows(ch(), 'wifi_events', pending.id), 0, 'nothing of a pending organization');

  const counted = await eventually(async () => {
    const row = (await findDeviceByMac(db(), pending.mac))!;
    return row.rejected_events === 2 ? row : undefined;
  });
  t.match(counted.last_error, /^product_not_enabled: wifi/);
  t.ok(p.platform.api.ingest.stats().rejectedByReason.product_not_enabled! >= 5);
});

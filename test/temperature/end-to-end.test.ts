import mqtt from 'mqtt';
import t from 'tap';
import { localDate, zonedMidnight } from '../../core/time-zones.ts';
import { putSetting } from '../../db/repositories/settings.ts';
import { startTestPlatform } from '../helpers/platform.ts';
import { countRows } from '../ingest/fixtures.ts';

// Temperature Monitoring end to end: readings over MQTT and the legacy HTTP bridge, stored and
// aggregated per minute, served per sensor (latest, hourly series in the organization's time zone,
// thresholds and alerts), refused when bad, and closed to organizations without the product.
const p = await startTestPlatform(t);
const admin = await p.adminToken();
const ch = () => p.platform.clickhouse.ch;
// India is UTC+5:30: a local hour straddles two UTC hours, so bucketing by UTC would show here.
const TZ = 'Asia/Kolkata';
const MIN = 60_000;

async function organization(name: string, products: string[], email: string) {
  const org = (await p.api('POST', '/superadmin/organizations', {
    token: admin,
    body: { name, status: 'active', products, timezone: TZ, owner: { email, password: 'owner-password-1' } },
  })).body;
  return { org, token: await p.login(email, 'owner-password-1') };
}

const cold = await organization('Cold Chain', ['temperature'], 'owner@cold.example');
const other = await organization('Mall', ['wifi'], 'owner@mall.example');

async function receiver(mac: string, organizationId: number) {
  const res = await p.api('POST', '/superadmin/devices', { token: admin, body: { mac, organization_id: organizationId } });
  return { id: res.body.device.id as number, mac, token: res.body.token as string };
}
const rx = await receiver('0c:00:00:00:00:01', cold.org.id);
const legacy = await receiver('0c:00:00:00:00:02', cold.org.id);
const foreign = await receiver('0c:00:00:00:00:03', other.org.id);

// Two full local hours that have passed: 10:00–12:00 of yesterday, Kolkata time.
const today = localDate(new Date(), TZ);
const yesterday = { ...today, day: today.day - 1 };
const at = (hh: number, mm = 0) => zonedMidnight(yesterday, TZ).getTime() + (hh * 60 + mm) * MIN;
const day = new Date(Date.UTC(yesterday.year, yesterday.month - 1, yesterday.day)).toISOString().slice(0, 10);

t.test('readings published on devices/<mac>/temperature are stored when the PUBACK arrives', async (t) => {
  const client = await mqtt.connectAsync(p.platform.endpoints.MQTT!, {
    clientId: rx.mac,
    username: rx.mac,
    password: rx.token,
    protocolVersion: 4,
    reconnectPeriod: 0,
  });
  t.teardown(() => client.endAsync(true));
  // Hour 10: 20, 21, 22, 23 °C (avg 21.5); hour 11: 30 and 32 °C (avg 31); humidity only on some.
  const readings = [
    { sensor: 't1', celsius: 20, humidity: 40, ts: at(10, 0) },
    { sensor: 't1', celsius: 21, ts: at(10, 15) },
    { sensor: 't1', celsius: 22, humidity: 50, ts: at(10, 30) },
    { sensor: 't1', celsius: 23, ts: at(10, 59) },
    { sensor: 't1', celsius: 30, ts: at(11, 5) },
    { sensor: 't1', celsius: 32, humidity: 60, ts: at(11, 6) },
    { sensor: 'freezer', celsius: -18.5, ts: Date.now() - 90_000 },
  ];
  await client.publishAsync(`devices/${rx.mac}/temperature`, JSON.stringify(readings), { qos: 1 });
  t.equal(await countRows(ch(), 'temperature_readings', rx.id), readings.length, 'durable when acknowledged');
});

t.test('the legacy bridge POST /api/v1/temperature stores readings by the same rules', async (t) => {
  const body = JSON.stringify({ events: [{ sensor: 'probe', celsius: 5.25, ts: Date.now() - 30_000 }] });
  const res = await p.api('POST', '/temperature', { body, token: legacy.token, headers: { 'content-type': 'application/json' } });
  t.equal(res.status, 200);
  t.same(res.body, { status: 'ok', stored: 1, rejected: 0, duplicate: false });
  const again = await p.api('POST', '/temperature', { body, token: legacy.token, headers: { 'content-type': 'application/json' } });
  t.equal(again.body.duplicate, true, 'a retried post is stored once');
  t.equal(await countRows(ch(), 'temperature_readings', legacy.id), 1);
});

t.test('bad readings are refused one by one with their reason; the good ones of the batch are stored', async (t) => {
  const identity = { deviceId: legacy.id, mac: legacy.mac, organizationId: cold.org.id, products: ['temperature' as const] };
  const now = Date.now();
  const batch = [
    { sensor: 'ok', celsius: 124.9, humidity: 0, ts: now },
    { sensor: 'hot', celsius: 125.5, ts: now },
    { sensor: 'cold', celsius: -61, ts: now },
    { sensor: 'nan', celsius: '21', ts: now },
    { sensor: 'wet', celsius: 20, humidity: 100.5, ts: now },
    { sensor: 'x'.repeat(33), celsius: 20, ts: now },
    { sensor: '', celsius: 20, ts: now },
    { celsius: 20, ts: now },
    { sensor: 'late', celsius: 20 },
    { sensor: 'future', celsius: 20, ts: now + 3_600_000 },
  ];
  const before = p.platform.api.ingest.stats().rejectedByReason;
  const result = await p.platform.api.ingest.submit(identity, 'temperature', Buffer.from(JSON.stringify(batch)));
  t.same(result, { stored: 1, rejected: 9, duplicate: false });
  const after = p.platform.api.ingest.stats().rejectedByReason;
  const delta = (reason: string) => (after[reason] ?? 0) - (before[reason] ?? 0);
  t.equal(delta('invalid_celsius'), 3, 'above 125, below −60, not a number');
  t.equal(delta('invalid_humidity'), 1);
  t.equal(delta('invalid_sensor'), 3, 'too long, empty, missing');
  t.equal(delta('invalid_timestamp'), 1);
  t.equal(delta('timestamp_in_future'), 1);
});

t.test('the sensor table shows each sensor’s latest reading and its age', async (t) => {
  const res = await p.api('GET', '/client/temperature/sensors', { token: cold.token });
  t.equal(res.status, 200, JSON.stringify(res.body));
  const t1 = res.body.sensors.find((s: { device_id: number; sensor: string }) => s.device_id === rx.id && s.sensor === 't1');
  t.match(t1, { receiver: /^Receiver #\d+$/, celsius: 32, humidity: 60, at: new Date(at(11, 6)).toISOString(), state: 'no_thresholds' });
  const freezer = res.body.sensors.find((s: { sensor: string }) => s.sensor === 'freezer');
  t.ok(freezer.age_seconds >= 90 && freezer.age_seconds < 600, `age ${freezer.age_seconds} s`);
  t.notOk(res.body.sensors.some((s: { device_id: number }) => s.device_id === foreign.id), 'no other tenant’s sensors');
});

t.test('the series gives min, average and max per local hour of the organization’s time zone', async (t) => {
  const res = await p.api('GET', `/client/temperature/series?device_id=${rx.id}&sensor=t1&period=custom&from=${day}&to=${day}&granularity=hour`, {
    token: cold.token,
  });
  t.equal(res.status, 200, JSON.stringify(res.body));
  t.same(res.body.points, [
    { bucket: `${day}T10:00`, readings: 4, min_celsius: 20, avg_celsius: 21.5, max_celsius: 23, avg_humidity: 45 },
    { bucket: `${day}T11:00`, readings: 2, min_celsius: 30, avg_celsius: 31, max_celsius: 32, avg_humidity: 60 },
  ]);
  t.equal(res.body.period.time_zone, TZ);
  const daily = await p.api('GET', `/client/temperature/series?device_id=${rx.id}&sensor=t1&period=custom&from=${day}&to=${day}&granularity=day`, {
    token: cold.token,
  });
  t.same(daily.body.points, [{ bucket: day, readings: 6, min_celsius: 20, avg_celsius: 24.67, max_celsius: 32, avg_humidity: 50 }], 'a day is every reading, not an average of hours');
});

t.test('per-sensor thresholds flag sensors too hot or too cold, and the alerts list them', async (t) => {
  const put = (deviceId: number, sensor: string, body: unknown, token = cold.token) =>
    p.api('PUT', `/client/temperature/thresholds/${deviceId}/${sensor}`, { token, body });
  t.equal((await put(rx.id, 't1', { min_celsius: 18, max_celsius: 25 })).status, 200);
  t.equal((await put(rx.id, 'freezer', { max_celsius: -20 })).status, 200);
  t.equal((await put(legacy.id, 'probe', { min_celsius: 2, max_celsius: 8 })).status, 200);

  const sensors = (await p.api('GET', '/client/temperature/sensors', { token: cold.token })).body.sensors as Array<{ sensor: string; state: string }>;
  const state = (name: string) => sensors.find((s) => s.sensor === name)?.state;
  t.equal(state('t1'), 'too_hot', '32 °C above 25');
  t.equal(state('freezer'), 'too_hot', '−18.5 °C above −20');
  t.equal(state('probe'), 'ok');
  const alerts = (await p.api('GET', '/client/temperature/alerts', { token: cold.token })).body.alerts as Array<{ sensor: string }>;
  t.same(alerts.map((a) => a.sensor).sort(), ['freezer', 't1']);

  t.equal((await put(rx.id, 't1', { min_celsius: 35, max_celsius: null })).status, 200);
  const listed = (await p.api('GET', '/client/temperature/thresholds', { token: cold.token })).body.thresholds;
  t.equal(listed.length, 3, 'a sensor has one set of thresholds, replaced on save');
  t.equal((await p.api('GET', '/client/temperature/sensors', { token: cold.token })).body.sensors.find((s: { sensor: string }) => s.sensor === 't1').state, 'too_cold');

  t.equal((await p.api('DELETE', `/client/temperature/thresholds/${rx.id}/t1`, { token: cold.token })).status, 204);
  t.same((await p.api('GET', '/client/temperature/alerts', { token: cold.token })).body.alerts.map((a: { sensor: string }) => a.sensor), ['freezer']);
});

t.test('thresholds that make no sense are refused with the field named', async (t) => {
  for (const body of [{ min_celsius: 10, max_celsius: 5 }, { max_celsius: 300 }, { min_celsius: 'cold' }]) {
    const res = await p.api('PUT', `/client/temperature/thresholds/${rx.id}/t1`, { token: cold.token, body });
    t.equal(res.status, 400, JSON.stringify(body));
    t.equal(res.body.error.code, 'validation_failed');
  }
  const long = await p.api('PUT', `/client/temperature/thresholds/${rx.id}/${'s'.repeat(33)}`, { token: cold.token, body: {} });
  t.equal(long.status, 400, 'a sensor id longer than 32 characters');
});

t.test('another tenant’s receiver answers 404 exactly like a missing one', async (t) => {
  const body = { max_celsius: 30 };
  const foreignRes = await p.api('PUT', `/client/temperature/thresholds/${foreign.id}/t1`, { token: cold.token, body });
  const missing = await p.api('PUT', `/client/temperature/thresholds/999999/t1`, { token: cold.token, body });
  t.equal(foreignRes.status, 404);
  t.same(foreignRes.body, missing.body);
  const series = await p.api('GET', `/client/temperature/series?device_id=${foreign.id}&sensor=t1`, { token: cold.token });
  t.same({ status: series.status, body: series.body }, { status: 404, body: missing.body });
});

t.test('a viewer sees the sensors but may not change thresholds', async (t) => {
  const created = await p.api('POST', '/client/users', {
    token: cold.token,
    body: { email: 'viewer@cold.example', password: 'viewer-password-1', role: 'viewer' },
  });
  t.equal(created.status, 201, JSON.stringify(created.body));
  const viewer = await p.login('viewer@cold.example', 'viewer-password-1');
  t.equal((await p.api('GET', '/client/temperature/sensors', { token: viewer })).status, 200);
  const put = await p.api('PUT', `/client/temperature/thresholds/${rx.id}/t1`, { token: viewer, body: { max_celsius: 30 } });
  t.equal(put.status, 403);
});

t.test('an organization without Temperature gets 403 product_not_enabled from every temperature endpoint', async (t) => {
  for (const [method, route] of [
    ['GET', '/client/temperature/sensors'],
    ['GET', '/client/temperature/alerts'],
    ['GET', `/client/temperature/series?device_id=${foreign.id}&sensor=t1`],
    ['GET', '/client/temperature/thresholds'],
    ['PUT', `/client/temperature/thresholds/${foreign.id}/t1`],
    ['DELETE', `/client/temperature/thresholds/${foreign.id}/t1`],
  ] as const) {
    const res = await p.api(method, route, { token: other.token, body: method === 'PUT' ? { max_celsius: 30 } : undefined });
    t.equal(res.status, 403, `${method} ${route}`);
    t.equal(res.body.error.code, 'product_not_enabled');
  }
});

t.test('every device config carries the Temperature section, off by default', async (t) => {
  await putSetting(p.platform.pg.db, 'auto_registration', { enabled: false, last_device_at: null });
  const res = await p.api('GET', `/config?device_id=${legacy.mac}`, { token: legacy.token });
  t.equal(res.status, 200);
  t.same(res.body.temperature, { enabled: false, interval_ms: 60_000 });
});

import t from 'tap';
import { localDate, zonedMidnight, type LocalDate } from '../../core/time-zones.ts';
import { startTestPlatform } from '../helpers/platform.ts';

const p = await startTestPlatform(t);
const admin = await p.adminToken();
const TZ = 'Asia/Tokyo';
const MIN = 60_000;

const org = (await p.api('POST', '/superadmin/organizations', {
  token: admin,
  body: { name: 'Tokyo Mall', status: 'active', products: ['wifi'], timezone: TZ, owner: { email: 'owner@tokyo.example', password: 'tokyo-owner-1' } },
})).body;
const owner = await p.login('owner@tokyo.example', 'tokyo-owner-1');
const rx: Array<{ id: number; mac: string; simple_id: number }> = [];
for (const mac of ['0a:10:00:00:00:01', '0a:10:00:00:00:02']) {
  rx.push((await p.api('POST', '/superadmin/devices', { token: admin, body: { mac, organization_id: org.id } })).body.device);
}

// The period under test: the day before yesterday (D1) and yesterday (D2), Tokyo time.
const today = localDate(new Date(), TZ);
const day = (offset: number): LocalDate => ({ ...today, day: today.day + offset });
const [D1, D2, EARLIER] = [day(-2), day(-1), day(-5)];
const at = (d: LocalDate, hh: number, mm = 0) => zonedMidnight(d, TZ).getTime() + (hh * 60 + mm) * MIN;
const iso = (d: LocalDate) => new Date(Date.UTC(d.year, d.month - 1, d.day)).toISOString().slice(0, 10);
const period = `period=custom&from=${iso(D1)}&to=${iso(D2)}`;

/** One probe a minute from `start` to `end` inclusive, as a batch from one receiver through the real ingest queue. */
async function presence(receiver: 0 | 1, mac: string, start: number, end: number, rssi: number, ssid = '') {
  const events = [];
  for (let ts = start; ts <= end; ts += MIN) events.push({ mac, rssi, ts, ssid, channel: 6 });
  const device = rx[receiver]!;
  const identity = { deviceId: device.id, mac: device.mac, organizationId: org.id, products: ['wifi' as const] };
  const result = await p.platform.api.ingest.submit(identity, 'wifi', Buffer.from(JSON.stringify(events)));
  if (result.stored !== events.length) throw new Error(`stored ${result.stored} of ${events.length}`);
}

await presence(0, '3c:22:fb:00:00:01', at(D1, 10), at(D1, 10, 30), -60); // A: real, visits on two days
await presence(0, '3c:22:fb:00:00:01', at(D2, 11), at(D2, 11, 20), -55);
await presence(0, 'da:a1:19:00:00:02', at(D1, 12), at(D1, 12, 10), -65); // B: randomized visitor
await presence(0, '00:12:fb:00:00:03', at(D1, 13), at(D1, 13, 2), -70, '=HYPERLINK("x")'); // C: too short
await presence(0, '3c:22:fb:00:00:04', at(D2, 14), at(D2, 14, 30), -80); // D: above floor, too weak for a visit
await presence(0, '3c:a9:f4:00:00:05', at(D2, 10), at(D2, 10, 5), -90); // E: below the floor
await presence(1, '3c:22:fb:00:00:06', at(D2, 9), at(D2, 9, 10), -62); // F: two visits split by a 30 min gap
await presence(1, '3c:22:fb:00:00:06', at(D2, 9, 40), at(D2, 9, 50), -62);
await presence(1, '3c:22:fb:00:00:07', at(EARLIER, 18), at(EARLIER, 18, 1), -60); // G: seen before the period…
await presence(1, '3c:22:fb:00:00:07', at(D2, 15), at(D2, 15, 30), -58); // …and back as a visitor
await p.platform.products.settle();

t.test('the summary counts uniques, visitors, visits, dwell and loyalty by the documented rules', async (t) => {
  const res = await p.api('GET', `/client/wifi/summary?${period}`, { token: owner });
  t.equal(res.status, 200, JSON.stringify(res.body.error));
  const s = res.body;
  t.same(s.uniques, { total: 6, real: 5, randomized: 1 }, 'E is below the RSSI floor');
  t.same(s.visitors, { total: 4, real: 3, randomized: 1 }, 'A, B, F, G');
  t.equal(s.passers_by, 2, 'C stayed 2 minutes, D was too weak');
  t.equal(s.visits, 6, 'A twice, F twice (30 min gap), B, G');
  t.equal(s.repeat_visitors, 1, 'only A came on two days');
  t.equal(s.returning_visitors, 1, 'G was seen before the period');
  t.equal(s.new_visitors, 3);
  t.equal(s.dwell.mean_minutes.toFixed(4), (110 / 6).toFixed(4));
  t.equal(s.dwell.median_minutes, 15);
  t.equal(s.capture_rate, 4 / 6);
  t.equal(s.events, 31 + 21 + 11 + 3 + 31 + 6 + 11 + 11 + 31, 'every raw event of the period, even below the floor');
  t.equal(s.period.time_zone, TZ);
  t.equal(s.period.from, new Date(at(D1, 0)).toISOString(), 'the period starts at Tokyo midnight');
});

t.test('series buckets by local day and hour', async (t) => {
  const days = (await p.api('GET', `/client/wifi/series?${period}&granularity=day`, { token: owner })).body.points;
  t.same(
    days.map((d: Record<string, unknown>) => [d.bucket, d.uniques, d.uniques_randomized, d.visitors, d.visits]),
    [
      [iso(D1), 3, 1, 2, 2],
      [iso(D2), 4, 0, 3, 4],
    ],
  );
  const hours = (await p.api('GET', `/client/wifi/series?${period}&granularity=hour`, { token: owner })).body.points;
  const nine = hours.find((h: { bucket: string }) => h.bucket === `${iso(D2)}T09:00`);
  t.equal(nine.visits, 2, 'both of F’s visits began at 9 o’clock Tokyo time');
});

t.test('dwell histogram, vendors and receivers', async (t) => {
  const dwell = (await p.api('GET', `/client/wifi/dwell?${period}`, { token: owner })).body.buckets;
  t.same(dwell, [
    { from_minutes: 5, to_minutes: 20, visits: 3 },
    { from_minutes: 20, to_minutes: 60, visits: 3 },
    { from_minutes: 60, to_minutes: 360, visits: 0 },
    { from_minutes: 360, to_minutes: null, visits: 0 },
  ]);
  const vendors = (await p.api('GET', `/client/wifi/vendors?${period}`, { token: owner })).body.vendors;
  t.same(vendors, [
    { vendor: 'Apple, Inc.', devices: 4, visitors: 3 },
    { vendor: 'Samsung Electronics Co.,Ltd', devices: 1, visitors: 0 },
  ], 'vendors come from the IEEE registry at ingest');
  const receivers = (await p.api('GET', `/client/wifi/receivers?${period}`, { token: owner })).body.receivers;
  t.same(
    receivers.map((r: Record<string, unknown>) => [r.label, r.events, r.devices]),
    [
      [`Receiver #${rx[0]!.simple_id}`, 31 + 21 + 11 + 3 + 31 + 6, 5],
      [`Receiver #${rx[1]!.simple_id}`, 22 + 31, 2],
    ],
    'receivers count every signal, even below the floor',
  );
});

t.test('thresholds are per organization and change the metrics at once', async (t) => {
  const initial = await p.api('GET', '/client/wifi/thresholds', { token: owner });
  t.same(initial.body, { rssi_floor_dbm: -85, visitor_rssi_dbm: -75, min_visit_minutes: 5, visit_gap_minutes: 15 });
  const put = await p.api('PUT', '/client/wifi/thresholds', { token: owner, body: { ...initial.body, min_visit_minutes: 15 } });
  t.equal(put.status, 200);
  const s = (await p.api('GET', `/client/wifi/summary?${period}`, { token: owner })).body;
  t.equal(s.visitors.total, 2, 'only A and G stayed 15 minutes');
  const joined = await p.api('PUT', '/client/wifi/thresholds', { token: owner, body: { ...initial.body, visit_gap_minutes: 45 } });
  t.equal(joined.status, 200);
  await p.platform.products.settle(); // the new gap re-derives visits in the background; wait for it here
  t.equal((await p.api('GET', `/client/wifi/summary?${period}`, { token: owner })).body.visits, 5, "a 45 min gap joins F's two visits");
  const bad = await p.api('PUT', '/client/wifi/thresholds', { token: owner, body: { ...initial.body, visitor_rssi_dbm: -95 } });
  t.equal(bad.status, 400);
  t.match(bad.body.error.message, /visitor_rssi_dbm/);
  await p.api('PUT', '/client/wifi/thresholds', { token: owner, body: initial.body });
  await p.platform.products.settle();
  t.equal((await p.api('GET', `/client/wifi/summary?${period}`, { token: owner })).body.visits, 6, 'and back');
});

t.test('periods are validated', async (t) => {
  for (const q of ['period=custom', `period=custom&from=${iso(D2)}&to=${iso(D1)}`, 'period=custom&from=2026-02-30&to=2026-03-01', 'period=custom&from=2020-01-01&to=2026-01-01', 'period=decade']) {
    const res = await p.api('GET', `/client/wifi/summary?${q}`, { token: owner });
    t.equal(res.status, 400, q);
    t.ok(['invalid_period', 'validation_failed'].includes(res.body.error.code));
  }
  const todayRes = await p.api('GET', '/client/wifi/summary', { token: owner });
  t.equal(todayRes.status, 200);
  t.equal(todayRes.body.uniques.total, 0, 'nothing was seen today');
});

t.test('exports: a job with progress and history, then a streamed download', async (t) => {
  const start = await p.api('POST', '/client/wifi/exports', {
    token: owner,
    body: { period: 'custom', from: iso(D1), to: iso(D2), format: 'csv', exclude_randomized: true, fields: ['timestamp', 'receiver', 'client_mac', 'randomized', 'vendor', 'rssi', 'ssid'] },
  });
  t.equal(start.status, 202);
  t.equal(start.body.status, 'queued');
  const job = await waitForExport(start.body.id);
  t.equal(job.status, 'done');
  t.equal(job.progress, 1);
  t.equal(job.rows, 156 - 11, 'every raw event of the period except the randomized MAC');
  t.equal(job.requested_by, 'owner@tokyo.example');
  const file = await fetch(`${p.url}/api/v1/client/wifi/exports/${job.id}/download`, { headers: { authorization: `Bearer ${owner}` } });
  t.equal(file.status, 200);
  t.match(file.headers.get('content-disposition'), new RegExp(`attachment; filename="wifi-events-${iso(D1)}-${iso(D2)}.csv"`));
  const lines = (await file.text()).trim().split('\n');
  t.equal(lines[0], 'timestamp,receiver,client_mac,randomized,vendor,rssi,ssid');
  t.equal(lines.length, 1 + 145);
  t.notOk(lines.some((l) => l.includes('da:a1:19')), 'randomized MAC excluded');
  t.ok(lines.some((l) => l.includes(`"Receiver #${rx[0]!.simple_id}","3c:22:fb:00:00:01",false,"Apple, Inc.",-60`)), 'receiver label, MAC, flag, vendor, RSSI');
  t.ok(lines.some((l) => l.includes(`"'=HYPERLINK(""x"")"`)), 'a formula in an SSID is defused');
  t.equal(Number(file.headers.get('content-length')), job.bytes);

  const json = await waitForExport(
    (await p.api('POST', '/client/wifi/exports', { token: owner, body: { period: 'custom', from: iso(D1), to: iso(D1), format: 'json', fields: ['client_mac', 'rssi'] } })).body.id,
  );
  const body = await (await fetch(`${p.url}/api/v1/client/wifi/exports/${json.id}/download`, { headers: { authorization: `Bearer ${owner}` } })).json();
  t.equal(body.length, 31 + 11 + 3, 'a JSON array of D1’s events');
  t.same(Object.keys(body[0]), ['client_mac', 'rssi']);

  const history = (await p.api('GET', '/client/wifi/exports', { token: owner })).body;
  t.same(history.map((e: { id: string }) => e.id), [json.id, job.id], 'newest first');
  t.same(history[1].parameters.fields, ['timestamp', 'receiver', 'client_mac', 'randomized', 'vendor', 'rssi', 'ssid']);
});

t.test('roles, products and tenants are enforced', async (t) => {
  for (const role of ['viewer', 'operator', 'manager'] as const) {
    await p.api('POST', '/client/users', { token: owner, body: { email: `${role}@tokyo.example`, password: `${role}-password`, role } });
  }
  const viewer = await p.login('viewer@tokyo.example', 'viewer-password');
  const operator = await p.login('operator@tokyo.example', 'operator-password');
  const manager = await p.login('manager@tokyo.example', 'manager-password');
  t.equal((await p.api('GET', `/client/wifi/summary?${period}`, { token: viewer })).status, 200, 'everyone views analytics');
  // brief: Owner, Admin and Manager export; Operator and Viewer do not
  t.equal((await p.api('POST', '/client/wifi/exports', { token: viewer, body: {} })).status, 403);
  t.equal((await p.api('POST', '/client/wifi/exports', { token: operator, body: {} })).status, 403);
  t.equal((await p.api('GET', '/client/wifi/exports', { token: manager })).status, 200);
  t.equal((await p.api('PUT', '/client/wifi/thresholds', { token: manager, body: {} })).status, 403, 'managers are read-only');

  const other = (await p.api('POST', '/superadmin/organizations', {
    token: admin,
    body: { name: 'BLE only', status: 'active', products: ['ble'], owner: { email: 'owner@ble.example', password: 'ble-owner-pw' } },
  })).body;
  t.ok(other.id);
  const bleOwner = await p.login('owner@ble.example', 'ble-owner-pw');
  const refused = await p.api('GET', '/client/wifi/summary', { token: bleOwner });
  t.equal(refused.status, 403);
  t.equal(refused.body.error.code, 'product_not_enabled');
  await p.api('PATCH', `/superadmin/organizations/${other.id}`, { token: admin, body: { products: ['ble', 'wifi'] } });
  const empty = await p.api('GET', `/client/wifi/summary?${period}`, { token: bleOwner });
  t.equal(empty.body.uniques.total, 0, "never another tenant's sightings");
  const history = await p.api('GET', '/client/wifi/exports', { token: bleOwner });
  t.same(history.body, []);
  const ownerExports = (await p.api('GET', '/client/wifi/exports', { token: owner })).body;
  const foreign = await p.api('GET', `/client/wifi/exports/${ownerExports[0].id}`, { token: bleOwner });
  t.equal(foreign.status, 404);
  t.equal((await p.api('GET', `/client/wifi/exports/${ownerExports[0].id}/download`, { token: bleOwner })).status, 404);
  t.equal((await p.api('GET', '/client/wifi/exports/not-a-uuid', { token: owner })).status, 400);
});

t.test('export files expire after the retention; the history stays', async (t) => {
  const [newest] = (await p.api('GET', '/client/wifi/exports', { token: owner })).body;
  await p.platform.api.exports.prune(Date.now() + 8 * 86_400_000);
  const gone = await p.api('GET', `/client/wifi/exports/${newest.id}/download`, { token: owner });
  t.equal(gone.status, 410);
  t.equal(gone.body.error.code, 'export_expired');
  t.equal((await p.api('GET', '/client/wifi/exports', { token: owner })).body.length, 2, 'history kept');
});

async function waitForExport(id: string) {
  for (let i = 0; i < 200; i++) {
    const job = (await p.api('GET', `/client/wifi/exports/${id}`, { token: owner })).body;
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`export ${id} did not finish`);
}

import t, { type Test } from 'tap';
import { simDeviceMac } from '../../device-sim/device.ts';
import { wifi } from '../../device-sim/products/wifi.ts';
import { startTestPlatform } from '../helpers/platform.ts';

// WiFi metrics against what the simulator really sent: two shops, one day of history, then three days
// measured — about 900 visitors (a third of them regulars coming back with their real MACs), passers-by,
// randomized MACs. Seeded, so every run checks the same traffic.
const SEED = 20261123;
const SITES = 2;
const DAY = 86_400_000;
const MIN = 60_000;
const TOLERANCE = 0.01;

const today = Math.floor(Date.now() / DAY) * DAY;
const historyFrom = today - 4 * DAY;
const periodFrom = today - 3 * DAY;
// Generated before the platform starts: seconds of synchronous work between two requests would let the
// server drop the client's idle keep-alive connection under it.
const sites = Array.from({ length: SITES }, (_, index) => {
  const deviceMac = simDeviceMac(SEED, index);
  return { deviceMac, items: wifi.createSite({ seed: SEED, deviceIndex: index, deviceMac }).window(historyFrom, today) };
});
const p = await startTestPlatform(t, { WIFI_SESSIONIZE_INTERVAL_MS: '3600000' });
const admin = await p.adminToken();
const org = (await p.api('POST', '/superadmin/organizations', {
  token: admin,
  body: { name: 'Truth Mall', status: 'active', products: ['wifi'], timezone: 'UTC', owner: { email: 'owner@truth.example', password: 'truth-owner-1' } },
})).body;
const token = await p.login('owner@truth.example', 'truth-owner-1');
// Count every sighting (floor −100 dBm); a visit counts from 3 minutes: the simulator's visitors stay ≥ 5
// minutes, its passers-by under 3, so the two kinds are told apart by the rules, not by luck.
const thresholds = { rssi_floor_dbm: -100, visitor_rssi_dbm: -75, min_visit_minutes: 3, visit_gap_minutes: 15 };
// Thrown, not asserted: a top-level assertion followed by more awaits makes tap end the file early.
const saved = await p.api('PUT', '/client/wifi/thresholds', { token, body: thresholds });
if (saved.status !== 200) throw new Error(`thresholds refused: ${JSON.stringify(saved.body)}`);

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const period = wifi.createTruth(42);
const history = wifi.createTruth(42);
for (const { deviceMac, items } of sites) {
  const device = (await p.api('POST', '/superadmin/devices', { token: admin, body: { mac: deviceMac, organization_id: org.id } })).body.device;
  for (let i = 0; i < items.length; i += 500) {
    const batch = items.slice(i, i + 500);
    const stored = await p.platform.api.ingest.submit(
      { deviceId: device.id, mac: deviceMac, organizationId: org.id, products: ['wifi' as const] },
      'wifi',
      Buffer.from(JSON.stringify(batch.map((item) => item.event))),
    );
    if (stored.stored !== batch.length) throw new Error(`ingest refused ${batch.length - stored.stored} events`);
    for (const item of batch) (item.event.ts < periodFrom ? history : period).add(deviceMac, item);
  }
}
await p.platform.products.settle();

interface TruthVisit { kind: string; first_seen: string; last_seen: string }
interface TruthClient { mac: string; randomized: boolean; visits: TruthVisit[] }
const truth = (period.toJSON() as { by_mac: TruthClient[] }).by_mac;
const seenBefore = new Set((history.toJSON() as { by_mac: TruthClient[] }).by_mac.map((c) => c.mac));

// What was sent, in the metrics' terms: a visitor's visit is its probes from first to last.
const dwell = (v: TruthVisit) => Date.parse(v.last_seen) - Date.parse(v.first_seen);
const qualifying = (c: TruthClient) => c.visits.filter((v) => v.kind === 'visitor' && dwell(v) >= thresholds.min_visit_minutes * MIN);
const visitors = truth.filter((c) => qualifying(c).length > 0);
const visits = visitors.flatMap(qualifying);
const expected = {
  uniques: truth.length,
  randomized: truth.filter((c) => c.randomized).length,
  visitors: visitors.length,
  visits: visits.length,
  repeat: visitors.filter((c) => new Set(qualifying(c).map((v) => v.first_seen.slice(0, 10))).size > 1).length,
  returning: visitors.filter((c) => seenBefore.has(c.mac)).length,
  meanDwellMinutes: visits.reduce((n, v) => n + dwell(v), 0) / visits.length / MIN,
};

const within = (t: Test, actual: number, wanted: number, what: string) =>
  t.ok(Math.abs(actual - wanted) <= wanted * TOLERANCE, `${what}: ${actual} vs truth ${wanted} (within 1 %)`);

t.test('the simulated traffic is the size the issue asks for', async (t) => {
  t.ok(expected.visitors >= 500, `${expected.visitors} visitors`);
  t.ok(expected.repeat > 20, `${expected.repeat} repeat visitors`);
  t.ok(expected.randomized > expected.uniques / 3, `${expected.randomized} randomized of ${expected.uniques}`);
});

t.test('summary metrics match the ground truth', async (t) => {
  const res = await p.api('GET', `/client/wifi/summary?period=custom&from=${iso(periodFrom)}&to=${iso(today - DAY)}`, { token });
  t.equal(res.status, 200);
  const s = res.body;
  within(t, s.uniques.total, expected.uniques, 'unique devices');
  within(t, s.uniques.randomized, expected.randomized, 'randomized MACs');
  within(t, s.visitors.total, expected.visitors, 'visitors');
  within(t, s.visits, expected.visits, 'visits');
  within(t, s.repeat_visitors, expected.repeat, 'repeat visitors');
  within(t, s.returning_visitors, expected.returning, 'returning visitors');
  within(t, s.dwell.mean_minutes, expected.meanDwellMinutes, 'mean dwell (minutes)');
  t.equal(s.passers_by, s.uniques.total - s.visitors.total);
});

t.test('the daily series adds up to the same visits', async (t) => {
  const res = await p.api('GET', `/client/wifi/series?period=custom&from=${iso(periodFrom)}&to=${iso(today - DAY)}&granularity=day`, { token });
  t.equal(res.body.points.length, 3);
  within(t, res.body.points.reduce((n: number, d: { visits: number }) => n + d.visits, 0), expected.visits, 'visits over the days');
  const events = (period.toJSON() as { by_mac: Array<{ visits: Array<{ events: number }> }> }).by_mac.flatMap((c) => c.visits).reduce((n, v) => n + v.events, 0);
  t.equal(res.body.points.reduce((n: number, d: { events: number }) => n + d.events, 0), events, 'every event sent is counted');
});

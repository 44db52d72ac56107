import t from 'tap';
import type { LiveFixes } from '../../core/products/ble-live.ts';
import { DEMO_OWNER } from '../../db/seed/demo.ts';
import { DEMO_RECEIVERS } from '../../device-sim/demo-fleet.ts';
import { startTestPlatform } from '../helpers/platform.ts';
import { eventually } from '../ingest/fixtures.ts';

const p = await startTestPlatform(t, { MYBEACON_DEMO: '1', DEVICE_PRESENCE_FLUSH_MS: '200' });
const ch = () => p.platform.clickhouse.ch;
const DAY_MS = 86_400_000;

async function demoEvents(table: string): Promise<{ n: number; oldest: number }> {
  const org = (await p.platform.pg.db('users').where({ email: DEMO_OWNER.email }).first()).organization_id as number;
  const result = await ch().query({
    query: `SELECT count() AS n, toUnixTimestamp64Milli(min(timestamp)) AS oldest FROM ${table} WHERE organization_id = {org:UInt32}`,
    query_params: { org },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ n: string | number; oldest: string | number }>();
  return { n: Number(row!.n), oldest: Number(row!.oldest) };
}

t.test('--demo: the demo owner signs in to receivers that are online and days of WiFi history already analysed', async (t) => {
  t.equal(p.platform.demo?.receivers, DEMO_RECEIVERS.length);
  const token = await p.login(DEMO_OWNER.email, DEMO_OWNER.password);
  const devices = await eventually(async () => {
    const res = await p.api('GET', '/client/devices?page_size=100', { token });
    return res.body.items.length === DEMO_RECEIVERS.length && res.body.items.every((d: { online: boolean }) => d.online) ? res.body.items : undefined;
  }, 20_000);
  t.same(devices.map((d: { name: string }) => d.name).sort(), [...DEMO_RECEIVERS].sort(), 'one receiver per spot of the demo mall');

  const history = await demoEvents('wifi_events');
  t.ok(history.n > 1000, `WiFi history stored (${history.n} events)`);
  t.ok(Date.now() - history.oldest > 2.5 * DAY_MS, 'reaching back about three days');

  await p.platform.products.settle();
  const week = await p.api('GET', '/client/wifi/summary?period=week', { token });
  t.equal(week.status, 200);
  t.ok(week.body.visitors.total > 0, `the WiFi dashboard is filled (${week.body.visitors.total} visitors this week)`);
});

t.test('the simulated receivers publish live through the real broker, in the same process', async (t) => {
  const before = p.platform.api.deviceLink.stats().ingest.batches;
  await eventually(async () => (p.platform.api.deviceLink.stats().ingest.batches > before ? true : undefined), 15_000);
  const live = await eventually(async () => {
    const ble = await demoEvents('ble_events');
    return ble.n > 0 ? ble : undefined;
  }, 15_000);
  t.ok(Date.now() - live.oldest < 10 * 60_000, 'live events, stamped now');
  t.equal(p.platform.api.deviceLink.stats().connections.current, DEMO_RECEIVERS.length);
});

t.test('the demo tags walk the demo floor: the positioning engine announces their fixes live', async (t) => {
  const org = (await p.platform.pg.db('users').where({ email: DEMO_OWNER.email }).first()).organization_id as number;
  const plan = await p.platform.pg.db('ble_plans').where({ organization_id: org }).first();
  t.ok(plan, 'the demo site was set up on the first start');
  const fixes = await new Promise<LiveFixes>((resolve) => {
    const off = p.platform.bus.on('ble.fixes', (m) => {
      if (m.organizationId !== org) return;
      off();
      resolve(m);
    });
  });
  t.equal(fixes.planId, plan.id);
  const tags = await p.platform.pg.db('ble_tags').where({ organization_id: org }).pluck('id');
  t.ok(fixes.fixes.every((f) => tags.includes(f.tagId)), 'fixes of the demo tags');
  t.ok(fixes.fixes.every((f) => Math.abs(Date.now() - f.ts) < 60_000), 'live, stamped now');
});

t.test('starting the demo again neither duplicates its history nor its receivers', async (t) => {
  const before = await demoEvents('wifi_events');
  await p.restart();
  t.equal(p.platform.demo?.receivers, DEMO_RECEIVERS.length);
  const after = await demoEvents('wifi_events');
  // Only the minutes since the first start are filled (plus whatever arrived live).
  t.ok(after.n < before.n * 1.05, `history kept once (${before.n} → ${after.n})`);
  const count = await p.platform.pg.db('devices').count({ n: '*' }).first();
  t.equal(Number(count!.n), DEMO_RECEIVERS.length);
});

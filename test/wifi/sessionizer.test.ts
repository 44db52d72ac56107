import t from 'tap';
import { rederiveVisits } from '../../ingest/products/wifi/visits-store.ts';
import { sessionRulesFromDb } from '../../ingest/products/wifi/sessionizer.ts';
import { startTestPlatform } from '../helpers/platform.ts';

const p = await startTestPlatform(t, { WIFI_SESSIONIZE_INTERVAL_MS: '3600000' });
const admin = await p.adminToken();
const org = (await p.api('POST', '/superadmin/organizations', { token: admin, body: { name: 'Visits', status: 'active', products: ['wifi'] } })).body;
const device = (await p.api('POST', '/superadmin/devices', { token: admin, body: { mac: '0a:20:00:00:00:01', organization_id: org.id } })).body.device;
const identity = { deviceId: device.id, mac: device.mac, organizationId: org.id, products: ['wifi' as const] };
const MIN = 60_000;
const base = Math.floor(Date.now() / MIN) * MIN - 6 * 60 * MIN; // six hours ago, on a minute

async function probes(mac: string, fromMin: number, toMin: number, rssi = -60): Promise<void> {
  const events = [];
  for (let m = fromMin; m <= toMin; m++) events.push({ mac, rssi, ts: base + m * MIN });
  await p.platform.api.ingest.submit(identity, 'wifi', Buffer.from(JSON.stringify(events)));
}

async function visits(mac: string): Promise<Array<[number, number]>> {
  const rows = await (
    await p.platform.clickhouse.ch.query({
      query: `SELECT toUnixTimestamp64Milli(start) AS s, toUnixTimestamp64Milli(end) AS e FROM wifi_visits FINAL
              WHERE organization_id = {org:UInt32} AND mac = MACStringToNum({mac:String}) ORDER BY start`,
      query_params: { org: org.id, mac },
      format: 'JSONEachRow',
    })
  ).json<{ s: number | string; e: number | string }>();
  return rows.map((r) => [(Number(r.s) - base) / MIN, (Number(r.e) - base) / MIN]);
}

// Each test has its own MACs and sends all its own probes: any one of them can run alone (--grep) or first.
const owner = await (async () => {
  await p.api('POST', `/superadmin/organizations/${org.id}/users`, {
    token: admin,
    body: { email: 'o@visits.example', password: 'visits-owner', role: 'owner' },
  });
  return p.login('o@visits.example', 'visits-owner');
})();

t.test('presence becomes visits split by the gap', async (t) => {
  await probes('3c:22:fb:00:01:01', 0, 10);
  await probes('3c:22:fb:00:01:01', 40, 50);
  await p.platform.products.settle();
  t.same(await visits('3c:22:fb:00:01:01'), [[0, 10], [40, 50]]);
});

t.test('a visit still in progress grows in place', async (t) => {
  await probes('3c:22:fb:00:01:11', 40, 50);
  await p.platform.products.settle();
  await probes('3c:22:fb:00:01:11', 51, 60);
  await p.platform.products.settle();
  t.same(await visits('3c:22:fb:00:01:11'), [[40, 60]], 'same start, later end: one row, not two');
});

t.test('a late sighting that bridges two visits merges them; the later one disappears', async (t) => {
  await probes('3c:22:fb:00:01:12', 0, 10);
  await probes('3c:22:fb:00:01:12', 40, 60);
  await p.platform.products.settle();
  t.same(await visits('3c:22:fb:00:01:12'), [[0, 10], [40, 60]]);
  await probes('3c:22:fb:00:01:12', 25, 25);
  await p.platform.products.settle();
  t.same(await visits('3c:22:fb:00:01:12'), [[0, 60]]);
});

t.test('sightings weaker than the floor do not make visits, nor bridge them', async (t) => {
  await probes('3c:22:fb:00:01:02', 100, 105);
  await probes('3c:22:fb:00:01:02', 110, 125, -95);
  await probes('3c:22:fb:00:01:02', 130, 135);
  await p.platform.products.settle();
  t.same(await visits('3c:22:fb:00:01:02'), [[100, 105], [130, 135]]);
});

t.test('a new floor or gap re-derives the organization’s visits', async (t) => {
  await probes('3c:22:fb:00:01:22', 100, 105);
  await probes('3c:22:fb:00:01:22', 110, 125, -95);
  await probes('3c:22:fb:00:01:22', 130, 135);
  await p.platform.products.settle();
  t.same(await visits('3c:22:fb:00:01:22'), [[100, 105], [130, 135]]);
  const thresholds = (await p.api('GET', '/client/wifi/thresholds', { token: owner })).body;
  await p.api('PUT', '/client/wifi/thresholds', { token: owner, body: { ...thresholds, rssi_floor_dbm: -100 } });
  await p.platform.products.settle();
  t.same(await visits('3c:22:fb:00:01:22'), [[100, 135]], 'the weak minutes now count and bridge');
  await p.api('PUT', '/client/wifi/thresholds', { token: owner, body: thresholds });
  await p.platform.products.settle();
  t.same(await visits('3c:22:fb:00:01:22'), [[100, 105], [130, 135]]);
});

t.test('a dashboard reading while visits are re-derived never sees them vanish', async (t) => {
  // The sessionizer re-derives recent MACs on every tick (it looks back over in-flight inserts), so
  // reads overlap re-derivations all day long; CI once caught the vendors chart empty in between.
  const macs = Array.from({ length: 20 }, (_, k) => `3c:22:fb:00:04:${k.toString(16).padStart(2, '0')}`);
  for (const mac of macs) await probes(mac, 300, 310);
  await p.platform.products.settle();
  const count = async () => {
    const [row] = await (
      await p.platform.clickhouse.ch.query({
        query: `SELECT count() AS n FROM wifi_visits FINAL WHERE organization_id = {org:UInt32} AND mac IN (
                  SELECT MACStringToNum(arrayJoin({macs:Array(String)})))`,
        query_params: { org: org.id, macs },
        format: 'JSONEachRow',
      })
    ).json<{ n: number | string }>();
    return Number(row!.n);
  };
  t.equal(await count(), macs.length);
  const rules = (await sessionRulesFromDb(p.platform.pg.db, org.id))!;
  let rederiving = true;
  const seen = new Set<number>();
  const reader = (async () => {
    while (rederiving) seen.add(await count());
  })();
  for (let round = 1; round <= 10; round++) await rederiveVisits(p.platform.clickhouse.ch, rules, { all: true }, Date.now() + round);
  rederiving = false;
  await reader;
  t.same([...seen], [macs.length], 'every read saw every visit');
});

t.test('after a restart the sessionizer picks up what arrived meanwhile', async (t) => {
  await probes('3c:22:fb:00:01:31', 0, 20);
  await p.platform.products.settle();
  await p.restart();
  await probes('3c:22:fb:00:01:03', 200, 200);
  await p.platform.products.settle();
  t.same(await visits('3c:22:fb:00:01:03'), [[200, 200]]);
  t.same(await visits('3c:22:fb:00:01:31'), [[0, 20]], 'older visits untouched');
});

import t from 'tap';
import { Bus } from '../../core/bus.ts';
import { createLogger } from '../../core/logger.ts';
import type { LiveFixes } from '../../core/products/ble-live.ts';
import { selectRows } from '../../core/clickhouse.ts';
import { PositioningEngine } from '../../ingest/products/ble/engine.ts';
import { closeOrphanVisits } from '../../ingest/products/ble/orphan-visits.ts';
import { applyPositionsRetention } from '../../ingest/products/ble/retention.ts';
import { POSITIONS, PositionsWriter } from '../../ingest/products/ble/positions-writer.ts';
import { SiteModel } from '../../ingest/products/ble/site-model.ts';
import { saveOverrides as savePositioningOverrides } from '../../api/products/ble/positioning-settings.ts';
import { loadSiteRecords, type SiteRecords } from '../../ingest/products/ble/site-repository.ts';
import { insertOrganization } from '../../db/repositories/organizations.ts';
import { startTestStores } from '../helpers/stores.ts';

const stores = await startTestStores(t);
const log = createLogger('silent');
const UUID = 'b9407f30f5f8466eaff925556b57fe6d';

const records = (): SiteRecords => ({
  plans: [{ id: 1, organizationId: 10, locationId: 100, width: 20, height: 10 }],
  zones: [{ id: 5, planId: 1, polygon: [[0, 0], [10, 0], [10, 10], [0, 10]] }],
  receivers: [
    { deviceId: 1, organizationId: 10, planId: 1, x: 2, y: 2, heightM: 2.5, rssiOffsetDb: 0 },
    { deviceId: 2, organizationId: 10, planId: 1, x: 8, y: 2, heightM: 2.5, rssiOffsetDb: 0 },
    { deviceId: 3, organizationId: 10, planId: 1, x: 5, y: 8, heightM: 2.5, rssiOffsetDb: 0 },
  ],
  tags: [{ id: 42, organizationId: 10, uuid: UUID, major: 1, minor: 1 }],
  params: new Map(),
});
/** A stored ble_events row as ingest writes it (enrich.ts): identity, ts, beacon mac, rssi, uuid, major, minor, tx_power, received_at, batch id. */
const row = (org: number, device: number, ts: number, rssi: number, minor = 1) =>
  `${org}\t${device}\t0e:00:00:00:00:0${device}\t${ts}\taa:bb:cc:dd:ee:ff\t${rssi}\t${UUID}\t1\t${minor}\t0\t${ts}\tb\n`;

function engineWith(writer: PositionsWriter) {
  const bus = new Bus();
  const announced: LiveFixes[] = [];
  bus.on('ble.fixes', (m) => announced.push(m));
  let wall = Date.now();
  const engine = new PositioningEngine(new SiteModel(records(), {}), { bus, writer, log, receiverWaitMs: 3000, wallClock: () => wall });
  return { engine, announced, advance: (ms: number) => (wall += ms) };
}

t.test('only registered tags heard by receivers placed on a plan of the same organization are positioned', async (t) => {
  const writer = new PositionsWriter({ ch: stores.clickhouse.ch, log });
  const { engine, announced } = engineWith(writer);
  const ts = Date.now() - 60_000;
  engine.feedRows(row(10, 9, ts, -60) + row(10, 1, ts, -60, 7) + row(11, 1, ts, -60) + 'not a row\n');
  engine.round();
  t.equal(announced.length, 0, 'nothing to position');
  t.equal(engine.counters.ignoredReadings, 3, 'an unplaced receiver, an unknown tag, a receiver of another organization');
  engine.feedRows(row(10, 1, ts + 100, -62) + row(10, 2, ts + 100, -75) + row(10, 3, ts + 100, -75));
  engine.round();
  t.equal(announced.length, 1, 'one message for the plan');
  t.match(announced[0], { organizationId: 10, locationId: 100, planId: 1 });
  const [fix] = announced[0]!.fixes;
  t.match(fix, { tagId: 42, zoneId: 5, bestDeviceId: 1, bestRssi: -62 });
  t.ok(fix!.x < 5 && fix!.y < 5, `nearest the loudest receiver (${fix!.x}, ${fix!.y})`);
  t.ok(fix!.errorM > 0, 'with an error radius');
  t.same(engine.current(1), [fix], "the engine keeps each tag's current state in memory");
  t.same(engine.current(2), []);
  await writer.drain();
  const stored = await selectRows(stores.clickhouse.ch, 'SELECT tag_id, zone_id, receivers FROM ble_positions WHERE organization_id = 10', {}, { tag_id: 'number', zone_id: 'number', receivers: 'number' });
  t.same(stored, [{ tag_id: 42, zone_id: 5, receivers: 3 }]);
});

t.test("an instant is fixed once every receiver that reports has sent its readings up to it; a silent one is waited for BLE_RECEIVER_WAIT_MS at most", async (t) => {
  const writer = new PositionsWriter({ ch: stores.clickhouse.ch, log });
  const { engine, announced, advance } = engineWith(writer);
  const ts = Date.now() - 600_000;
  const newest = () => announced.at(-1)?.fixes[0]?.ts;
  engine.feedRows(row(10, 1, ts, -60) + row(10, 2, ts, -70) + row(10, 3, ts, -75));
  engine.round();
  t.equal(newest(), ts, 'every receiver has sent ts');
  engine.feedRows(row(10, 1, ts + 1000, -60) + row(10, 2, ts + 1000, -70));
  engine.round();
  t.equal(newest(), ts, "receiver 3's batch up to ts + 1 s is still on its way: not fixed yet");
  engine.feedRows(row(10, 3, ts + 1000, -75));
  engine.round();
  t.equal(newest(), ts + 1000, 'its batch came: fixed from all three');
  t.equal(announced.at(-1)!.fixes.length, 1);
  engine.feedRows(row(10, 1, ts + 2000, -60) + row(10, 2, ts + 2000, -70));
  advance(2000);
  engine.round();
  t.equal(newest(), ts + 1000, 'receiver 3 silent for 2 s: still waited for');
  advance(1500);
  engine.round();
  t.ok(newest()! >= ts + 2000, 'silent past the wait: not waited for any more');
  const before = announced.length;
  advance(60_000);
  engine.feedRows(row(10, 1, ts + 70_000, -60));
  engine.round();
  t.equal(announced.length, before, 'after a silence of the whole organization its first batch is not fixed alone');
  engine.feedRows(row(10, 2, ts + 70_000, -70) + row(10, 3, ts + 70_000, -75));
  engine.round();
  t.equal(newest(), ts + 70_000, 'the others resumed: fixed from all three');
  await writer.drain();
});

t.test('a tag heard on two floors is placed on the plan whose receivers hear it best; one receiver puts it there, unsure', async (t) => {
  const two = records();
  two.plans.push({ id: 2, organizationId: 10, locationId: 100, width: 20, height: 10 });
  two.receivers.push({ deviceId: 4, organizationId: 10, planId: 2, x: 15, y: 5, heightM: 2.5, rssiOffsetDb: 0 });
  const bus = new Bus();
  const announced: LiveFixes[] = [];
  bus.on('ble.fixes', (m) => announced.push(m));
  const writer = new PositionsWriter({ ch: stores.clickhouse.ch, log });
  const engine = new PositioningEngine(new SiteModel(two, {}), { bus, writer, log, receiverWaitMs: 3000 });
  const ts = Date.now() - 1000;
  engine.feedRows(row(10, 1, ts, -85) + row(10, 2, ts, -88) + row(10, 4, ts, -62));
  engine.round();
  t.equal(announced.length, 1);
  t.equal(announced[0]!.planId, 2, 'the floor where it is loudest');
  const [fix] = announced[0]!.fixes;
  t.match(fix, { x: 15, y: 5, bestDeviceId: 4 });
  t.ok(fix!.errorM >= 1.5, `a lone receiver: error radius ${fix!.errorM} m`);
  await writer.drain();
});

t.test("a scanner whose clock runs minutes ahead does not age the other scanners' readings", async (t) => {
  const writer = new PositionsWriter({ ch: stores.clickhouse.ch, log });
  const { engine, announced } = engineWith(writer);
  const now = Date.now();
  engine.feedRows(row(10, 3, now + 5 * 60_000, -80) + row(10, 1, now - 500, -60) + row(10, 2, now - 400, -70));
  engine.round();
  t.equal(announced.length, 1, 'the tag is fixed from the scanners with a sane clock');
  t.ok(Math.abs(announced[0]!.fixes[0]!.ts - now) < 3000, 'at about now, not five minutes ahead');
  await writer.drain();
});

t.test('a visit closes after the visit timeout without fixes, at its last fix', async (t) => {
  const writer = new PositionsWriter({ ch: stores.clickhouse.ch, log });
  const { engine, advance } = engineWith(writer);
  const ts = Date.now() - 3_600_000;
  engine.feedRows(row(10, 1, ts, -60) + row(10, 2, ts, -70));
  engine.round();
  advance(31_000);
  engine.round();
  await writer.drain();
  const visits = await selectRows(
    stores.clickhouse.ch,
    `SELECT zone_id, toUnixTimestamp64Milli(exit) AS exit, closed FROM ble_zone_visits FINAL WHERE organization_id = 10 AND enter = fromUnixTimestamp64Milli({ts:Int64})`,
    { ts },
    { zone_id: 'number', exit: 'number', closed: 'number' },
  );
  t.same(visits, [{ zone_id: 5, exit: ts, closed: 1 }]);
});

t.test('a row ClickHouse refuses is dropped alone: the rows around it are stored, later writes go on', async (t) => {
  const writer = new PositionsWriter({ ch: stores.clickhouse.ch, log });
  const good = (tag: number) => `20\t1\t1\t${tag}\t${Date.now()}\t1\t1\t0\t1\t1\t1\t-60\n`;
  writer.add(POSITIONS, [good(1), good(2), `20\t1\t1\tnot-a-number\t${Date.now()}\t1\t1\t0\t1\t1\t1\t-60\n`, good(3)]);
  await writer.drain();
  writer.add(POSITIONS, [good(4)]);
  await writer.drain();
  const tags = await selectRows(stores.clickhouse.ch, 'SELECT tag_id FROM ble_positions WHERE organization_id = 20 ORDER BY tag_id', {}, { tag_id: 'number' });
  t.same(tags.map((r) => r.tag_id), [1, 2, 3, 4]);
  t.equal(writer.counters.droppedRows, 1);
});

t.test('fixes expire after BLE_POSITIONS_RETENTION_DAYS; visits and aggregates are kept', async (t) => {
  await applyPositionsRetention(stores.clickhouse.ch, 7, log);
  const tables = await selectRows(
    stores.clickhouse.ch,
    "SELECT name, create_table_query AS q FROM system.tables WHERE database = currentDatabase() AND name IN ('ble_positions', 'ble_zone_visits', 'ble_zone_minute', 'ble_grid_hour') ORDER BY name",
    {},
    { name: 'string', q: 'string' },
  );
  t.same(tables.filter((r) => /TTL/.test(r.q)).map((r) => r.name), ['ble_positions']);
  t.match(tables.find((r) => r.name === 'ble_positions')!.q, /toIntervalDay\(7\)/);
});

t.test("an organization's parameter overrides (migration 014) apply over the installation's defaults; invalid ones fall back", async (t) => {
  const db = stores.pg.db;
  const a = await insertOrganization(db, { name: 'Overrides A', status: 'active', products: ['ble'] });
  const b = await insertOrganization(db, { name: 'Overrides B', status: 'active', products: ['ble'] });
  await savePositioningOverrides(db, a.id, { fix_interval_ms: 3000, zone_evidence_m: 4 });
  await savePositioningOverrides(db, b.id, { fix_interval_ms: 'soon' });
  const site = new SiteModel(await loadSiteRecords(db), { path_loss_exponent: 2.7 });
  t.match(site.paramsOf(a.id), { fix_interval_ms: 3000, zone_evidence_m: 4, path_loss_exponent: 2.7, visit_timeout_ms: 30_000 });
  t.match(site.paramsOf(b.id), { fix_interval_ms: 1000, path_loss_exponent: 2.7 }, 'a stored value out of the schema: defaults');
  t.match(site.paramsOf(999_999), { fix_interval_ms: 1000 }, 'no row: defaults');
  await savePositioningOverrides(db, a.id, { fix_interval_ms: 2000 });
  t.match(new SiteModel(await loadSiteRecords(db), {}).paramsOf(a.id), { fix_interval_ms: 2000, zone_evidence_m: 2 }, 'saved again: replaced');
});

t.test("visits a previous engine left open are closed at their last exit when an engine starts", async (t) => {
  const writer = new PositionsWriter({ ch: stores.clickhouse.ch, log });
  const { engine } = engineWith(writer);
  const ts = Date.now() - 120_000;
  engine.feedRows(row(10, 1, ts, -60) + row(10, 2, ts, -70));
  engine.round();
  await writer.drain();
  const open = () =>
    selectRows(
      stores.clickhouse.ch,
      'SELECT closed, toUnixTimestamp64Milli(exit) AS exit FROM ble_zone_visits FINAL WHERE organization_id = 10 AND enter = fromUnixTimestamp64Milli({ts:Int64})',
      { ts },
      { closed: 'number', exit: 'number' },
    );
  t.same(await open(), [{ closed: 0, exit: ts }], 'the engine "dies" with the visit open');
  await closeOrphanVisits(stores.clickhouse.ch, log);
  t.same(await open(), [{ closed: 1, exit: ts }], 'closed where it last was');
});

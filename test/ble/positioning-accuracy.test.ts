import t from 'tap';
import { officeRoom, officeWalk } from '../../device-sim/ble-site/office.ts';
import { OFFICE_FLOOR } from '../../device-sim/ble-site/office.ts';
import { SiteWorld, type TagScript } from '../../device-sim/ble-site/world.ts';
import { latestFixes } from '../../api/products/ble/live-snapshot-repository.ts';
import { perSecond, play, positionErrors, quantile, siteOrigin, startOfficeSite, storedFixes, storedVisits, type Visit } from './positioning-fixtures.ts';

// Ten minutes of an office (4 rooms of 30 m², a corridor, 6 receivers) at σ 4 dB with 4 dB walls,
// −6 dB dips and 10 % dropouts (the simulator's defaults), through MQTT and the real ingest path.
const MINUTES = 10;
const stay = (room: number, seconds: number) => ({ stay: officeRoom(room).middle, seconds });
const SCRIPTS: TagScript[] = [
  { minor: 1, legs: [stay(0, 150), officeWalk(0, 2), stay(2, 150), officeWalk(2, 1), stay(1, 120), officeWalk(1, 3), stay(3, 600)] },
  { minor: 2, legs: [stay(1, 100), officeWalk(1, 3), stay(3, 180), officeWalk(3, 0), stay(0, 600)] },
  { minor: 3, legs: [{ stay: [4, 2], seconds: 200 }, officeWalk(0, 1), { stay: [9, 5], seconds: 200 }, officeWalk(1, 2), stay(2, 600)] },
  { minor: 4, legs: [{ stay: [12, 2.5], seconds: 900 }] },
];

const site = await startOfficeSite(t);
const origin = siteOrigin();
const world = new SiteWorld(OFFICE_FLOOR, SCRIPTS, origin, 7);
const end = origin + MINUTES * 60_000;
const started = performance.now();
await play(site, world, origin, end);
t.comment(`${MINUTES} min of site time played in ${((performance.now() - started) / 1000).toFixed(1)} s`);
const fixes = await storedFixes(site);
const visits = await storedVisits(site);

t.test('the zone is right for at least 95 % of tag-seconds, walks through doors and walls included', async (t) => {
  let right = 0;
  let total = 0;
  for (const script of SCRIPTS) {
    const seconds = perSecond(site, world, fixes, script, origin + 10_000, end);
    const ok = seconds.filter((s) => s.engine === s.truth).length;
    t.comment(`tag ${script.minor}: ${((100 * ok) / seconds.length).toFixed(1)} % of ${seconds.length} s`);
    right += ok;
    total += seconds.length;
  }
  t.comment(`zone correct: ${((100 * right) / total).toFixed(2)} % of ${total} tag-seconds`);
  t.ok(right / total >= 0.95, `${((100 * right) / total).toFixed(2)} % ≥ 95 %`);
});

t.test('the median position error is at most 1.5 m', async (t) => {
  const errors = SCRIPTS.flatMap((s) => positionErrors(site, world, fixes, s));
  const median = quantile(errors, 0.5);
  t.comment(`position error: median ${median.toFixed(2)} m, p95 ${quantile(errors, 0.95).toFixed(2)} m over ${errors.length} fixes`);
  t.ok(median <= 1.5, `median ${median.toFixed(2)} m ≤ 1.5 m`);
});

t.test('walking into the middle of the next room switches the zone within 10 s of entering it', async (t) => {
  for (const script of SCRIPTS) {
    const seconds = perSecond(site, world, fixes, script, origin, end);
    for (let i = 1; i < seconds.length; i++) {
      const entered = seconds[i]!;
      if (entered.truth === seconds[i - 1]!.truth) continue;
      // A pass through the corridor is a few seconds long: the switch that matters is into the room the tag stays in.
      const stayed = seconds.slice(i, i + 20).every((s) => s.truth === entered.truth);
      if (!stayed) continue;
      const switched = seconds.slice(i).find((s) => s.engine === entered.truth);
      const lag = switched ? (switched.ts - entered.ts) / 1000 : Infinity;
      t.ok(lag <= 10, `tag ${script.minor} into zone ${entered.truth}: switched after ${lag} s`);
    }
  }
});

/** Seconds per zone of one tag from its visits, clipped to [from, to). */
function visitSeconds(own: readonly Visit[], from: number, to: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const v of own) {
    // An open visit (closed = 0) lasts until now: the tag is still in the zone.
    const exit = v.closed ? v.exit : to;
    const s = Math.max(0, Math.min(exit, to) - Math.max(v.enter, from)) / 1000;
    out.set(v.zoneId, (out.get(v.zoneId) ?? 0) + s);
  }
  return out;
}

t.test('time in each zone per tag (from the zone visits) is within 5 % of the truth', async (t) => {
  for (const script of SCRIPTS) {
    const tagId = site.tagIds.get(script.minor)!;
    const truth = new Map<number, number>();
    for (const s of perSecond(site, world, fixes, script, origin, end)) truth.set(s.truth, (truth.get(s.truth) ?? 0) + 1);
    const measured = visitSeconds(visits.filter((v) => v.tagId === tagId), origin, end);
    for (const [zone, seconds] of truth) {
      // Rooms the tag dwelt in; corridor passes are seconds long and belong to the route check.
      if (seconds < 60) continue;
      const got = measured.get(zone) ?? 0;
      t.ok(Math.abs(got - seconds) <= 0.05 * seconds, `tag ${script.minor}, zone ${zone}: ${got.toFixed(0)} s measured, ${seconds} s true`);
    }
  }
});

t.test('the route (zones visited, pass-throughs under 30 s left out) is the walked route', async (t) => {
  const collapse = (zones: number[]) => zones.filter((z, i) => i === 0 || z !== zones[i - 1]);
  for (const script of SCRIPTS) {
    const tagId = site.tagIds.get(script.minor)!;
    const walked: number[] = [];
    let run = { zone: -1, seconds: 0 };
    for (const s of perSecond(site, world, fixes, script, origin, end)) {
      if (s.truth !== run.zone) run = { zone: s.truth, seconds: 0 };
      if (++run.seconds === 30) walked.push(s.truth);
    }
    const route = visits.filter((v) => v.tagId === tagId && v.exit - v.enter >= 30_000).map((v) => v.zoneId);
    t.same(collapse(route), collapse(walked), `tag ${script.minor}: ${collapse(walked).join(' → ')}`);
  }
});

t.test("the live map's snapshot reads each tag's newest stored fix", async (t) => {
  const snapshot = await latestFixes(site.p.platform.clickhouse.ch, { organizationId: site.organizationId, planId: site.planId, sinceMs: origin });
  t.same(
    snapshot.map((f) => [f.tagId, f.ts]),
    [...site.tagIds.values()].filter((id) => fixes.some((f) => f.tagId === id)).sort((a, b) => a - b).map((id) => [id, Math.max(...fixes.filter((f) => f.tagId === id).map((f) => f.ts))]),
  );
  t.ok(snapshot.every((f) => f.errorM > 0 && f.bestRssi < 0 && f.bestDeviceId > 0));
  t.same(await latestFixes(site.p.platform.clickhouse.ch, { organizationId: site.organizationId + 1000, planId: site.planId, sinceMs: origin }), [], "another organization's plan: nothing");
});

import t from 'tap';
import { OFFICE_FLOOR, officeRoom, officeWalk } from '../../device-sim/ble-site/office.ts';
import { SiteWorld, type TagScript } from '../../device-sim/ble-site/world.ts';
import { perSecond, play, positionErrors, quantile, siteOrigin, startOfficeSite, storedFixes } from './positioning-fixtures.ts';

// The office again, two runs on one platform: ten minutes with every receiver on, then — after a
// minute of silence, so each track starts afresh — the same walks with one receiver switched off.
const stay = (room: number, seconds: number) => ({ stay: officeRoom(room).middle, seconds });
const WALKERS: TagScript[] = [
  { minor: 1, legs: [stay(0, 120), officeWalk(0, 2), stay(2, 120), officeWalk(2, 1), stay(1, 120), officeWalk(1, 3), stay(3, 600)] },
  { minor: 2, legs: [stay(1, 100), officeWalk(1, 3), stay(3, 150), officeWalk(3, 0), stay(0, 600)] },
];
// In the doorway of room 2, exactly on the line between the room's zone and the corridor's.
const ON_BOUNDARY: TagScript = { minor: 3, legs: [{ stay: [8, 6.5], seconds: 900 }] };
const MINUTES = 10;

const site = await startOfficeSite(t);
const origin = siteOrigin() - 30 * 60_000;
const baseline = new SiteWorld(OFFICE_FLOOR, [...WALKERS, ON_BOUNDARY], origin, 11);
await play(site, baseline, origin, origin + MINUTES * 60_000);
const secondOrigin = origin + (MINUTES + 1) * 60_000;
const degraded = new SiteWorld(OFFICE_FLOOR, WALKERS, secondOrigin, 11);
// Room 1's own receiver off: the room is heard only through walls and the door.
await play(site, degraded, secondOrigin, secondOrigin + MINUTES * 60_000, { off: new Set([0]) });
const fixes = await storedFixes(site);

t.test('a tag standing on a zone boundary for 10 minutes changes zone at most once a minute', async (t) => {
  const seconds = perSecond(site, baseline, fixes, ON_BOUNDARY, origin, origin + MINUTES * 60_000).filter((s) => s.engine !== undefined);
  const changes = seconds.filter((s, i) => i > 0 && s.engine !== seconds[i - 1]!.engine).length;
  t.comment(`zone changes of the tag on the boundary in ${MINUTES} min: ${changes}`);
  t.ok(changes <= MINUTES, `${changes} changes ≤ ${MINUTES}`);
  const zones = new Set(seconds.map((s) => s.engine));
  t.ok([...zones].every((z) => z === site.zoneIds.get('Room 2') || z === site.zoneIds.get('Corridor')), 'placed in one of the two zones it stands between');
});

t.test('with one receiver switched off, the p95 position error is at most twice the baseline', async (t) => {
  const within = (from: number) => fixes.filter((f) => f.ts >= from && f.ts < from + MINUTES * 60_000);
  const p95 = (world: SiteWorld, from: number) => quantile(WALKERS.flatMap((s) => positionErrors(site, world, within(from), s)), 0.95);
  const before = p95(baseline, origin);
  const after = p95(degraded, secondOrigin);
  t.comment(`p95 position error: ${before.toFixed(2)} m with every receiver, ${after.toFixed(2)} m with room 1's off`);
  t.ok(after <= 2 * before, `${after.toFixed(2)} m ≤ 2 × ${before.toFixed(2)} m`);
});

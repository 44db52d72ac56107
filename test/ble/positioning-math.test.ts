import fc from 'fast-check';
import t from 'tap';
import { horizontalDistance, slantDistance } from '../../ingest/products/ble/distance.ts';
import { MotionFilter } from '../../ingest/products/ble/motion-filter.ts';
import { robustMedian, RssiWindow } from '../../ingest/products/ble/rssi-window.ts';
import { solvePosition, type Range } from '../../ingest/products/ble/solver.ts';
import { ZoneVisits } from '../../ingest/products/ble/zone-visits.ts';
import { distanceToOutline, insidePolygon, polygonDepth, zoneAt, ZoneHysteresis, type ZoneShape } from '../../ingest/products/ble/zones.ts';

const MODEL = { pathLossExponent: 3, defaultTxPower: -59, heightAboveTagM: 1.5, maxDistanceM: 20 };
const square = (x: number, y: number, size: number): Array<[number, number]> => [[x, y], [x + size, y], [x + size, y + size], [x, y + size]];

t.test('RSSI smoothing: the median of the window shrugs off dips and outliers and ignores old readings', async (t) => {
  const w = new RssiWindow(-59);
  [-70, -71, -69, -76, -70, -30].forEach((rssi, i) => w.add(1000 * i, rssi, -59));
  t.equal(w.smoothed(5000, 10_000, 10_000), -70, 'a −6 dB dip and a +40 dB outlier change nothing');
  t.equal(w.smoothed(20_000, 4000, 10_000), null, 'nothing newer than the max age: no reading');
  t.equal(w.smoothed(12_000, 4000, 10_000), -30, 'an empty window falls back to the newest reading within the max age');
  w.add(2500, -90, -59);
  t.equal(w.smoothed(2600, 400, 10_000), -90, 'a late reading is put in its place in time');
  t.ok(w.prune(100_000), 'everything older than the cut-off is forgotten');
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -110, max: -30 }), { minLength: 1, maxLength: 30 }), (values) => {
      const m = robustMedian([...values]);
      return m >= Math.min(...values) && m <= Math.max(...values);
    }),
  );
});

t.test('distance: the log-distance model, P1m −59 when tx_power is 0, capped, the mounting height taken out', async (t) => {
  t.equal(slantDistance(-59, 0, MODEL), 1, 'RSSI at P1m is 1 m');
  t.equal(slantDistance(-89, -59, MODEL), 10, '30 dB below P1m at n = 3 is 10 m');
  t.equal(slantDistance(-127, -59, MODEL), 20, 'capped at max distance');
  t.equal(slantDistance(0, -59, MODEL), 0.1, 'floored at 10 cm');
  t.ok(Math.abs(horizontalDistance(-89, -59, MODEL) - Math.sqrt(100 - 2.25)) < 1e-9, 'Pythagoras on the height above the tag');
  t.equal(horizontalDistance(-59, -59, MODEL), 0.1, 'right under the receiver');
  fc.assert(fc.property(fc.integer({ min: -120, max: -30 }), fc.integer({ min: -120, max: -30 }), (a, b) => (a < b ? slantDistance(a, -59, MODEL) >= slantDistance(b, -59, MODEL) : true)));
});

t.test('solver: exact ranges give the point back; two receivers place it on their segment; one at the receiver', async (t) => {
  const plan = { width: 20, height: 10 };
  const receivers = [[2, 2], [18, 2], [10, 9], [2, 9]] as const;
  fc.assert(
    fc.property(fc.double({ min: 0.5, max: 19.5, noNaN: true }), fc.double({ min: 0.5, max: 9.5, noNaN: true }), (x, y) => {
      const ranges: Range[] = receivers.map(([rx, ry]) => ({ x: rx, y: ry, d: Math.hypot(x - rx, y - ry) }));
      const p = solvePosition(ranges, plan);
      return Math.hypot(p.x - x, p.y - y) < 0.05;
    }),
  );
  const two = solvePosition([{ x: 0, y: 0, d: 1 }, { x: 4, y: 0, d: 3 }], plan);
  t.same([two.x, two.y], [1, 0], 'split by the ranges');
  const one = solvePosition([{ x: 5, y: 5, d: 2 }], plan);
  t.same([one.x, one.y], [5, 5]);
  t.ok(one.errorM > two.errorM || one.errorM >= 3, 'a lone receiver is low confidence');
  const outside = solvePosition([{ x: 0, y: 0, d: 30 }, { x: 1, y: 0, d: 30 }, { x: 0, y: 1, d: 30 }], plan);
  t.ok(outside.x >= 0 && outside.x <= 20 && outside.y >= 0 && outside.y <= 10, 'always inside the plan');
});

t.test('motion filter: a jump faster than the max speed is limited; a still tag stays put', async (t) => {
  const f = new MotionFilter({ maxSpeedMps: 2, accelerationSigma: 1, resetAfterMs: 30_000 });
  f.update(0, 5, 5, 1);
  const jumped = f.update(1000, 15, 5, 0.1);
  t.ok(jumped.x - 5 <= 2.01, `moved ${(jumped.x - 5).toFixed(2)} m in 1 s, not 10`);
  const g = new MotionFilter({ maxSpeedMps: 2, accelerationSigma: 1, resetAfterMs: 30_000 });
  let last = g.update(0, 3, 3, 1);
  for (let s = 1; s <= 20; s++) last = g.update(s * 1000, 3, 3, 1);
  t.ok(Math.hypot(last.x - 3, last.y - 3) < 1e-6);
  const reset = g.update(100_000, 10, 8, 1);
  t.same([reset.x, reset.y], [10, 8], 'after a long silence the track starts afresh');
});

t.test('zones: point in polygon, depth, deepest zone wins, outside is zone 0', async (t) => {
  const a: ZoneShape = { id: 1, polygon: square(0, 0, 4), depthM: 2 };
  const b: ZoneShape = { id: 2, polygon: square(4, 0, 4), depthM: 2 };
  t.ok(insidePolygon([1, 1], a.polygon));
  t.notOk(insidePolygon([5, 1], a.polygon));
  t.equal(distanceToOutline([1, 2], a.polygon), 1);
  t.ok(Math.abs(polygonDepth(a.polygon) - 2) < 0.25, 'the inradius of a 4 m square is 2 m');
  t.match(zoneAt([5, 2], [a, b]), { zoneId: 2, marginM: 1 });
  t.match(zoneAt([9, 2], [a, b]), { zoneId: 0, marginM: 1 });
});

t.test('hysteresis: a walk deep into the next zone switches within a few fixes; scatter across a boundary does not', async (t) => {
  const rule = { evidenceM: 2, maxStepM: 2, shallowM: 1, fixesAny: 20 };
  const h = new ZoneHysteresis(rule);
  t.equal(h.step({ zoneId: 1, marginM: 2, depthM: 2.5 }), 1, 'the first fix takes its zone');
  const walk = [0.3, 1, 1.8, 2.4, 2.5].map((m) => h.step({ zoneId: 2, marginM: m, depthM: 2.5 }));
  t.same(walk, [1, 1, 1, 1, 2], 'switched on the fifth fix, deep inside');
  const still = new ZoneHysteresis(rule);
  still.step({ zoneId: 1, marginM: 0.2, depthM: 2.5 });
  let changes = 0;
  let zone = 1;
  for (let i = 0; i < 600; i++) {
    const next = still.step({ zoneId: i % 3 === 0 ? 1 : 2, marginM: 0.6, depthM: 2.5 });
    if (next !== zone) changes++;
    zone = next;
  }
  t.equal(changes, 0, 'shallow fixes either side never switch while they alternate');
  const slow = new ZoneHysteresis(rule);
  slow.step({ zoneId: 1, marginM: 1, depthM: 2.5 });
  const steps = Array.from({ length: 20 }, () => slow.step({ zoneId: 2, marginM: 0.1, depthM: 2.5 }));
  t.equal(steps.indexOf(2), 19, 'however shallow, 20 consecutive fixes switch');
  const moving = new ZoneHysteresis(rule);
  moving.step({ zoneId: 1, marginM: 1, depthM: 2.5 });
  t.equal(moving.step({ zoneId: 2, marginM: 1.1, depthM: 1.25 }, true), 2, 'a walker crossing a corridor switches at once');
});

t.test('zone visits: opened at the first fix, extended, closed at the switch; the next opens at the same instant', async (t) => {
  const v = new ZoneVisits(7, 10_000);
  const place = { organizationId: 1, locationId: 2, planId: 3 };
  const rows = (lines: string[]) => lines.map((l) => l.trim().split('\t').map(Number));
  const opened = rows(v.fix(place, 5, 1000));
  t.same(opened.map((r) => r.slice(0, 8)), [[1, 2, 3, 7, 5, 1000, 1000, 0]]);
  t.same(v.fix(place, 5, 2000), [], 'extended without a rewrite until the refresh interval');
  t.same(rows(v.fix(place, 5, 11_000)).map((r) => r.slice(5, 8)), [[1000, 11_000, 0]], 'rewritten as it extends');
  const switched = rows(v.fix(place, 6, 12_000));
  t.same(switched.map((r) => r.slice(4, 8)), [[5, 1000, 12_000, 1], [6, 12_000, 12_000, 0]]);
  t.ok(switched[1]![8]! > opened[0]![8]!, 'versions grow');
  t.same(rows(v.close(15_000)).map((r) => r.slice(4, 8)), [[6, 12_000, 15_000, 1]]);
  t.same(v.close(16_000), [], 'nothing left open');
});

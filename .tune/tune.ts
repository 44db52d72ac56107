import { Bus } from '../core/bus.ts';
import { OFFICE_FLOOR, officeRoom, officeWalk } from '../device-sim/ble-site/office.ts';
import { SiteWorld, type TagScript } from '../device-sim/ble-site/world.ts';
import { PositioningEngine } from '../ingest/products/ble/engine.ts';
import { SiteModel } from '../ingest/products/ble/site-model.ts';
import { createLogger } from '../core/logger.ts';

const stay = (room: number, seconds: number) => ({ stay: officeRoom(room).middle, seconds });
const SCRIPTS: TagScript[] = [
  { minor: 1, legs: [stay(0, 150), officeWalk(0, 2), stay(2, 150), officeWalk(2, 1), stay(1, 120), officeWalk(1, 3), stay(3, 600)] },
  { minor: 2, legs: [stay(1, 100), officeWalk(1, 3), stay(3, 180), officeWalk(3, 0), stay(0, 600)] },
  { minor: 3, legs: [{ stay: [4, 2], seconds: 200 }, officeWalk(0, 1), { stay: [9, 5], seconds: 200 }, officeWalk(1, 2), stay(2, 600)] },
  { minor: 4, legs: [{ stay: [12, 2.5], seconds: 900 }] },
  { minor: 5, legs: [stay(0, 60), officeWalk(0, 3), stay(3, 60), officeWalk(3, 1), stay(1, 60), officeWalk(1, 2), stay(2, 60), officeWalk(2, 0), stay(0, 60), officeWalk(0, 3), stay(3,600)] },
];
const params = JSON.parse(process.argv[2] ?? '{}');
const stepMs = Number(process.argv[3] ?? 2000);
const seeds = [7, 8, 9];
let right = 0, total = 0; const lags: number[] = []; const errs: number[] = [];
for (const seed of seeds) {
  const origin = 1_700_000_000_000;
  const world = new SiteWorld(OFFICE_FLOOR, SCRIPTS, origin, seed);
  const zones = OFFICE_FLOOR.rooms.map((r, i) => ({ id: i + 1, planId: 1, polygon: [[r.at[0], r.at[1]], [r.at[0] + r.size[0], r.at[1]], [r.at[0] + r.size[0], r.at[1] + r.size[1]], [r.at[0], r.at[1] + r.size[1]]] as [number, number][] }));
  const site = new SiteModel({
    plans: [{ id: 1, organizationId: 1, locationId: 1, width: 21, height: 10 }],
    zones,
    receivers: OFFICE_FLOOR.receivers.map((r, k) => ({ deviceId: k + 1, organizationId: 1, planId: 1, x: r.x, y: r.y, heightM: 2.5, rssiOffsetDb: 0 })),
    tags: SCRIPTS.map((s) => ({ id: s.minor, organizationId: 1, uuid: 'u', major: 1, minor: s.minor })),
    params: new Map([[1, params]]),
  }, {});
  const fixes: Array<{ tag: number; ts: number; x: number; y: number; zone: number }> = [];
  const bus = new Bus();
  bus.on('ble.fixes', (m) => { for (const f of m.fixes) fixes.push({ tag: f.tagId, ts: f.ts, x: f.x, y: f.y, zone: f.zoneId ?? 0 }); });
  const wall = 0;
  const engine = new PositioningEngine(site, { bus, writer: { add() {} } as never, log: createLogger('silent'), wallClock: () => wall });
  const end = origin + 10 * 60_000;
  for (let t = origin; t < end; t += stepMs) {
    for (let k = 0; k < OFFICE_FLOOR.receivers.length; k++) { if (String(k) === process.env.OFF) continue;
      const rows = world.heard(k, t, t + stepMs).map((h) => `1\t${k + 1}\tmac\t${h.ts}\tbm\t${h.rssi}\tu\t1\t${h.minor}\t-59\t0\tb\n`).join('');
      engine.feedRows(rows);
    }
    engine.round();
  }
  for (const s of SCRIPTS) {
    const path = world.paths.find((p) => p.script.minor === s.minor)!;
    const own = fixes.filter((f) => f.tag === s.minor);
    for (const f of own) { const p = world.position(path, f.ts); errs.push(Math.hypot(p[0] - f.x, p[1] - f.y)); }
    let i = -1; let prevTruth = -1; let enteredAt = 0; let enteredZone = -1; let switched = true;
    for (let ts = origin + 10000; ts < end; ts += 1000) {
      while (i + 1 < own.length && own[i + 1]!.ts <= ts) i++;
      const room = world.roomAt(world.position(path, ts)); const truth = room + 1;
      const eng = i >= 0 ? own[i]!.zone : -1;
      total++; if (eng === truth) right++;
      if (truth !== prevTruth) { if (!switched && enteredZone !== 5) lags.push(99); enteredAt = ts; enteredZone = truth; switched = false; }
      if (!switched && eng === enteredZone) { switched = true; if (enteredZone !== 5) lags.push((ts - enteredAt) / 1000); }
      prevTruth = truth;
    }
  }
}
errs.sort((a, b) => a - b); lags.sort((a, b) => a - b);
console.log(JSON.stringify(params), stepMs, 'zone%', (100 * right / total).toFixed(2), 'medErr', errs[errs.length >> 1]!.toFixed(2), 'p95', errs[Math.floor(errs.length * 0.95)]!.toFixed(2), 'lags', lags.slice(-6).join(','));

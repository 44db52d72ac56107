import { Bus } from '../core/bus.ts';
import { OFFICE_FLOOR } from '../device-sim/ble-site/office.ts';
import { SiteWorld, type TagScript } from '../device-sim/ble-site/world.ts';
import { PositioningEngine } from '../ingest/products/ble/engine.ts';
import { SiteModel } from '../ingest/products/ble/site-model.ts';
import { createLogger } from '../core/logger.ts';
const params = JSON.parse(process.argv[2] ?? '{}');
const points: Array<[number, number]> = [[8, 6.5], [5.5, 3.5], [10.5, 3], [3, 6.5], [13,6.5]];
for (const pt of points) {
  const SCRIPTS: TagScript[] = [{ minor: 1, legs: [{ stay: pt, seconds: 900 }] }];
  const res: number[] = [];
  for (const seed of [1, 2, 3, 4]) {
    const origin = 1_700_000_000_000;
    const world = new SiteWorld(OFFICE_FLOOR, SCRIPTS, origin, seed);
    const zones = OFFICE_FLOOR.rooms.map((r, i) => ({ id: i + 1, planId: 1, polygon: [[r.at[0], r.at[1]], [r.at[0] + r.size[0], r.at[1]], [r.at[0] + r.size[0], r.at[1] + r.size[1]], [r.at[0], r.at[1] + r.size[1]]] as [number, number][] }));
    const site = new SiteModel({ plans: [{ id: 1, organizationId: 1, locationId: 1, width: 21, height: 10 }], zones,
      receivers: OFFICE_FLOOR.receivers.map((r, k) => ({ deviceId: k + 1, organizationId: 1, planId: 1, x: r.x, y: r.y, heightM: 2.5, rssiOffsetDb: 0 })),
      tags: [{ id: 1, organizationId: 1, uuid: 'u', major: 1, minor: 1 }], params: new Map([[1, params]]) }, {});
    const bus = new Bus(); let last = -1; let changes = 0;
    bus.on('ble.fixes', (m) => { for (const f of m.fixes) { const z = f.zoneId ?? 0; if (last !== -1 && z !== last) changes++; last = z; } });
    const engine = new PositioningEngine(site, { bus, writer: { add() {} } as never, log: createLogger('silent'), wallClock: () => 0 });
    for (let t = origin; t < origin + 600_000; t += 1000) {
      for (let k = 0; k < 6; k++) engine.feedRows(world.heard(k, t, t + 1000).map((h) => `1\t${k + 1}\tm\t${h.ts}\tb\t${h.rssi}\tu\t1\t${h.minor}\t-59\t0\tb\n`).join(''));
      engine.round();
    }
    res.push(changes);
  }
  console.log(JSON.stringify(params), pt.join(','), 'changes in 10 min:', res.join(' '));
}

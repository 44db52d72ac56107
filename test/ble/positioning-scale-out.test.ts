import t from 'tap';
import { createRedis } from '../../core/redis.ts';
import { OFFICE_FLOOR, officeRoom, officeWalk } from '../../device-sim/ble-site/office.ts';
import { SiteWorld, type TagScript } from '../../device-sim/ble-site/world.ts';
import { startTestRedis } from '../helpers/redis-server.ts';
import { perSecond, play, siteOrigin, startOfficeSite, storedFixes } from './positioning-fixtures.ts';

// Scale-out (REDIS_URL): batches go through the Redis stream; the ingest worker announces each BLE
// batch after its INSERT on the bus, which Redis relays to every process — the engine runs in the one
// holding the product-workers lock (here the same process, but the message crosses Redis all the same).
const server = await startTestRedis(t);
const site = await startOfficeSite(t, { REDIS_URL: server.url });
const subscriber = createRedis(server.url, 'test', site.p.platform.log);
t.teardown(() => subscriber.quit());
const relayed = new Map<string, number>();
subscriber.on('message', (_channel: string, text: string) => {
  const { event } = JSON.parse(text) as { event: string };
  relayed.set(event, (relayed.get(event) ?? 0) + 1);
});
await subscriber.subscribe('mybeacon:bus');

const stay = (room: number, seconds: number) => ({ stay: officeRoom(room).middle, seconds });
const SCRIPTS: TagScript[] = [
  { minor: 1, legs: [stay(0, 60), officeWalk(0, 2), stay(2, 600)] },
  { minor: 2, legs: [stay(3, 600)] },
];

t.test('through the Redis stream, stored BLE batches reach the one engine and tags are positioned', async (t) => {
  const origin = siteOrigin();
  const world = new SiteWorld(OFFICE_FLOOR, SCRIPTS, origin, 5);
  await play(site, world, origin, origin + 2 * 60_000);
  t.ok((relayed.get('ingest.stored') ?? 0) > 0, `stored batches relayed over Redis (${relayed.get('ingest.stored')})`);
  t.ok((relayed.get('ble.fixes') ?? 0) > 0, `fixes relayed to the other processes' live maps (${relayed.get('ble.fixes')})`);
  const fixes = await storedFixes(site);
  for (const script of SCRIPTS) {
    // This test is about the path through Redis, over two minutes: it checks the zone wherever the tag has
    // been in its room for the 10 s the issue allows a switch (the accuracy test measures the whole walk).
    const all = perSecond(site, world, fixes, script, origin + 10_000, origin + 2 * 60_000);
    const settled = all.filter((s, i) => i >= 10 && all.slice(i - 10, i).every((p) => p.truth === s.truth));
    const right = settled.filter((s) => s.engine === s.truth).length / settled.length;
    t.ok(right >= 0.95, `tag ${script.minor}: zone right ${(100 * right).toFixed(1)} % of ${settled.length} settled s`);
  }
});

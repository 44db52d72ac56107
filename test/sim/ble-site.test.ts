import t from 'tap';
import { DEMO_FLOOR, DEMO_TAGS } from '../../device-sim/ble-site/floor.ts';
import { setUpBleSite } from '../../device-sim/ble-site/setup.ts';
import { startTestPlatform } from '../helpers/platform.ts';

// `npm run sim:ble-site` against a real platform: a newcomer's organization ends up with a configured
// site (location, plan with its scale and traced walls, receivers placed, a zone per room, tags).
const p = await startTestPlatform(t);
const admin = await p.adminToken();
const OWNER = { email: 'owner@demo.test', password: 'demo-owner-2026' };
const org = (await p.api('POST', '/superadmin/organizations', {
  token: admin,
  body: { name: 'Demo', status: 'active', products: ['ble'], owner: OWNER },
})).body;
for (const mac of ['0e:00:00:00:0c:01', '0e:00:00:00:0c:02', '0e:00:00:00:0c:03']) {
  await p.api('POST', '/superadmin/devices', { token: admin, body: { mac, organization_id: org.id } });
}
const owner = await p.login(OWNER.email, OWNER.password);

t.test('the simulator sets up the demo site through the client API', async (t) => {
  const site = await setUpBleSite({ url: p.url, ...OWNER });
  t.equal(site.receivers.length, 3, 'every receiver of the organization, up to the floor’s positions');
  const plan = (await p.api('GET', `/client/ble/plans/${site.planId}`, { token: owner })).body;
  t.match(plan, { scale_set: true, metres_per_pixel: 0.02, width_m: DEMO_FLOOR.size[0], height_m: DEMO_FLOOR.size[1] });
  const zones = (await p.api('GET', `/client/ble/plans/${site.planId}/zones`, { token: owner })).body.zones;
  t.same(zones.map((z: { name: string }) => z.name), DEMO_FLOOR.rooms.map((r) => r.name));
  t.equal(zones[0].area_m2, DEMO_FLOOR.rooms[0]!.size[0] * DEMO_FLOOR.rooms[0]!.size[1]);
  const receivers = (await p.api('GET', `/client/ble/locations/${site.locationId}/receivers`, { token: owner })).body.receivers;
  t.same(
    receivers.map((r: { x: number; y: number }) => [r.x, r.y]),
    DEMO_FLOOR.receivers.slice(0, 3).map((r) => [r.x, r.y]),
  );
  const tags = (await p.api('GET', '/client/ble/tags', { token: owner })).body.tags;
  t.equal(tags.length, DEMO_TAGS.length);

  // The traced walls arrive in the background, in metres of the 40 × 30 m floor.
  let walls = plan;
  while (walls.walls_status === 'pending') {
    await new Promise((r) => setTimeout(r, 200));
    walls = (await p.api('GET', `/client/ble/plans/${site.planId}`, { token: owner })).body;
  }
  t.equal(walls.walls_status, 'done');
  const xs = walls.walls.flat().map((pt: number[]) => pt[0]);
  t.ok(Math.min(...xs) > 0.7 && Math.max(...xs) < 39.3, 'the outer walls at 1 m and 39 m, within a wall thickness');
});

t.test('wrong credentials are a setup error that says what to pass', async (t) => {
  await t.rejects(setUpBleSite({ url: p.url, email: OWNER.email, password: 'wrong-password' }), { name: 'SimSetupError', hint: /owner or admin/ });
});

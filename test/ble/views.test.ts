import t from 'tap';
import WebSocket from 'ws';
import { DEMO_FLOOR, renderFloorPng } from '../../device-sim/ble-site/floor.ts';
import { setUpBleSite } from '../../device-sim/ble-site/setup.ts';
import { simulateWalk, storePositions, storeVisits, liveFix, type PositionRow, type VisitRow } from '../helpers/ble-fixes.ts';
import { bleLive } from '../../api/products/ble/live-socket.ts';
import { startTestPlatform } from '../helpers/platform.ts';

// What the client sees of positions (issue 10): the live map's snapshot and WebSocket, playback, the
// heatmap, busiest zones and time in each zone, routes without pass-throughs, and CSV exports — read
// from what the positioning engine stores (rows written here as the engine would) on a small shop site
// set up through the API; another organization's plan is refused exactly like a missing one.
const p = await startTestPlatform(t);
const admin = await p.adminToken();
const ch = p.platform.clickhouse.ch;

async function organization(name: string, email: string) {
  const org = (await p.api('POST', '/superadmin/organizations', {
    token: admin,
    body: { name, status: 'active', products: ['ble'], timezone: 'Europe/Moscow', owner: { email, password: 'owner-password-1' } },
  })).body;
  for (let i = 1; i <= 6; i++) {
    const mac = `0c:${org.id.toString(16).padStart(2, '0')}:00:00:00:0${i}`;
    const res = await p.api('POST', '/superadmin/devices', { token: admin, body: { mac, organization_id: org.id } });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  }
  const site = await setUpBleSite({ url: p.url, email, password: 'owner-password-1' });
  return { org, site, token: await p.login(email, 'owner-password-1') };
}
const shop = await organization('Shop', 'owner@shop.example');
const rival = await organization('Rival', 'owner@rival.example');
const created = await p.api('POST', '/client/users', { token: shop.token, body: { email: 'viewer@shop.example', password: 'viewer-password-1', role: 'viewer' } });
// brief: a viewer sees the locations granted to them; this one may look at the shop.
await p.api('PATCH', `/client/users/${created.body.id}`, { token: shop.token, body: { grants: [{ location_id: shop.site.locationId, access: 'read' }] } });
const viewer = await p.login('viewer@shop.example', 'viewer-password-1');

const planId = shop.site.planId;
const zones = (await p.api('GET', `/client/ble/plans/${planId}/zones`, { token: shop.token })).body.zones as Array<{ id: number; number: number; name: string; polygon: Array<[number, number]> }>;
const zone = (name: string) => zones.find((z) => z.name === name)!.id;
const [hall, storeroom, office, staff] = ['Sales hall', 'Storeroom', 'Office', 'Staff room'].map(zone) as [number, number, number, number];
const tags = (await p.api('GET', '/client/ble/tags', { token: shop.token })).body.tags as Array<{ id: number; name: string }>;
const tagId = (name: string) => tags.find((x) => x.name === name)!.id;
const maria = tagId('Марья Ивановна');
const petr = tagId('Пётр Сергеевич');
// A tag named like a spreadsheet formula: exports must defuse it.
const evil = (await p.api('POST', '/client/ble/tags', { token: shop.token, body: { uuid: 'f7826da64fa24e988024bc5b71e0893e', major: 9, minor: 9, type: 'asset', name: '=HYPERLINK("http://evil.example")' } })).body.id as number;

const ids = { organizationId: shop.org.id, locationId: shop.site.locationId, planId };
const start = Date.now() - 45 * 60_000;
// Марья: storeroom 10 min, a 20 s pass through the hall, office 10 min, hall 15 min, staff room 5 min.
const walks = [
  { tagId: maria, legs: [{ at: [5.5, 5.5], stayS: 600 }, { at: [20, 15], stayS: 20 }, { at: [14, 5.5], stayS: 600 }, { at: [20, 20], stayS: 900 }, { at: [33, 5], stayS: 300 }] },
  { tagId: petr, legs: [{ at: [14, 5.5], stayS: 900 }, { at: [20, 20], stayS: 600 }, { at: [33, 5], stayS: 900 }] },
  { tagId: evil, legs: [{ at: [30, 20], stayS: 2690 }] },
] as const;
const positions: PositionRow[] = [];
const visits: VisitRow[] = [];
for (const w of walks) {
  const sim = simulateWalk({ tagId: w.tagId, legs: w.legs.map((l) => ({ at: [...l.at] as [number, number], stayS: l.stayS })), bestDeviceId: shop.site.receivers[0] }, zones, start);
  positions.push(...sim.positions);
  visits.push(...sim.visits);
}
// The engine rewrites an open visit as it extends: an early, shorter version of Марья's first visit
// comes first and must lose to the latest one.
await storeVisits(ch, ids, [{ ...visits[0]!, exit: visits[0]!.enter + 60_000, closed: false }], start + 60_000);
await storePositions(ch, ids, positions);
await storeVisits(ch, ids, visits, Date.now());

const period = `from=${encodeURIComponent(new Date(start - 60_000).toISOString())}&to=${encodeURIComponent(new Date().toISOString())}`;
const secondsIn = (tag: number, zoneId: number) => visits.filter((v) => v.tagId === tag && v.zoneId === zoneId).reduce((s, v) => s + (v.exit - v.enter) / 1000, 0);

t.test('time in each zone per tag comes from the latest version of each visit', async (t) => {
  const res = await p.api('GET', `/client/ble/plans/${planId}/zone-stats?${period}`, { token: viewer });
  t.equal(res.status, 200);
  const mariaRow = res.body.tags.find((x: { tag_id: number }) => x.tag_id === maria);
  for (const z of [storeroom, office, hall, staff]) {
    const got = mariaRow.zones.find((r: { zone_id: number }) => r.zone_id === z)?.seconds ?? 0;
    t.equal(got, Math.round(secondsIn(maria, z)), `Марья in zone ${z}`);
  }
  t.ok(secondsIn(maria, storeroom) >= 600, 'the storeroom stay is the full 10 minutes, not the early version');
  const byZone = res.body.zones as Array<{ zone_id: number | null; tag_minutes: number; peak: number; tags: number }>;
  t.same(byZone.map((z) => z.tag_minutes), [...byZone.map((z) => z.tag_minutes)].sort((a, b) => b - a), 'busiest zones first');
  t.equal(byZone.find((z) => z.zone_id === hall)!.tags, 3, 'all three tags were in the sales hall');
  t.ok(byZone.every((z) => z.peak <= 3));
});

t.test('routes leave out short pass-throughs; the most common route is across tags', async (t) => {
  const res = await p.api('GET', `/client/ble/plans/${planId}/routes?${period}`, { token: shop.token });
  t.equal(res.status, 200);
  t.equal(res.body.min_stay_s, 60);
  const route = (tag: number) => res.body.tags.find((x: { tag_id: number }) => x.tag_id === tag).route;
  t.same(route(maria), [storeroom, office, hall, staff], 'the 20 s through the hall is not a stay');
  t.same(route(petr), [office, hall, staff]);
  t.same(res.body.common[0], { zones: [office, hall, staff], tags: 2, times: 2 }, 'both walked office → hall → staff room');
  const all = await p.api('GET', `/client/ble/plans/${planId}/routes?${period}&min_stay_s=0&tag_id=${maria}`, { token: shop.token });
  t.same(all.body.tags[0].route, [storeroom, hall, office, hall, staff], 'with no threshold the pass-through shows');
});

t.test('playback and the heatmap read the stored fixes', async (t) => {
  const one = await p.api('GET', `/client/ble/plans/${planId}/track?${period}&tag_id=${petr}`, { token: shop.token });
  t.equal(one.status, 200);
  t.equal(one.body.step_s, 5, 'an hour plays at the 5 s fix interval');
  t.equal(one.body.tags.length, 1);
  t.equal(one.body.tags[0].points.length, positions.filter((x) => x.tagId === petr).length);
  const [, x, y, z] = one.body.tags[0].points[0];
  t.ok(Math.abs(x - 14) < 2 && Math.abs(y - 5.5) < 2 && z === office, 'Пётр starts in the office');
  const all = await p.api('GET', `/client/ble/plans/${planId}/track?${period}`, { token: shop.token });
  t.equal(all.body.tags.length, 3, 'every tag of the plan');

  const heat = await p.api('GET', `/client/ble/plans/${planId}/heatmap?${period}`, { token: shop.token });
  t.equal(heat.status, 200);
  t.equal(heat.body.cell_m, 0.5);
  t.equal(heat.body.cells.reduce((s: number, c: number[]) => s + c[2]!, 0), positions.length, 'every fix lands in one cell');
  const near = (x: number, y: number) => heat.body.cells.filter((c: number[]) => Math.hypot((c[0]! + 0.5) * 0.5 - x, (c[1]! + 0.5) * 0.5 - y) < 2.5).reduce((n: number, c: number[]) => n + c[2]!, 0);
  t.equal(near(30, 20), positions.filter((x) => x.tagId === evil).length, 'the asset’s 45 minutes are all around where it stood');
});

t.test('the live snapshot starts from ClickHouse and follows the bus', async (t) => {
  const before = await p.api('GET', `/client/ble/plans/${planId}/live`, { token: viewer });
  t.equal(before.status, 200);
  t.equal(before.body.fixes.length, 3, 'the three tags fixed in the last 10 minutes');
  t.equal(before.body.receivers.length, 6, 'the plan’s receivers with their presence');
  const last = positions.filter((x) => x.tagId === maria).at(-1)!;
  const stored = before.body.fixes.find((f: { tag_id: number }) => f.tag_id === maria);
  t.match(stored, { zone_id: staff, best_rssi: -65, ts: new Date(last.ts).toISOString() }, 'Марья’s latest stored fix');
  t.ok(Math.abs(stored.x - last.x) < 1e-3);

  p.platform.bus.emit('ble.fixes', { ...ids, fixes: [liveFix({ ...last, ts: Date.now(), x: 20, y: 20, zoneId: hall })] });
  const after = await p.api('GET', `/client/ble/plans/${planId}/live`, { token: viewer });
  t.match(after.body.fixes.find((f: { tag_id: number }) => f.tag_id === maria), { x: 20, y: 20, zone_id: hall });
  t.same(after.body.zones.find((z: { zone_id: number }) => z.zone_id === hall), { zone_id: hall, tags: 2 }, 'now in the hall: Марья and the asset');
});

/** Opens the live socket, sends `message` and collects what comes back until `until` says enough or it closes. */
function live(message: unknown, until: (msgs: Array<Record<string, any>>) => boolean = () => false) { // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads JSON
  return new Promise<{ messages: Array<Record<string, any>>; close: number | null; ws: WebSocket }>((resolve, reject) => { // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads JSON
    const ws = new WebSocket(`${p.url.replace(/^http/, 'ws')}/api/v1/client/ble/live`);
    const messages: Array<Record<string, unknown>> = [];
    ws.on('open', () => ws.send(typeof message === 'string' ? message : JSON.stringify(message)));
    ws.on('message', (data) => {
      messages.push(JSON.parse(data.toString()));
      if (until(messages)) resolve({ messages, close: null, ws });
    });
    ws.on('close', (code) => resolve({ messages, close: code, ws }));
    ws.on('error', reject);
  });
}

t.test('the live WebSocket checks the access token at subscribe and pushes each round of fixes', async (t) => {
  const sub = await live({ type: 'subscribe', token: viewer, plan_id: planId }, (m) => m.length === 1);
  t.equal(sub.messages[0]!.type, 'snapshot');
  t.equal(sub.messages[0]!.fixes.length, 3);
  const next = new Promise<Record<string, unknown>>((resolve) => sub.ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
  // A round of another plan (the rival's) never reaches this socket; this plan's does.
  p.platform.bus.emit('ble.fixes', { organizationId: rival.org.id, locationId: rival.site.locationId, planId: rival.site.planId, fixes: [liveFix({ ...positions[0]!, ts: Date.now() })] });
  p.platform.bus.emit('ble.fixes', { ...ids, fixes: [liveFix({ ...positions[0]!, ts: Date.now(), x: 7 })] });
  t.match(await next, { type: 'fixes', plan_id: planId, fixes: [{ tag_id: maria, x: 7 }] });
  sub.ws.close();
});

t.test('a live feed ends when its session is logged out', async (t) => {
  const token = await p.login('viewer@shop.example', 'viewer-password-1');
  const sub = await live({ type: 'subscribe', token, plan_id: planId }, (m) => m.length === 1);
  const closed = new Promise<number>((resolve) => sub.ws.once('close', resolve));
  t.equal((await p.api('POST', '/auth/logout', { token })).status, 204);
  await bleLive(p.platform.api).recheckSessions();
  t.equal(await closed, 4401);
});

t.test('the live WebSocket refuses bad tokens, bad messages and foreign plans like missing ones', async (t) => {
  const bad = await live({ type: 'subscribe', token: 'not-a-token', plan_id: planId });
  t.equal(bad.close, 4401);
  t.equal(bad.messages[0]!.type, 'error');
  const garbage = await live('hello');
  t.equal(garbage.close, 4400);
  t.equal(garbage.messages[0]!.error.code, 'validation_failed');
  const foreign = await live({ type: 'subscribe', token: shop.token, plan_id: rival.site.planId });
  const missing = await live({ type: 'subscribe', token: shop.token, plan_id: 999_999 });
  t.equal(foreign.close, 4404);
  t.same(foreign.messages, missing.messages, 'a foreign plan is refused exactly like a missing one');
});

t.test('a tag placed on another floor leaves this floor’s live map at once', async (t) => {
  const form = new FormData();
  form.append('name', 'First floor');
  form.append('image', new Blob([new Uint8Array(await renderFloorPng(DEMO_FLOOR, 20))], { type: 'image/png' }), 'plan.png');
  const upstairs = (await (await fetch(`${p.url}/api/v1/client/ble/locations/${shop.site.locationId}/plans`, { method: 'POST', headers: { authorization: `Bearer ${shop.token}` }, body: form })).json()) as { id: number };
  p.platform.bus.emit('ble.fixes', { ...ids, planId: upstairs.id, fixes: [liveFix({ ...positions[0]!, ts: Date.now(), zoneId: 0 })] });
  const here = await p.api('GET', `/client/ble/plans/${planId}/live`, { token: shop.token });
  const there = await p.api('GET', `/client/ble/plans/${upstairs.id}/live`, { token: shop.token });
  t.notOk(here.body.fixes.some((f: { tag_id: number }) => f.tag_id === maria), 'not on the ground floor any more');
  t.same(there.body.fixes.map((f: { tag_id: number }) => f.tag_id), [maria]);
});

t.test('bad history input gets specific errors; a foreign plan answers like a missing one', async (t) => {
  const reversed = await p.api('GET', `/client/ble/plans/${planId}/heatmap?from=2026-12-02T10:00:00Z&to=2026-12-02T09:00:00Z`, { token: shop.token });
  t.equal(reversed.status, 400);
  t.equal(reversed.body.error.code, 'invalid_period');
  const long = await p.api('GET', `/client/ble/plans/${planId}/track?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z`, { token: shop.token });
  t.equal(long.body.error.code, 'invalid_period');
  const words = await p.api('GET', `/client/ble/plans/${planId}/routes?from=yesterday&to=now`, { token: shop.token });
  t.equal(words.status, 400);
  t.equal(words.body.error.code, 'validation_failed');
  const negative = await p.api('GET', `/client/ble/plans/${planId}/routes?${period}&min_stay_s=-5`, { token: shop.token });
  t.equal(negative.body.error.code, 'validation_failed');
  for (const view of ['live', `track?${period}`, `heatmap?${period}`, `zone-stats?${period}`, `routes?${period}`]) {
    const foreign = await p.api('GET', `/client/ble/plans/${rival.site.planId}/${view}`, { token: shop.token });
    const missing = await p.api('GET', `/client/ble/plans/999999/${view}`, { token: shop.token });
    t.equal(foreign.status, 404, view);
    t.same(foreign.body, missing.body, `${view}: foreign = missing`);
  }
});

t.test('the tags list shows each tag’s current plan and zone', async (t) => {
  const list = (await p.api('GET', '/client/ble/tags', { token: shop.token })).body.tags as Array<{ id: number; plan: unknown; zone: unknown }>;
  t.match(list.find((x) => x.id === petr), { plan: { id: planId, name: 'Ground floor' }, zone: { id: staff, number: 4, name: 'Staff room' }, status: 'active' }, 'placed 5 minutes ago');
  t.match(list.find((x) => x.id === tagId('Тележка №1')), { plan: null, zone: null }, 'never placed');
});

async function finishedExport(body: unknown, token = shop.token) {
  const started = await p.api('POST', '/client/ble/exports', { token, body });
  if (started.status !== 202) return started;
  let job = started.body;
  while (job.status === 'queued' || job.status === 'running') {
    await new Promise((r) => setTimeout(r, 50));
    job = (await p.api('GET', `/client/ble/exports/${job.id}`, { token })).body;
  }
  return { status: 200, body: job, headers: started.headers };
}

t.test('positions and zone visits export as CSV through the background job, formula-safe', async (t) => {
  const from = new Date(start - 60_000).toISOString();
  const to = new Date().toISOString();
  const job = await finishedExport({ kind: 'positions', plan_id: planId, from, to });
  t.match(job.body, { status: 'done', progress: 1, rows: positions.length, parameters: { kind: 'positions', plan_id: planId } });
  const file = await p.api('GET', `/client/ble/exports/${job.body.id}/download`, { token: shop.token });
  t.equal(file.status, 200);
  t.match(file.headers.get('content-disposition'), /ble-positions-plan-\d+-\d{4}-\d{2}-\d{2}\.csv/);
  const lines = (file.body as string).trim().split('\n');
  t.equal(lines[0], 'timestamp,tag_id,tag,zone,zone_name,x_m,y_m,error_m,receiver,rssi');
  t.equal(lines.length, positions.length + 1);
  t.ok(lines.some((l) => l.includes(`"'=HYPERLINK(""http://evil.example"")"`)), 'the formula is defused with a quote');
  t.notOk(lines.some((l) => /,"=HYPERLINK/.test(l)));

  const stays = await finishedExport({ kind: 'zone_visits', plan_id: planId, from, to });
  t.equal(stays.body.rows, visits.length);
  const csv = (await p.api('GET', `/client/ble/exports/${stays.body.id}/download`, { token: shop.token })).body as string;
  t.match(csv, /^tag_id,tag,zone,zone_name,enter,exit,seconds,closed\n/);
  t.match(csv, /Марья Ивановна","2","Storeroom"/);

  const history = await p.api('GET', '/client/ble/exports', { token: shop.token });
  t.equal(history.body.length, 2, 'BLE’s own exports only');
});

t.test('exports refuse viewers, foreign plans and bad input', async (t) => {
  const from = new Date(start).toISOString();
  const to = new Date().toISOString();
  t.equal((await p.api('POST', '/client/ble/exports', { token: viewer, body: { kind: 'positions', plan_id: planId, from, to } })).status, 403, 'brief: a viewer may not export');
  const foreign = await p.api('POST', '/client/ble/exports', { token: shop.token, body: { kind: 'positions', plan_id: rival.site.planId, from, to } });
  const missing = await p.api('POST', '/client/ble/exports', { token: shop.token, body: { kind: 'positions', plan_id: 999_999, from, to } });
  t.equal(foreign.status, 404);
  t.same(foreign.body, missing.body);
  const kind = await p.api('POST', '/client/ble/exports', { token: shop.token, body: { kind: 'everything', plan_id: planId, from, to } });
  t.equal(kind.body.error.code, 'validation_failed');
  const reversed = await p.api('POST', '/client/ble/exports', { token: shop.token, body: { kind: 'positions', plan_id: planId, from: to, to: from } });
  t.equal(reversed.body.error.code, 'invalid_period');
  const wifiJob = await p.api('GET', '/client/wifi/exports', { token: shop.token });
  t.equal(wifiJob.status, 403, 'the WiFi exports stay behind their own product');
});

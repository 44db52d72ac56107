import mqtt from 'mqtt';
import sharp from 'sharp';
import t from 'tap';
import { startTestPlatform } from '../helpers/platform.ts';
import { countRows } from '../ingest/fixtures.ts';

// BLE Tracking sites through the API: locations, plans from uploaded images (hostile ones refused),
// zones with numbers never reused and validated polygons, receivers placed on plans, tags with their
// status from sightings; every id of another organization answers exactly like a missing one.
const p = await startTestPlatform(t);
const admin = await p.adminToken();

async function organization(name: string, products: string[], email: string) {
  const org = (await p.api('POST', '/superadmin/organizations', {
    token: admin,
    body: { name, status: 'active', products, timezone: 'Europe/Moscow', owner: { email, password: 'owner-password-1' } },
  })).body;
  return { org, token: await p.login(email, 'owner-password-1') };
}
const shop = await organization('Shop', ['ble'], 'owner@shop.example');
const rival = await organization('Rival', ['ble'], 'owner@rival.example');
const wifiOnly = await organization('Mall', ['wifi'], 'owner@mall.example');

async function receiver(mac: string, organizationId: number) {
  const res = await p.api('POST', '/superadmin/devices', { token: admin, body: { mac, organization_id: organizationId } });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return { id: res.body.device.id as number, mac, token: res.body.token as string };
}
const rx = await receiver('0a:00:00:00:00:01', shop.org.id);
const rivalRx = await receiver('0a:00:00:00:00:02', rival.org.id);

/** A white plan with a dark rectangle outline (walls 8 px thick). */
const planPng = (width = 800, height = 600) =>
  sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite([
      {
        input: Buffer.from(
          `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect x="50" y="50" width="${width - 100}" height="${height - 100}" fill="none" stroke="#000" stroke-width="8"/></svg>`,
        ),
      },
    ])
    .png()
    .toBuffer();

async function upload(token: string, locationId: number, bytes: Buffer, opts: { name?: string; type?: string; filename?: string } = {}) {
  const form = new FormData();
  form.append('name', opts.name ?? 'Ground floor');
  form.append('image', new Blob([new Uint8Array(bytes)], { type: opts.type ?? 'image/png' }), opts.filename ?? 'plan.png');
  const res = await fetch(`${p.url}/api/v1/client/ble/locations/${locationId}/plans`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads JSON
}

const location = (await p.api('POST', '/client/ble/locations', { token: shop.token, body: { name: 'Магазин на Ленина', address: 'ул. Ленина, 1', timezone: 'Europe/Moscow' } })).body;
const rivalLocation = (await p.api('POST', '/client/ble/locations', { token: rival.token, body: { name: 'Склад №3', timezone: 'Europe/Moscow' } })).body;
const plan = (await upload(shop.token, location.id, await planPng())).body;
const rivalPlan = (await upload(rival.token, rivalLocation.id, await planPng())).body;

t.test('locations: create, list, rename, delete', async (t) => {
  t.match(location, { id: Number, name: 'Магазин на Ленина', address: 'ул. Ленина, 1', timezone: 'Europe/Moscow' });
  const extra = (await p.api('POST', '/client/ble/locations', { token: shop.token, body: { name: 'Склад', timezone: 'Asia/Yekaterinburg' } })).body;
  const renamed = await p.api('PATCH', `/client/ble/locations/${extra.id}`, { token: shop.token, body: { name: 'Склад №3' } });
  t.equal(renamed.body.name, 'Склад №3');
  const list = await p.api('GET', '/client/ble/locations', { token: shop.token });
  t.same(list.body.locations.map((l: { name: string }) => l.name), ['Магазин на Ленина', 'Склад №3'], 'only the own organization’s locations');
  t.equal((await p.api('DELETE', `/client/ble/locations/${extra.id}`, { token: shop.token })).status, 204);
  t.equal((await p.api('GET', `/client/ble/locations/${extra.id}`, { token: shop.token })).status, 404);
  const bad = await p.api('POST', '/client/ble/locations', { token: shop.token, body: { name: '', timezone: 'Mars/Olympus' } });
  t.equal(bad.status, 400);
  t.equal(bad.body.error.code, 'validation_failed');
});

t.test('a plan upload is re-encoded and served as an image that cannot be sniffed or run', async (t) => {
  t.match(plan, { name: 'Ground floor', width_px: 800, height_px: 600, image_type: 'image/png', metres_per_pixel: 0.05, scale_set: false, width_m: 40 });
  const res = await fetch(`${p.url}${plan.image_url}`, { headers: { authorization: `Bearer ${shop.token}` } });
  t.equal(res.status, 200);
  t.equal(res.headers.get('content-type'), 'image/png');
  t.equal(res.headers.get('x-content-type-options'), 'nosniff');
  t.match(res.headers.get('content-security-policy'), /default-src 'none'; sandbox/);
  const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
  t.match(meta, { format: 'png', width: 800, height: 600 });
});

t.test('a PNG with HTML appended comes back re-encoded as image/png without the HTML', async (t) => {
  const hostile = Buffer.concat([await planPng(200, 100), Buffer.from('<html><script>alert(document.cookie)</script></html>')]);
  const created = await upload(shop.token, location.id, hostile, { filename: 'plan.html', type: 'text/html' });
  t.equal(created.status, 201);
  const res = await fetch(`${p.url}${created.body.image_url}`, { headers: { authorization: `Bearer ${shop.token}` } });
  t.equal(res.headers.get('content-type'), 'image/png');
  const bytes = Buffer.from(await res.arrayBuffer());
  t.notOk(bytes.includes('<script>'), 'the appended bytes are gone');
  t.ok(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])));
});

t.test('hostile and unusable uploads are refused with a clear status', async (t) => {
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>');
  const svgRes = await upload(shop.token, location.id, svg, { type: 'image/svg+xml', filename: 'plan.svg' });
  t.equal(svgRes.status, 415, 'SVG is refused');
  t.equal(svgRes.body.error.code, 'unsupported_image');

  const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } }).gif().toBuffer();
  t.equal((await upload(shop.token, location.id, gif, { filename: 'plan.png' })).status, 415, 'a GIF named .png is refused by its signature');

  const truncated = (await planPng()).subarray(0, 200);
  t.equal((await upload(shop.token, location.id, truncated)).body.error.code, 'invalid_image', 'a broken PNG');

  // 144 megapixels in well under 1 MB: refused from the header, before any decoding.
  const flood = await sharp(Buffer.alloc(12_000 * 12_000), { raw: { width: 12_000, height: 12_000, channels: 1 } }).png({ compressionLevel: 9 }).toBuffer();
  t.ok(flood.length < 1024 * 1024, `the flood is ${flood.length} bytes`);
  const floodRes = await upload(shop.token, location.id, flood);
  t.equal(floodRes.status, 413);
  t.equal(floodRes.body.error.code, 'image_too_large');

  const huge = Buffer.concat([await planPng(10, 10), Buffer.alloc(21 * 1024 * 1024)]);
  const hugeRes = await upload(shop.token, location.id, huge);
  t.equal(hugeRes.status, 413);
  t.equal(hugeRes.body.error.code, 'payload_too_large');

  const json = await p.api('POST', `/client/ble/locations/${location.id}/plans`, { token: shop.token, body: { name: 'x' } });
  t.equal(json.status, 415, 'a plan is multipart');

  const plans = await p.api('GET', `/client/ble/locations/${location.id}/plans`, { token: shop.token });
  t.equal(plans.body.plans.length, 2, 'nothing refused was stored');
});

t.test('EXIF rotation is applied and the long side is capped at 8192 px', async (t) => {
  const rotated = await sharp({ create: { width: 300, height: 100, channels: 3, background: '#fff' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
  const r = await upload(shop.token, location.id, rotated, { type: 'image/jpeg', filename: 'photo.jpg' });
  t.match(r.body, { image_type: 'image/jpeg', width_px: 100, height_px: 300 });
  const stored = Buffer.from(await (await fetch(`${p.url}${r.body.image_url}`, { headers: { authorization: `Bearer ${shop.token}` } })).arrayBuffer());
  t.notOk((await sharp(stored).metadata()).exif, 'metadata is stripped');

  const wide = await sharp({ create: { width: 9000, height: 90, channels: 3, background: '#fff' } }).png().toBuffer();
  t.match((await upload(shop.token, location.id, wide)).body, { width_px: 8192, height_px: 82 });
});

t.test('the scale set from a reference line stretches walls and labels but not zones', async (t) => {
  const sized = await p.api('PATCH', `/client/ble/plans/${plan.id}`, {
    token: shop.token,
    body: { walls: [[[2.5, 2.5], [37.5, 2.5]]], labels: [{ x: 20, y: 15, text: 'Касса' }] },
  });
  t.equal(sized.status, 200);
  const scaled = await p.api('PATCH', `/client/ble/plans/${plan.id}`, { token: shop.token, body: { metres_per_pixel: 0.025 } });
  t.match(scaled.body, { scale_set: true, width_m: 20, height_m: 15, walls: [[[1.25, 1.25], [18.75, 1.25]]], labels: [{ x: 10, y: 7.5, text: 'Касса' }] });
  const outside = await p.api('PATCH', `/client/ble/plans/${plan.id}`, { token: shop.token, body: { labels: [{ x: 30, y: 1, text: 'x' }] } });
  t.equal(outside.status, 400);
});

t.test('zones are numbered on the plan and a number is never reused', async (t) => {
  const square = [[1, 1], [5, 1], [5, 4], [1, 4]];
  const z1 = await p.api('POST', `/client/ble/plans/${plan.id}/zones`, { token: shop.token, body: { name: 'Касса', colour: '#FF9800', polygon: square } });
  t.equal(z1.status, 201);
  t.match(z1.body, { number: 1, name: 'Касса', area_m2: 12 });
  const z2 = await p.api('POST', `/client/ble/plans/${plan.id}/zones`, { token: shop.token, body: { colour: '#E0F7FA', polygon: square } });
  t.equal(z2.body.number, 2);
  t.equal((await p.api('DELETE', `/client/ble/zones/${z2.body.id}`, { token: shop.token })).status, 204);
  const z3 = await p.api('POST', `/client/ble/plans/${plan.id}/zones`, { token: shop.token, body: { colour: '#E0F7FA', polygon: square } });
  t.equal(z3.body.number, 3, 'the deleted #2 is not given out again');
  const moved = await p.api('PATCH', `/client/ble/zones/${z3.body.id}`, { token: shop.token, body: { polygon: [[6, 6], [10, 6], [8, 9]] } });
  t.equal(moved.body.area_m2, 6);
  const list = await p.api('GET', `/client/ble/plans/${plan.id}/zones`, { token: shop.token });
  t.same(list.body.zones.map((z: { number: number }) => z.number), [1, 3]);
});

t.test('invalid zone polygons are refused', async (t) => {
  const cases: Array<[string, unknown]> = [
    ['two vertices', [[1, 1], [2, 2]]],
    ['a bow tie', [[1, 1], [5, 5], [5, 1], [1, 5]]],
    ['outside the plan (20 × 15 m)', [[1, 1], [25, 1], [25, 5]]],
    ['no area', [[1, 1], [2, 2], [3, 3]]],
    ['a vertex that folds back', [[1, 1], [5, 1], [3, 1], [3, 4]]],
    ['not numbers', [['a', 1], [2, 2], [3, 1]]],
  ];
  for (const [what, polygon] of cases) {
    const res = await p.api('POST', `/client/ble/plans/${plan.id}/zones`, { token: shop.token, body: { colour: '#FF9800', polygon } });
    t.equal(res.status, 400, what);
    t.equal(res.body.error.code, 'validation_failed', what);
  }
  const bad = await p.api('POST', `/client/ble/plans/${plan.id}/zones`, { token: shop.token, body: { colour: 'red', polygon: [[1, 1], [2, 1], [2, 2]] } });
  t.equal(bad.status, 400, 'a colour that is not #RRGGBB');
});

t.test('receivers are assigned to a location and placed on its plans', async (t) => {
  const placed = await p.api('PUT', `/client/ble/receivers/${rx.id}`, {
    token: shop.token,
    body: { location_id: location.id, plan_id: plan.id, x: 3.5, y: 2, rotation_deg: -90 },
  });
  t.equal(placed.status, 200);
  t.match(placed.body, { device_id: rx.id, label: /^Receiver #\d+$/, location_id: location.id, plan_id: plan.id, x: 3.5, y: 2, rotation_deg: 270, height_m: 2.5 });
  const list = await p.api('GET', `/client/ble/locations/${location.id}/receivers`, { token: shop.token });
  t.equal(list.body.receivers.length, 1);
  const outside = await p.api('PUT', `/client/ble/receivers/${rx.id}`, { token: shop.token, body: { location_id: location.id, plan_id: plan.id, x: 50, y: 2 } });
  t.equal(outside.status, 400, 'outside the plan');
  const other = (await p.api('POST', '/client/ble/locations', { token: shop.token, body: { name: 'Другой', timezone: 'Europe/Moscow' } })).body;
  const wrongPlace = await p.api('PUT', `/client/ble/receivers/${rx.id}`, { token: shop.token, body: { location_id: other.id, plan_id: plan.id, x: 1, y: 1 } });
  t.equal(wrongPlace.body.error?.code, 'plan_not_in_location');
});

t.test('tags: register, unique per organization, search, filter, status from sightings', async (t) => {
  const uuid = 'F7826DA6-4FA2-4E98-8024-BC5B71E0893E';
  const maria = await p.api('POST', '/client/ble/tags', { token: shop.token, body: { uuid, major: 1, minor: 5, type: 'person', name: 'Марья Ивановна' } });
  t.equal(maria.status, 201);
  t.equal(maria.body.uuid, 'f7826da64fa24e988024bc5b71e0893e', 'stored in the form scanners report');
  await p.api('POST', '/client/ble/tags', { token: shop.token, body: { uuid, major: 1, minor: 6, type: 'vehicle', name: 'Погрузчик ПГ-12' } });
  const dup = await p.api('POST', '/client/ble/tags', { token: shop.token, body: { uuid: uuid.toLowerCase(), major: 1, minor: 5, type: 'asset', name: 'Копия' } });
  t.equal(dup.status, 409);
  t.equal(dup.body.error.code, 'tag_exists');
  const elsewhere = await p.api('POST', '/client/ble/tags', { token: rival.token, body: { uuid, major: 1, minor: 5, type: 'asset', name: 'Велосипед №5' } });
  t.equal(elsewhere.status, 201, 'the same beacon may be another organization’s tag');
  t.equal((await p.api('POST', '/client/ble/tags', { token: shop.token, body: { uuid: 'nope', major: 1, minor: 1, type: 'person', name: 'x' } })).status, 400);
  t.equal((await p.api('POST', '/client/ble/tags', { token: shop.token, body: { uuid, major: 70000, minor: 1, type: 'person', name: 'x' } })).status, 400);

  const client = await mqtt.connectAsync(p.platform.endpoints.MQTT!, { clientId: rx.mac, username: rx.mac, password: rx.token, protocolVersion: 4, reconnectPeriod: 0 });
  t.teardown(() => client.endAsync(true));
  await client.publishAsync(`devices/${rx.mac}/ble`, JSON.stringify([{ mac: 'c0:00:00:00:00:05', rssi: -60, ts: Date.now() - 1000, type: 'ibeacon', uuid, major: 1, minor: 5 }]), { qos: 1 });
  t.equal(await countRows(p.platform.clickhouse.ch, 'ble_events', rx.id), 1);

  const all = await p.api('GET', '/client/ble/tags', { token: shop.token });
  t.match(all.body.tags, [
    { name: 'Марья Ивановна', status: 'active', last_receiver: /^Receiver #\d+$/, last_seen_at: String },
    { name: 'Погрузчик ПГ-12', status: 'not_seen', last_receiver: null, last_seen_at: null },
  ]);
  const search = await p.api('GET', `/client/ble/tags?q=${encodeURIComponent('марья')}`, { token: shop.token });
  t.same(search.body.tags.map((x: { name: string }) => x.name), ['Марья Ивановна']);
  const vehicles = await p.api('GET', '/client/ble/tags?type=vehicle', { token: shop.token });
  t.same(vehicles.body.tags.map((x: { name: string }) => x.name), ['Погрузчик ПГ-12']);
  const pct = await p.api('GET', `/client/ble/tags?q=${encodeURIComponent('%')}`, { token: shop.token });
  t.same(pct.body.tags, [], 'a % in the search is a literal');
  // A photo: re-encoded and shrunk, served inert, replaced and removed with its file.
  const photoForm = (bytes: Buffer) => {
    const form = new FormData();
    form.append('photo', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'me.jpg');
    return form;
  };
  const bigPhoto = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#c0a080' } }).jpeg().toBuffer();
  const put = await fetch(`${p.url}/api/v1/client/ble/tags/${maria.body.id}/photo`, { method: 'PUT', headers: { authorization: `Bearer ${shop.token}` }, body: photoForm(bigPhoto) });
  t.equal(put.status, 200);
  t.equal(((await put.json()) as { has_photo: boolean }).has_photo, true);
  const photo = await fetch(`${p.url}/api/v1/client/ble/tags/${maria.body.id}/photo`, { headers: { authorization: `Bearer ${shop.token}` } });
  t.equal(photo.headers.get('x-content-type-options'), 'nosniff');
  t.match(await sharp(Buffer.from(await photo.arrayBuffer())).metadata(), { format: 'jpeg', width: 1024, height: 683 });
  const svgPhoto = await fetch(`${p.url}/api/v1/client/ble/tags/${maria.body.id}/photo`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${shop.token}` },
    body: photoForm(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')),
  });
  t.equal(svgPhoto.status, 415);
  const { readdir } = await import('node:fs/promises');
  t.equal((await readdir(`${p.dataDir}/uploads/tags`)).length, 1);
  t.equal((await p.api('DELETE', `/client/ble/tags/${maria.body.id}/photo`, { token: shop.token })).status, 204);
  t.equal((await readdir(`${p.dataDir}/uploads/tags`)).length, 0, 'the file goes with the photo');
  t.equal((await p.api('GET', `/client/ble/tags/${maria.body.id}/photo`, { token: shop.token })).status, 404);

  const renamed = await p.api('PATCH', `/client/ble/tags/${maria.body.id}`, { token: shop.token, body: { name: 'Мария Ивановна' } });
  t.equal(renamed.body.name, 'Мария Ивановна');
  t.equal((await p.api('DELETE', `/client/ble/tags/${maria.body.id}`, { token: shop.token })).status, 204);
});

t.test('another organization’s ids answer exactly like missing ones', async (t) => {
  const rivalZone = (await p.api('POST', `/client/ble/plans/${rivalPlan.id}/zones`, { token: rival.token, body: { colour: '#FF9800', polygon: [[1, 1], [3, 1], [3, 3]] } })).body;
  const rivalTag = (await p.api('GET', '/client/ble/tags', { token: rival.token })).body.tags[0];
  const MISSING = 2_000_000_000;
  const probes: Array<[string, (id: number) => string, number, unknown?]> = [
    ['GET', (id) => `/client/ble/locations/${id}`, rivalLocation.id],
    ['PATCH', (id) => `/client/ble/locations/${id}`, rivalLocation.id, { name: 'mine' }],
    ['DELETE', (id) => `/client/ble/locations/${id}`, rivalLocation.id],
    ['GET', (id) => `/client/ble/locations/${id}/plans`, rivalLocation.id],
    ['GET', (id) => `/client/ble/locations/${id}/receivers`, rivalLocation.id],
    ['GET', (id) => `/client/ble/plans/${id}`, rivalPlan.id],
    ['GET', (id) => `/client/ble/plans/${id}/image`, rivalPlan.id],
    ['PATCH', (id) => `/client/ble/plans/${id}`, rivalPlan.id, { name: 'mine' }],
    ['DELETE', (id) => `/client/ble/plans/${id}`, rivalPlan.id],
    ['GET', (id) => `/client/ble/plans/${id}/zones`, rivalPlan.id],
    ['POST', (id) => `/client/ble/plans/${id}/zones`, rivalPlan.id, { colour: '#FF9800', polygon: [[1, 1], [3, 1], [3, 3]] }],
    ['PATCH', (id) => `/client/ble/zones/${id}`, rivalZone.id, { name: 'mine' }],
    ['DELETE', (id) => `/client/ble/zones/${id}`, rivalZone.id],
    ['GET', (id) => `/client/ble/tags/${id}`, rivalTag.id],
    ['PATCH', (id) => `/client/ble/tags/${id}`, rivalTag.id, { name: 'mine' }],
    ['GET', (id) => `/client/ble/tags/${id}/photo`, rivalTag.id],
    ['DELETE', (id) => `/client/ble/tags/${id}/photo`, rivalTag.id],
    ['DELETE', (id) => `/client/ble/tags/${id}`, rivalTag.id],
    ['PUT', (id) => `/client/ble/receivers/${id}`, rivalRx.id, { location_id: location.id }],
    ['DELETE', (id) => `/client/ble/receivers/${id}`, rivalRx.id],
  ];
  for (const [method, path, foreignId, body] of probes) {
    const foreign = await p.api(method, path(foreignId), { token: shop.token, body });
    const missing = await p.api(method, path(MISSING), { token: shop.token, body });
    t.equal(foreign.status, 404, `${method} ${path(0)}`);
    t.same(foreign.body, missing.body, `${method} ${path(0)}: same answer as a missing id`);
  }
  const ownPlanForeignLocation = await p.api('PUT', `/client/ble/receivers/${rx.id}`, { token: shop.token, body: { location_id: rivalLocation.id } });
  t.equal(ownPlanForeignLocation.status, 404);
  const uploadToForeign = await upload(shop.token, rivalLocation.id, await planPng());
  t.equal(uploadToForeign.status, 404);
  t.equal((await p.api('GET', `/client/ble/plans/${rivalPlan.id}`, { token: rival.token })).body.name, 'Ground floor', 'the rival’s plan is untouched');
});

t.test('an organization without BLE Tracking gets 403 product_not_enabled', async (t) => {
  const res = await p.api('GET', '/client/ble/locations', { token: wifiOnly.token });
  t.equal(res.status, 403);
  t.equal(res.body.error.code, 'product_not_enabled');
});

t.test('walls are traced in the background and land in metres', async (t) => {
  const fresh = (await upload(shop.token, location.id, await planPng())).body;
  let current = fresh;
  const deadline = Date.now() + 60_000;
  while (current.walls_status === 'pending' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    current = (await p.api('GET', `/client/ble/plans/${fresh.id}`, { token: shop.token })).body;
  }
  t.equal(current.walls_status, 'done');
  t.ok(current.walls.length >= 1, `${current.walls.length} traced outlines`);
  const xs = current.walls.flat().map((pt: number[]) => pt[0]);
  t.ok(Math.min(...xs) > 2 && Math.min(...xs) < 3, 'the outer wall at 50 px × 0.05 m ≈ 2.3–2.7 m');
});

t.test('deleting a plan deletes its image file', async (t) => {
  const doomed = (await upload(shop.token, location.id, await planPng(100, 100))).body;
  const { readdir } = await import('node:fs/promises');
  const before = (await readdir(`${p.dataDir}/uploads/plans`)).length;
  t.equal((await p.api('DELETE', `/client/ble/plans/${doomed.id}`, { token: shop.token })).status, 204);
  t.equal((await readdir(`${p.dataDir}/uploads/plans`)).length, before - 1);
});

import sharp from 'sharp';
import t from 'tap';
import { eventually } from '../ingest/fixtures.ts';
import { startPermissionsPlatform } from './fixtures.ts';

// brief: "охранник видит только 'Магазин на Ленина', но не видит 'Склад №3'"; a grant is read-only or
// read-write; effective right = role ∩ grant ∩ read-only flag; a location not granted is as absent as a missing one.
const f = await startPermissionsPlatform(t);
const { p, owner } = f;
const [shop, depot, office] = [await f.location('Магазин на Ленина'), await f.location('Склад №3'), await f.location('Офис')];
const rxShop = await f.receiver('0a:14:00:00:00:01', shop.id);
const rxDepot = await f.receiver('0a:14:00:00:00:02', depot.id);
const rxFree = await f.receiver('0a:14:00:00:00:03'); // assigned to no location: the organization's

const manager = await f.member('manager', { grants: [{ location_id: shop.id, access: 'read' }] });
const operator = await f.member('operator', { grants: [{ location_id: shop.id, access: 'read' }, { location_id: office.id, access: 'write' }] });
const viewer = await f.member('viewer', { grants: [{ location_id: shop.id, access: 'write' }] });

const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#ffffff' } }).png().toBuffer();
async function uploadPlan(token: string, locationId: number) {
  const form = new FormData();
  form.append('name', 'Первый этаж');
  form.append('image', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'plan.png');
  const res = await fetch(`${p.url}/api/v1/client/ble/locations/${locationId}/plans`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads JSON
}
const depotPlan = (await uploadPlan(owner.token, depot.id)).body;
const depotZone = f.ok(await p.api('POST', `/client/ble/plans/${depotPlan.id}/zones`, { token: owner.token, body: { colour: '#FF9800', polygon: [[1, 1], [3, 1], [3, 3]] } }), 201, 'zone');

// Traffic through the real ingest queue: WiFi probes at the shop and at the depot, a tag heard at the depot.
async function ingest(device: { id: number; mac: string }, product: 'wifi' | 'ble', events: unknown[]) {
  const identity = { deviceId: device.id, mac: device.mac, organizationId: f.org.id, products: [product] };
  const result = await p.platform.api.ingest.submit(identity, product, Buffer.from(JSON.stringify(events)));
  if (result.stored !== events.length) throw new Error(`stored ${result.stored} of ${events.length}`);
}
const now = Date.now();
await ingest(rxShop, 'wifi', [{ mac: '3c:22:fb:00:00:01', rssi: -60, ts: now - 60_000, ssid: '', channel: 6 }]);
await ingest(rxDepot, 'wifi', [{ mac: '3c:22:fb:00:00:02', rssi: -60, ts: now - 60_000, ssid: '', channel: 6 }, { mac: '3c:22:fb:00:00:03', rssi: -61, ts: now - 50_000, ssid: '', channel: 6 }]);
const uuid = 'f7826da64fa24e988024bc5b71e0893e';
const tag = f.ok(await p.api('POST', '/client/ble/tags', { token: owner.token, body: { uuid, major: 7, minor: 7, type: 'asset', name: 'Погрузчик' } }), 201, 'tag');
await ingest(rxDepot, 'ble', [{ mac: 'c0:00:00:00:00:07', rssi: -60, ts: now - 1000, type: 'ibeacon', uuid, major: 7, minor: 7 }]);
await p.platform.products.settle();

const get = (token: string, path: string) => p.api('GET', path, { token });
const ids = (items: Array<{ id: number }>) => items.map((i) => i.id);

t.test('a manager with a read grant on A gets 404 on B, exactly like a missing one', async (t) => {
  const probes: Array<[string, string]> = [
    [`/client/ble/locations/${depot.id}`, '/client/ble/locations/999999'],
    [`/client/ble/locations/${depot.id}/plans`, '/client/ble/locations/999999/plans'],
    [`/client/ble/locations/${depot.id}/receivers`, '/client/ble/locations/999999/receivers'],
    [`/client/ble/plans/${depotPlan.id}`, '/client/ble/plans/999999'],
    [`/client/ble/plans/${depotPlan.id}/image`, '/client/ble/plans/999999/image'],
    [`/client/ble/plans/${depotPlan.id}/zones`, '/client/ble/plans/999999/zones'],
    [`/client/devices/${rxDepot.id}`, '/client/devices/999999'],
  ];
  for (const [hidden, missing] of probes) {
    const [a, b] = [await get(manager.token, hidden), await get(manager.token, missing)];
    t.equal(a.status, 404, hidden);
    t.same(a.body, b.body, `${hidden} answers like ${missing}`);
  }
  t.equal((await get(manager.token, `/client/ble/locations/${shop.id}`)).status, 200, 'the granted location is there');
  t.equal((await get(owner.token, `/client/ble/locations/${depot.id}`)).status, 200, 'the owner sees every location');
});

t.test('B is missing from every list, count and export of the manager', async (t) => {
  t.same((await get(manager.token, '/client/ble/locations')).body.locations.map((l: { name: string }) => l.name), ['Магазин на Ленина']);
  t.same((await get(owner.token, '/client/ble/locations')).body.locations.length, 3);
  t.same(ids((await get(manager.token, '/client/devices')).body.items).sort(), [rxShop.id, rxFree.id].sort(), 'receivers follow their location; the unassigned one is the organization’s');
  t.equal((await get(manager.token, '/client/overview')).body.devices.total, 2);
  t.equal((await get(owner.token, '/client/overview')).body.devices.total, 3);

  const wifiReceivers = (await get(manager.token, '/client/wifi/receivers?period=today')).body.receivers;
  t.same(ids(wifiReceivers).sort(), [rxShop.id, rxFree.id].sort());
  const csv = (await get(manager.token, '/client/wifi/receivers.csv?period=today')).body as string;
  t.notMatch(csv, `Receiver #${rxDepot.simple_id}`);
  t.match(csv, `Receiver #${rxShop.simple_id}`);
  const summary = async (token: string) => (await get(token, '/client/wifi/summary?period=today')).body.events;
  t.same([await summary(owner.token), await summary(manager.token)], [3, 1], 'raw events count only the granted receivers');

  const tags = async (token: string) => (await get(token, '/client/ble/tags')).body.tags.find((x: { id: number }) => x.id === tag.id);
  t.match(await tags(owner.token), { status: 'active', last_receiver: `Receiver #${rxDepot.simple_id}` });
  t.match(await tags(manager.token), { status: 'not_seen', last_receiver: null, last_seen_at: null }, 'where a tag was heard belongs to that location');

  const exportAs = async (token: string) => {
    const job = f.ok(await p.api('POST', '/client/wifi/exports', { token, body: { period: 'today', fields: ['receiver_mac', 'client_mac'] } }), 202, 'export');
    await eventually(async () => (await get(token, `/client/wifi/exports/${job.id}`)).body.status === 'done');
    return { id: job.id as string, csv: (await get(token, `/client/wifi/exports/${job.id}/download`)).body as string };
  };
  const mine = await exportAs(manager.token);
  t.notMatch(mine.csv, rxDepot.mac, 'the export leaves out the depot’s receiver');
  t.match(mine.csv, rxShop.mac);
  const owners = await exportAs(owner.token);
  t.match(owners.csv, rxDepot.mac, 'the owner’s export has everything');
  t.same(((await get(manager.token, '/client/wifi/exports')).body as Array<{ id: string }>).map((e) => e.id), [mine.id], 'a colleague’s export is not listed');
  const [hidden, missing] = [await get(manager.token, `/client/wifi/exports/${owners.id}/download`), await get(manager.token, `/client/wifi/exports/${crypto.randomUUID()}/download`)];
  t.equal(hidden.status, 404);
  t.same(hidden.body, missing.body, 'nor downloadable');
});

t.test('a read grant lets an operator look, a write grant lets them change that location only', async (t) => {
  const rename = (id: number) => p.api('PATCH', `/client/ble/locations/${id}`, { token: operator.token, body: { address: 'новый адрес' } });
  t.same([(await rename(shop.id)).status, (await rename(shop.id)).body.error.code], [403, 'location_read_only']);
  t.equal((await rename(office.id)).status, 200);
  t.equal((await rename(depot.id)).status, 404);
  t.equal((await uploadPlan(operator.token, office.id)).status, 201, 'a plan goes up where the grant is write');
  t.same((await uploadPlan(operator.token, shop.id)).body.error.code, 'location_read_only');
  const zone = await p.api('PATCH', `/client/ble/zones/${depotZone.id}`, { token: operator.token, body: { name: 'x' } });
  const missingZone = await p.api('PATCH', '/client/ble/zones/999999', { token: operator.token, body: { name: 'x' } });
  t.same([zone.status, zone.body], [404, missingZone.body], 'a zone at a hidden location is as missing as no zone');

  const place = (deviceId: number, locationId: number) => p.api('PUT', `/client/ble/receivers/${deviceId}`, { token: operator.token, body: { location_id: locationId } });
  t.equal((await place(rxFree.id, shop.id)).body.error.code, 'location_read_only', 'not into a read-only location');
  t.equal((await place(rxShop.id, office.id)).body.error.code, 'location_read_only', 'nor out of one');
  t.equal((await place(rxDepot.id, office.id)).status, 404, 'a receiver at a hidden location is not there');
  const configure = (id: number) => p.api('PATCH', `/client/devices/${id}`, { token: operator.token, body: { notes: 'у входа' } });
  t.equal((await configure(rxShop.id)).body.error.code, 'location_read_only', 'device settings follow the receiver’s location');
  t.equal((await configure(rxFree.id)).status, 200, 'an unassigned receiver is the organization’s: the role decides');
  t.equal((await configure(rxDepot.id)).status, 404);
  t.same([(await get(operator.token, `/client/devices/${rxShop.id}`)).body.location_id, (await get(operator.token, `/client/devices/${rxFree.id}`)).body.location_id], [shop.id, null], 'the UI learns which grant a receiver follows');
  const created = await p.api('POST', '/client/ble/locations', { token: operator.token, body: { name: 'Новая', timezone: 'Europe/Moscow' } });
  t.same([created.status, created.body.error.code], [403, 'all_locations_required']);
});

t.test('a viewer with a write grant still cannot write', async (t) => {
  const res = await p.api('PATCH', `/client/ble/locations/${shop.id}`, { token: viewer.token, body: { address: 'x' } });
  t.same([res.status, res.body.error.code], [403, 'forbidden']);
  t.equal((await get(viewer.token, `/client/ble/locations/${shop.id}`)).status, 200);
  t.match((await get(viewer.token, '/auth/me')).body.permissions, { actions: { edit_plans: { write: false } }, locations: [{ location_id: shop.id, access: 'write' }] });
});

t.test('a read-only operator with a write grant cannot write either', async (t) => {
  const readOnly = await f.member('operator', { grants: [{ location_id: office.id, access: 'write' }], readOnly: true });
  const res = await p.api('PATCH', `/client/ble/locations/${office.id}`, { token: readOnly.token, body: { address: 'x' } });
  t.same([res.status, res.body.error.code], [403, 'read_only_user']);
  t.match((await get(readOnly.token, '/auth/me')).body.permissions, { read_only: true, locations: [{ location_id: office.id, access: 'read' }] });
});

t.test('the owner manages roles, grants and the read-only switch; a change applies to the next request', async (t) => {
  const member = await f.member('viewer');
  t.equal((await get(member.token, `/client/ble/locations/${depot.id}`)).status, 404);
  const patch = (body: unknown, token = owner.token, id = member.id) => p.api('PATCH', `/client/users/${id}`, { token, body });
  const granted = await patch({ role: 'operator', grants: [{ location_id: depot.id, access: 'write' }] });
  t.match(granted.body, { role: 'operator', read_only: false, grants: [{ location_id: depot.id, access: 'write' }] });
  t.equal((await get(member.token, `/client/ble/locations/${depot.id}`)).status, 200, 'no new sign-in needed');
  t.equal((await p.api('PATCH', `/client/ble/locations/${depot.id}`, { token: member.token, body: { address: 'a' } })).status, 200);

  const rival = f.ok(await p.api('POST', '/superadmin/organizations', {
    token: f.admin,
    body: { name: 'Rival', status: 'active', products: ['ble'], owner: { email: 'owner@rival.example', password: 'rival-password-1' } },
  }), 201, 'rival');
  const rivalToken = await p.login('owner@rival.example', 'rival-password-1');
  const rivalLocation = f.ok(await p.api('POST', '/client/ble/locations', { token: rivalToken, body: { name: 'Чужой склад', timezone: 'Europe/Moscow' } }), 201, 'rival location');
  t.ok(rival.id);
  const foreign = await patch({ role: 'viewer', grants: [{ location_id: shop.id, access: 'read' }, { location_id: rivalLocation.id, access: 'read' }] });
  t.same([foreign.status, foreign.body.error.code], [404, 'location_not_found'], "another organization's location is as missing as none");
  const users = (await get(owner.token, '/client/users')).body as Array<{ id: number; role: string; grants: unknown[] }>;
  t.match(users.find((u) => u.id === member.id), { role: 'operator', grants: [{ location_id: depot.id, access: 'write' }] }, 'and nothing of that change was kept');

  const twice = await patch({ grants: [{ location_id: shop.id, access: 'read' }, { location_id: shop.id, access: 'write' }] });
  t.same([twice.status, twice.body.error.code], [400, 'validation_failed']);
  const badAccess = await patch({ grants: [{ location_id: shop.id, access: 'admin' }] });
  t.equal(badAccess.status, 400);

  t.match((await patch({ read_only: true })).body, { read_only: true });
  t.equal((await p.api('PATCH', `/client/ble/locations/${depot.id}`, { token: member.token, body: { address: 'b' } })).body.error.code, 'read_only_user');
  t.match((await patch({ read_only: false, grants: [] })).body, { read_only: false, grants: [] });
  t.equal((await get(member.token, `/client/ble/locations/${depot.id}`)).status, 404, 'grants taken away');

  const self = await patch({ read_only: true }, owner.token, owner.id);
  t.same([self.status, self.body.error.code], [403, 'cannot_change_self'], 'an owner cannot lock themself out');
  const admin = await f.member('admin');
  t.same((await patch({ grants: [] }, admin.token)).body.error.code, 'forbidden', 'brief: the admin does not manage users');
});

t.test('deleting a location takes its grants with it', async (t) => {
  const doomed = await f.location('Временный');
  const member = await f.member('viewer', { grants: [{ location_id: doomed.id, access: 'read' }] });
  t.equal((await p.api('DELETE', `/client/ble/locations/${doomed.id}`, { token: owner.token })).status, 204);
  t.same((await get(member.token, '/auth/me')).body.permissions.locations, []);
});

import t from 'tap';
import { startTestPlatform } from '../helpers/platform.ts';

const p = await startTestPlatform(t);
const token = await p.adminToken();
const org = (await p.api('POST', '/superadmin/organizations', { token, body: { name: 'Fleet Org', status: 'active', products: ['ble'] } })).body;

const create = (mac: string, extra: Record<string, unknown> = {}) => p.api('POST', '/superadmin/devices', { token, body: { mac, ...extra } });

t.test('pre-registering a device answers its credentials once and normalises the MAC', async (t) => {
  const res = await create('38-54-39-4B-1B-AC', { name: 'Entrance' });
  t.equal(res.status, 201);
  t.equal(res.body.device.mac, '38:54:39:4b:1b:ac');
  t.match(res.body.device.label, /^Receiver #\d+$/);
  t.match(res.body.token, /^[A-Za-z0-9+/]{43}=$/, '32 random bytes, base64');
  t.match(res.body.device_password, /^\d{8}$/);
  const detail = await p.api('GET', `/superadmin/devices/${res.body.device.id}`, { token });
  t.notOk('token' in detail.body || 'token_hash' in detail.body || 'device_password' in detail.body, 'secrets are never shown again');
  const dup = await create('38:54:39:4b:1b:ac');
  t.equal(dup.status, 409);
  t.equal(dup.body.error.code, 'device_exists');
  const bad = await create('38:54:39:4b:1b');
  t.equal(bad.status, 400);
  t.match(bad.body.error.message, /MAC address/);
});

t.test('concurrent registrations get distinct simple ids; a deleted id is never reused', async (t) => {
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => create(`02:00:00:00:01:${i.toString(16).padStart(2, '0')}`)));
  const ids = results.map((r) => r.body.device.simple_id as number);
  t.ok(results.every((r) => r.status === 201));
  t.equal(new Set(ids).size, 20, 'all distinct');
  const highest = Math.max(...ids);
  const victim = results.find((r) => r.body.device.simple_id === highest)!.body.device;
  t.equal((await p.api('DELETE', `/superadmin/devices/${victim.id}`, { token })).status, 204);
  t.equal((await p.api('GET', `/superadmin/devices/${victim.id}`, { token })).status, 404);
  const next = await create('02:00:00:00:02:00');
  t.ok(next.body.device.simple_id > highest, `got #${next.body.device.simple_id} after deleting #${highest}`);
  const recreated = await create(victim.mac);
  t.ok(recreated.body.device.simple_id > highest, 'even the same MAC gets a new number');
});

t.test('devices are found by organization, status, MAC fragment, simple id and free text', async (t) => {
  const bound = (await create('0a:1b:2c:3d:4e:5f', { name: 'Food court', organization_id: org.id })).body.device;
  const list = (query: string) => p.api('GET', `/superadmin/devices?${query}`, { token }).then((r) => r.body);
  t.same((await list(`organization_id=${org.id}`)).items.map((d: { id: number }) => d.id), [bound.id]);
  t.equal((await list(`organization_id=${org.id}`)).items[0].organization_name, 'Fleet Org');
  t.notOk((await list('unassigned=true')).items.some((d: { id: number }) => d.id === bound.id));
  t.same((await list('mac=0A1B2C')).items.map((d: { id: number }) => d.id), [bound.id], 'MAC without separators');
  t.same((await list('mac=3d:4e')).items.map((d: { id: number }) => d.id), [bound.id]);
  t.same((await list(`simple_id=${bound.simple_id}`)).items.map((d: { id: number }) => d.id), [bound.id]);
  t.same((await list('q=food')).items.map((d: { id: number }) => d.id), [bound.id]);
  t.ok((await list(`q=%23${bound.simple_id}`)).items.some((d: { id: number }) => d.id === bound.id), '"#N" finds receiver N');
  t.ok((await list('q=fleet')).items.some((d: { id: number }) => d.id === bound.id), 'by organization name');
  t.equal((await list('online=true')).total, 0);
  t.equal((await list('q=%25')).total, 0, 'LIKE wildcards are literal');
  const page = await list('page=2&page_size=5');
  t.equal(page.items.length, 5);
  t.equal(page.items[0].events_today, 0);
  const bad = await p.api('GET', '/superadmin/devices?online=maybe', { token });
  t.equal(bad.status, 400);
});

t.test('binding, unbinding and blocking are announced to the broker', async (t) => {
  const device = (await create('0a:00:00:00:00:01')).body.device;
  const heard: string[] = [];
  const off = p.platform.bus.on('device.changed', (e) => e.deviceId === device.id && heard.push(e.change));
  t.teardown(off);
  const bind = await p.api('PATCH', `/superadmin/devices/${device.id}`, { token, body: { organization_id: org.id, name: 'Gate' } });
  t.equal(bind.status, 200);
  t.equal(bind.body.organization_name, 'Fleet Org');
  t.equal(bind.body.name, 'Gate');
  await p.api('PATCH', `/superadmin/devices/${device.id}`, { token, body: { status: 'blocked' } });
  await p.api('PATCH', `/superadmin/devices/${device.id}`, { token, body: { status: 'active', organization_id: null } });
  t.same(heard, ['bound', 'blocked', 'unbound', 'unblocked']);
  const missingOrg = await p.api('PATCH', `/superadmin/devices/${device.id}`, { token, body: { organization_id: 987654 } });
  t.equal(missingOrg.status, 422);
  t.equal(missingOrg.body.error.code, 'organization_not_found');
  t.equal((await p.api('PATCH', '/superadmin/devices/987654', { token, body: { name: 'x' } })).status, 404);
});

t.test('config overrides merge over product defaults and bump the desired version', async (t) => {
  const device = (await create('0a:00:00:00:00:02')).body.device;
  t.equal(device.config.desired_version, 1);
  t.same(device.config.merged, device.config.defaults);
  const heard: string[] = [];
  const off = p.platform.bus.on('device.changed', (e) => e.deviceId === device.id && heard.push(e.change));
  t.teardown(off);
  const res = await p.api('PUT', `/superadmin/devices/${device.id}/config`, {
    token,
    body: { overrides: { wifi: { monitor_enabled: true }, ble: { batch_interval_ms: 1000 } } },
  });
  t.equal(res.status, 200);
  t.equal(res.body.config.desired_version, 2);
  t.equal(res.body.config.reported_version, null);
  // Every other product's defaults are left as they are.
  t.same(res.body.config.merged, { ...device.config.defaults, ble: { enabled: true, batch_interval_ms: 1000 }, wifi: { monitor_enabled: true } });
  t.same(heard, ['config']);
  const notObject = await p.api('PUT', `/superadmin/devices/${device.id}/config`, { token, body: { overrides: [1, 2] } });
  t.equal(notObject.status, 400);
  const huge = await p.api('PUT', `/superadmin/devices/${device.id}/config`, { token, body: { overrides: { x: 'y'.repeat(70_000) } } });
  t.equal(huge.status, 400);
  t.match(huge.body.error.message, /64 KiB/);
});

t.test('rotating a token issues a new one and tells the broker', async (t) => {
  const created = (await create('0a:00:00:00:00:03')).body;
  const heard: string[] = [];
  const off = p.platform.bus.on('device.changed', (e) => e.deviceId === created.device.id && heard.push(e.change));
  t.teardown(off);
  const res = await p.api('POST', `/superadmin/devices/${created.device.id}/token`, { token });
  t.equal(res.status, 200);
  t.not(res.body.token, created.token);
  t.same(heard, ['token_rotated']);
});

t.test('auto-registration is a switch the superadmin flips', async (t) => {
  const initial = await p.api('GET', '/superadmin/settings', { token });
  t.same(initial.body, { auto_registration: { enabled: false, last_device_at: null } });
  const on = await p.api('PATCH', '/superadmin/settings', { token, body: { auto_registration: { enabled: true } } });
  t.equal(on.body.auto_registration.enabled, true);
  t.equal((await p.api('GET', '/superadmin/settings', { token })).body.auto_registration.enabled, true);
  const bad = await p.api('PATCH', '/superadmin/settings', { token, body: { auto_registration: { enabled: 'yes' } } });
  t.equal(bad.status, 400);
});

t.test('events today are counted from ClickHouse per device', async (t) => {
  const device = (await create('0a:00:00:00:00:04', { organization_id: org.id })).body.device;
  const now = Date.now();
  await p.platform.clickhouse.ch.insert({
    table: 'ble_events',
    format: 'JSONEachRow',
    values: [0, 1, 2].map((i) => ({
      timestamp: now - i * 1000,
      organization_id: org.id,
      device_id: device.id,
      device_mac: device.mac,
      beacon_mac: 'f9:29:de:16:b4:f3',
      rssi: -60,
      batch_id: 1,
    })).concat([{
      timestamp: now - 3 * 86_400_000,
      organization_id: org.id,
      device_id: device.id,
      device_mac: device.mac,
      beacon_mac: 'f9:29:de:16:b4:f3',
      rssi: -60,
      batch_id: 2,
    }]),
  });
  const detail = await p.api('GET', `/superadmin/devices/${device.id}`, { token });
  t.equal(detail.body.events_today, 3, 'three today, one three days ago');
});

t.test('client roles cannot reach superadmin endpoints', async (t) => {
  await p.api('POST', `/superadmin/organizations/${org.id}/users`, {
    token,
    body: { email: 'owner@fleet.example', password: 'fleet-owner-1', role: 'owner' },
  });
  const owner = await p.login('owner@fleet.example', 'fleet-owner-1');
  for (const [method, route] of [
    ['GET', '/superadmin/organizations'],
    ['POST', '/superadmin/organizations'],
    ['GET', '/superadmin/devices'],
    ['POST', '/superadmin/devices'],
    ['PATCH', '/superadmin/devices/1'],
    ['PUT', '/superadmin/devices/1/config'],
    ['GET', '/superadmin/settings'],
    ['PATCH', '/superadmin/settings'],
  ] as const) {
    const res = await p.api(method, route, { token: owner, body: method === 'GET' ? undefined : {} });
    t.equal(res.status, 403, `${method} ${route}`);
    t.equal(res.body.error.code, 'forbidden');
  }
  t.equal((await p.api('GET', '/superadmin/devices')).status, 401, 'and nobody without a token');
});

import t from 'tap';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';

const p: TestPlatform = await startTestPlatform(t);
const admin = await p.adminToken();

/** An active organization with an owner and one bound device. */
async function tenant(name: string, mac: string) {
  const email = `owner@${name.toLowerCase()}.example`;
  const org = (await p.api('POST', '/superadmin/organizations', {
    token: admin,
    body: { name, status: 'active', products: ['wifi'], owner: { email, password: `${name}-owner-pw` } },
  })).body;
  const device = (await p.api('POST', '/superadmin/devices', { token: admin, body: { mac, organization_id: org.id, name: `${name} gate` } })).body.device;
  return { org, device, token: await p.login(email, `${name}-owner-pw`) };
}

const alpha = await tenant('Alpha', '0a:aa:00:00:00:01');
const beta = await tenant('Beta', '0a:bb:00:00:00:01');
await p.api('POST', '/superadmin/devices', { token: admin, body: { mac: '0a:cc:00:00:00:01' } }); // unbound

t.test('a client sees its own organization and only its own devices', async (t) => {
  const org = await p.api('GET', '/client/organization', { token: alpha.token });
  t.equal(org.body.id, alpha.org.id);
  const list = await p.api('GET', '/client/devices', { token: alpha.token });
  t.equal(list.status, 200);
  t.same(list.body.items.map((d: { id: number }) => d.id), [alpha.device.id]);
  t.equal(list.body.items[0].label, `Receiver #${alpha.device.simple_id}`);
  t.equal(list.body.items[0].events_in_period, 0);
  t.notOk('organization_id' in list.body.items[0] || 'status' in list.body.items[0], 'no platform-internal fields');
  const detail = await p.api('GET', `/client/devices/${alpha.device.id}`, { token: alpha.token });
  t.equal(detail.status, 200);
  t.equal(detail.body.mac, '0a:aa:00:00:00:01');
});

t.test("every client endpoint answers another tenant's id with 404, exactly like a missing one", async (t) => {
  const member = (await p.api('POST', '/client/users', {
    token: beta.token,
    body: { email: 'viewer@beta.example', password: 'beta-viewer-pw', role: 'viewer' },
  })).body;
  const probes: Array<[string, string, unknown?]> = [
    ['GET', `/client/devices/${beta.device.id}`],
    ['PATCH', `/client/users/${member.id}`, { role: 'admin' }],
  ];
  for (const [method, foreign, body] of probes) {
    const missing = foreign.replace(/\d+$/, '999999');
    const a = await p.api(method, foreign, { token: alpha.token, body });
    const b = await p.api(method, missing, { token: alpha.token, body });
    t.equal(a.status, 404, `${method} ${foreign}`);
    t.same(a.body, b.body, 'indistinguishable from a missing id');
  }
  const list = await p.api('GET', '/client/devices?q=Beta', { token: alpha.token });
  t.equal(list.body.total, 0, 'search never crosses tenants');
  const users = await p.api('GET', '/client/users', { token: alpha.token });
  t.notOk(users.body.some((u: { email: string }) => u.email.endsWith('beta.example')));
  const still = await p.api('GET', `/superadmin/organizations/${beta.org.id}/users`, { token: admin });
  t.equal(still.body.find((u: { id: number }) => u.id === member.id).role, 'viewer', 'the foreign user was not touched');
});

t.test('the overview counts only the organization’s own devices and events', async (t) => {
  await p.platform.clickhouse.ch.insert({
    table: 'wifi_events',
    format: 'JSONEachRow',
    values: [alpha, alpha, beta].map((x) => ({
      timestamp: Date.now() - 1000,
      organization_id: x.org.id,
      device_id: x.device.id,
      device_mac: x.device.mac,
      client_mac: '3c:22:fb:00:00:01',
      rssi: -60,
      batch_id: 1,
    })),
  });
  const res = await p.api('GET', '/client/overview', { token: alpha.token });
  t.equal(res.status, 200);
  t.same(res.body, { devices: { total: 1, online: 0, offline: 1 }, events_today: 2 });
});

t.test('the superadmin has no client cabinet', async (t) => {
  const res = await p.api('GET', '/client/devices', { token: admin });
  t.equal(res.status, 403);
  t.equal(res.body.error.code, 'organization_required');
});

t.test('the owner manages users; other roles may not', async (t) => {
  const add = await p.api('POST', '/client/users', {
    token: alpha.token,
    body: { email: 'admin@alpha.example', password: 'alpha-admin-pw', role: 'admin', name: 'Ann' },
  });
  t.equal(add.status, 201);
  t.equal(add.body.role, 'admin');
  t.equal(add.body.organization_id, alpha.org.id);
  const adminToken = await p.login('admin@alpha.example', 'alpha-admin-pw');
  // brief: only the owner manages users
  for (const [method, route, body] of [
    ['GET', '/client/users', undefined],
    ['POST', '/client/users', { email: 'x@alpha.example', password: 'whatever-123', role: 'viewer' }],
    ['PATCH', `/client/users/${add.body.id}`, { role: 'viewer' }],
  ] as const) {
    const res = await p.api(method, route, { token: adminToken, body });
    t.equal(res.status, 403, `admin: ${method} ${route}`);
  }
  t.equal((await p.api('GET', '/client/devices', { token: adminToken })).status, 200, 'but sees the devices');
  const superRole = await p.api('POST', '/client/users', {
    token: alpha.token,
    body: { email: 'evil@alpha.example', password: 'whatever-123', role: 'superadmin' },
  });
  t.equal(superRole.status, 400, 'no superadmins from a client cabinet');
});

t.test('a deactivated user is locked out at once; an owner cannot lock themself out', async (t) => {
  const added = (await p.api('POST', '/client/users', {
    token: alpha.token,
    body: { email: 'op@alpha.example', password: 'alpha-op-pw-1', role: 'operator' },
  })).body;
  const opToken = await p.login('op@alpha.example', 'alpha-op-pw-1');
  t.equal((await p.api('GET', '/client/devices', { token: opToken })).status, 200);
  const off = await p.api('PATCH', `/client/users/${added.id}`, { token: alpha.token, body: { active: false } });
  t.equal(off.status, 200);
  t.equal(off.body.active, false);
  t.equal((await p.api('GET', '/client/devices', { token: opToken })).status, 401);
  const loginAgain = await p.api('POST', '/auth/login', { body: { email: 'op@alpha.example', password: 'alpha-op-pw-1' } });
  t.equal(loginAgain.body.error.code, 'account_disabled');

  const me = (await p.api('GET', '/auth/me', { token: alpha.token })).body.user;
  const demote = await p.api('PATCH', `/client/users/${me.id}`, { token: alpha.token, body: { role: 'viewer' } });
  t.equal(demote.status, 403);
  t.equal(demote.body.error.code, 'cannot_change_self');
  const rename = await p.api('PATCH', `/client/users/${me.id}`, { token: alpha.token, body: { name: 'Alpha Owner' } });
  t.equal(rename.status, 200);
});

t.test('the device period is validated', async (t) => {
  const backwards = await p.api('GET', '/client/devices?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', { token: alpha.token });
  t.equal(backwards.status, 400);
  t.equal(backwards.body.error.code, 'invalid_period');
  const garbage = await p.api('GET', '/client/devices?from=yesterday', { token: alpha.token });
  t.equal(garbage.status, 400);
  t.equal(garbage.body.error.code, 'validation_failed');
});

t.test('data survives a restart', async (t) => {
  await p.restart();
  const token = await p.login('owner@alpha.example', 'Alpha-owner-pw');
  const list = await p.api('GET', '/client/devices', { token });
  t.same(list.body.items.map((d: { mac: string }) => d.mac), ['0a:aa:00:00:00:01']);
  const fresh = (await p.api('POST', '/superadmin/devices', { token: await p.adminToken(), body: { mac: '0a:dd:00:00:00:01' } })).body.device;
  t.ok(fresh.simple_id > beta.device.simple_id, 'the simple id sequence continues after a restart');
});

import t from 'tap';
import { startTestPlatform } from '../helpers/platform.ts';

const p = await startTestPlatform(t);
const token = await p.adminToken();

t.test('the superadmin creates an organization with its owner, who can log in at once', async (t) => {
  const res = await p.api('POST', '/superadmin/organizations', {
    token,
    body: {
      name: 'Mall on Lenina',
      phone: '+7 900 000-00-00',
      contact_email: 'Boss@Mall.example',
      products: ['wifi', 'wifi'],
      timezone: 'Europe/Moscow',
      owner: { email: 'boss@mall.example', password: 'owner-password-1', name: 'Boss' },
    },
  });
  t.equal(res.status, 201);
  t.equal(res.body.name, 'Mall on Lenina');
  t.equal(res.body.status, 'pending', 'new organizations await activation');
  t.same(res.body.products, ['wifi'], 'duplicates collapse');
  t.equal(res.body.contact_email, 'boss@mall.example');
  const owner = await p.login('boss@mall.example', 'owner-password-1');
  const me = await p.api('GET', '/auth/me', { token: owner });
  t.equal(me.body.user.role, 'owner');
  t.equal(me.body.organization.id, res.body.id);
});

t.test('an organization with a bad owner password is not created at all', async (t) => {
  const before = (await p.api('GET', '/superadmin/organizations', { token })).body.total;
  const res = await p.api('POST', '/superadmin/organizations', {
    token,
    body: { name: 'Half-made', owner: { email: 'half@made.example', password: 'short' } },
  });
  t.equal(res.status, 400);
  t.equal(res.body.error.code, 'validation_failed');
  t.match(res.body.error.message, /at least 8/);
  t.equal((await p.api('GET', '/superadmin/organizations', { token })).body.total, before, 'transaction rolled back');
});

t.test('organization input is validated with specific messages', async (t) => {
  const cases = [
    { body: { name: '' }, path: 'name' },
    { body: { name: 'X', products: ['teleportation'] }, path: 'products.0' },
    { body: { name: 'X', timezone: 'Mars/Olympus' }, path: 'timezone' },
    { body: { name: 'X', contact_email: 'nope' }, path: 'contact_email' },
    { body: { name: 'X', status: 'deleted' }, path: 'status' },
  ];
  for (const c of cases) {
    const res = await p.api('POST', '/superadmin/organizations', { token, body: c.body });
    t.equal(res.status, 400, JSON.stringify(c.body));
    t.equal(res.body.error.code, 'validation_failed');
    t.ok(res.body.error.details.some((d: { path: string }) => d.path === c.path), `details name ${c.path}`);
  }
});

t.test('the pending filter lists organizations awaiting activation; activation moves them out', async (t) => {
  const org = (await p.api('POST', '/superadmin/organizations', { token, body: { name: 'Airport' } })).body;
  const pending = await p.api('GET', '/superadmin/organizations?status=pending', { token });
  t.ok(pending.body.items.some((o: { id: number }) => o.id === org.id));
  const activated = await p.api('PATCH', `/superadmin/organizations/${org.id}`, {
    token,
    body: { status: 'active', products: ['wifi', 'ble'] },
  });
  t.equal(activated.status, 200);
  t.same(activated.body.products, ['ble', 'wifi']);
  const stillPending = await p.api('GET', '/superadmin/organizations?status=pending', { token });
  t.notOk(stillPending.body.items.some((o: { id: number }) => o.id === org.id));
  const search = await p.api('GET', '/superadmin/organizations?q=airp', { token });
  t.same(search.body.items.map((o: { id: number }) => o.id), [org.id]);
  t.equal(search.body.items[0].user_count, 0);
});

t.test('lists paginate', async (t) => {
  for (let i = 0; i < 3; i++) await p.api('POST', '/superadmin/organizations', { token, body: { name: `Paged ${i}` } });
  const page1 = await p.api('GET', '/superadmin/organizations?q=Paged&page=1&page_size=2', { token });
  const page2 = await p.api('GET', '/superadmin/organizations?q=Paged&page=2&page_size=2', { token });
  t.equal(page1.body.total, 3);
  t.equal(page1.body.items.length, 2);
  t.equal(page2.body.items.length, 1);
  const bad = await p.api('GET', '/superadmin/organizations?page=0&page_size=9999', { token });
  t.equal(bad.status, 400);
});

t.test('the superadmin adds users to an organization; e-mails are unique platform-wide', async (t) => {
  const org = (await p.api('POST', '/superadmin/organizations', { token, body: { name: 'Warehouse' } })).body;
  const add = await p.api('POST', `/superadmin/organizations/${org.id}/users`, {
    token,
    body: { email: 'keeper@warehouse.example', password: 'keeper-password', role: 'owner' },
  });
  t.equal(add.status, 201);
  t.notOk('password_hash' in add.body);
  const again = await p.api('POST', `/superadmin/organizations/${org.id}/users`, {
    token,
    body: { email: 'KEEPER@warehouse.example', password: 'keeper-password', role: 'viewer' },
  });
  t.equal(again.status, 409);
  t.equal(again.body.error.code, 'email_taken');
  t.notMatch(JSON.stringify(again.body), /keeper@/i, 'the address is not echoed back');
  const users = await p.api('GET', `/superadmin/organizations/${org.id}/users`, { token });
  t.equal(users.body.length, 1);
  const missing = await p.api('POST', '/superadmin/organizations/999999/users', {
    token,
    body: { email: 'x@y.example', password: 'whatever-123', role: 'owner' },
  });
  t.equal(missing.status, 404);
  t.equal(missing.body.error.code, 'organization_not_found');
});

t.test('deleting an organization removes its users and unbinds its devices', async (t) => {
  const org = (await p.api('POST', '/superadmin/organizations', {
    token,
    body: { name: 'Short-lived', owner: { email: 'gone@short.example', password: 'gone-password' } },
  })).body;
  const device = (await p.api('POST', '/superadmin/devices', { token, body: { mac: '02:00:00:00:0d:01', organization_id: org.id } })).body;
  const heard: string[] = [];
  const off = p.platform.bus.on('device.changed', (e) => heard.push(`${e.mac}:${e.change}`));
  t.teardown(off);
  t.equal((await p.api('DELETE', `/superadmin/organizations/${org.id}`, { token })).status, 204);
  t.equal((await p.api('GET', `/superadmin/organizations/${org.id}`, { token })).status, 404);
  const after = await p.api('GET', `/superadmin/devices/${device.device.id}`, { token });
  t.equal(after.body.organization_id, null);
  t.same(heard, ['02:00:00:00:0d:01:unbound'], 'the broker is told the device lost its organization');
  const login = await p.api('POST', '/auth/login', { body: { email: 'gone@short.example', password: 'gone-password' } });
  t.equal(login.status, 401);
});

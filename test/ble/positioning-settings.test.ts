import t from 'tap';
import { startTestPlatform } from '../helpers/platform.ts';

// issue 10: "all parameters per organization with documented defaults" — read and set through the API.
const p = await startTestPlatform(t, { BLE_PATH_LOSS_EXPONENT: '2.7' });
const admin = await p.adminToken();

async function organization(name: string, email: string) {
  const org = (await p.api('POST', '/superadmin/organizations', {
    token: admin,
    body: { name, status: 'active', products: ['ble'], owner: { email, password: 'owner-password-1' } },
  })).body;
  return { org, token: await p.login(email, 'owner-password-1') };
}
const shop = await organization('Shop', 'owner@positioning.example');
const rival = await organization('Rival', 'owner@rival-positioning.example');
async function member(role: string, email: string, grants?: Array<{ location_id: number; access: 'read' | 'write' }>) {
  const user = (await p.api('POST', '/client/users', { token: shop.token, body: { email, password: 'member-password-1', role } })).body;
  if (grants) await p.api('PATCH', `/client/users/${user.id}`, { token: shop.token, body: { grants } });
  return p.login(email, 'member-password-1');
}

t.test('an organization starts on the installation defaults and overrides only the keys it sets', async (t) => {
  const start = await p.api('GET', '/client/ble/positioning', { token: shop.token });
  t.equal(start.status, 200);
  t.same(start.body.overrides, {});
  t.equal(start.body.defaults.path_loss_exponent, 2.7, 'BLE_PATH_LOSS_EXPONENT');
  t.same(start.body.effective, start.body.defaults);

  const set = await p.api('PUT', '/client/ble/positioning', { token: shop.token, body: { path_loss_exponent: 3.2, zone_fixes_any: 10 } });
  t.equal(set.status, 200, JSON.stringify(set.body));
  t.same(set.body.overrides, { path_loss_exponent: 3.2, zone_fixes_any: 10 });
  t.match(set.body.effective, { path_loss_exponent: 3.2, zone_fixes_any: 10, fix_interval_ms: start.body.defaults.fix_interval_ms });
  t.same((await p.api('GET', '/client/ble/positioning', { token: rival.token })).body.overrides, {}, 'another organization is untouched');

  const reset = await p.api('PUT', '/client/ble/positioning', { token: shop.token, body: {} });
  t.same(reset.body.effective, start.body.defaults, '{} returns to the defaults');
});

t.test('bad parameters are refused by name, and nothing is stored', async (t) => {
  await p.api('PUT', '/client/ble/positioning', { token: shop.token, body: { max_speed_mps: 3 } });
  for (const body of [{ path_loss_exponent: 9 }, { fix_interval_ms: 'soon' }, { no_such_key: 1 }, { zone_fixes_any: 1.5 }]) {
    const res = await p.api('PUT', '/client/ble/positioning', { token: shop.token, body });
    t.equal(res.status, 400, JSON.stringify(body));
    t.equal(res.body.error.code, 'validation_failed');
    t.ok(res.body.error.details.length > 0, 'the offending field is named');
  }
  t.same((await p.api('GET', '/client/ble/positioning', { token: shop.token })).body.overrides, { max_speed_mps: 3 });
});

t.test('the matrix decides who changes them; a user limited to some locations cannot change what applies to all', async (t) => {
  const location = (await p.api('POST', '/client/ble/locations', { token: shop.token, body: { name: 'Склад №3', timezone: 'Europe/Moscow' } })).body;
  const viewer = await member('viewer', 'viewer@positioning.example', [{ location_id: location.id, access: 'read' }]);
  const operator = await member('operator', 'operator@positioning.example', [{ location_id: location.id, access: 'write' }]);
  const adminUser = await member('admin', 'admin@positioning.example');
  t.equal((await p.api('GET', '/client/ble/positioning', { token: viewer })).status, 200, 'anyone may read them');
  t.same([(await p.api('PUT', '/client/ble/positioning', { token: viewer, body: {} })).body.error.code], ['forbidden'], 'viewer: role');
  t.same((await p.api('PUT', '/client/ble/positioning', { token: operator, body: {} })).body.error.code, 'all_locations_required');
  t.equal((await p.api('PUT', '/client/ble/positioning', { token: adminUser, body: { max_speed_mps: 2.5 } })).status, 200);
  const [row] = await p.platform.pg.db('audit_log').where({ action: 'ble.positioning.update' }).orderBy('id', 'desc').limit(1);
  t.match(row, { user_email: 'admin@positioning.example' });
  t.match(JSON.stringify(row.before) + JSON.stringify(row.after), /max_speed_mps/, 'before → after recorded');
});

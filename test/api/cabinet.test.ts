import t from 'tap';
import { localDate, zonedMidnight, type LocalDate } from '../../core/time-zones.ts';
import { startTestPlatform } from '../helpers/platform.ts';

// Issue 17's API side: HTTP-bridge presence, the Blocked filter, coded validation details, the profile's
// sessions (its password change: test/accounts/passwords.test.ts), support managing an organization's users,
// clients configuring their receivers, and the WiFi dashboard's comparison, hour-of-week heatmap and receivers CSV.

const p = await startTestPlatform(t, { INGEST_MAX_EVENT_AGE_DAYS: '30' });
const admin = await p.adminToken();
const TZ = 'Europe/Moscow';
const OWNER = { email: 'owner@cab.test', password: 'cabinet-owner-1' };

const org = (await p.api('POST', '/superadmin/organizations', {
  token: admin,
  body: { name: 'Cabinet Co', status: 'active', products: ['wifi'], timezone: TZ, owner: OWNER },
})).body;
const other = (await p.api('POST', '/superadmin/organizations', {
  token: admin,
  body: { name: 'Other Co', status: 'active', products: ['wifi'], owner: { email: 'owner@other.test', password: 'other-owner-1' } },
})).body;
const owner = await p.login(OWNER.email, OWNER.password);
const viewer = (await p.api('POST', '/client/users', { token: owner, body: { email: 'viewer@cab.test', password: 'cabinet-viewer-1', role: 'viewer' } })).body;
const operator = (await p.api('POST', '/client/users', { token: owner, body: { email: 'operator@cab.test', password: 'cabinet-operator-1', role: 'operator' } })).body;
const created = (await p.api('POST', '/superadmin/devices', { token: admin, body: { mac: '0a:17:00:00:00:01', organization_id: org.id } })).body;
const device = created.device;
const foreignDevice = (await p.api('POST', '/superadmin/devices', { token: admin, body: { mac: '0a:17:00:00:00:02', organization_id: other.id } })).body.device;

t.test('a receiver posting over the HTTP bridge is online (via http) while it posts, not "Offline, seen 2 s ago"', async (t) => {
  const before = await p.api('GET', `/superadmin/devices/${device.id}`, { token: admin });
  t.match(before.body, { online: false, connection: null });
  const posted = await p.api('POST', '/wifi', { headers: { authorization: `Bearer ${created.token}` }, body: [{ mac: '3c:22:fb:00:00:09', rssi: -60, ts: Date.now() }] });
  t.equal(posted.status, 200);
  const after = await p.api('GET', `/superadmin/devices/${device.id}`, { token: admin });
  t.match(after.body, { online: true, connection: 'http' });
  t.ok(after.body.last_seen_at);
  const online = await p.api('GET', `/superadmin/devices?online=true`, { token: admin });
  t.same(online.body.items.map((d: { id: number }) => d.id), [device.id], 'the online filter agrees');
  const overview = await p.api('GET', '/client/overview', { token: owner });
  t.match(overview.body.devices, { online: 1, offline: 0 });
  const mine = await p.api('GET', `/client/devices/${device.id}`, { token: owner });
  t.match(mine.body, { online: true, connection: 'http' });

  await p.api('PATCH', `/superadmin/devices/${device.id}`, { token: admin, body: { status: 'blocked' } });
  const blocked = await p.api('GET', `/superadmin/devices/${device.id}`, { token: admin });
  t.match(blocked.body, { online: false, connection: null }, 'a blocked device is offline at once');
});

t.test('the superadmin filters devices by the Blocked status', async (t) => {
  const blocked = await p.api('GET', '/superadmin/devices?status=blocked', { token: admin });
  t.same(blocked.body.items.map((d: { id: number }) => d.id), [device.id]);
  const active = await p.api('GET', '/superadmin/devices?status=active', { token: admin });
  t.same(active.body.items.map((d: { id: number }) => d.id), [foreignDevice.id]);
  const bad = await p.api('GET', '/superadmin/devices?status=gone', { token: admin });
  t.equal(bad.status, 400);
  await p.api('PATCH', `/superadmin/devices/${device.id}`, { token: admin, body: { status: 'active' } });
});

t.test('validation details carry a code and bounds, so the UI can word them in its own language', async (t) => {
  const res = await p.api('PATCH', `/superadmin/organizations/${org.id}`, { token: admin, body: { name: '', timezone: 'Mars/Olympus' } });
  t.equal(res.status, 400);
  t.equal(res.body.error.code, 'validation_failed');
  const byPath = Object.fromEntries(res.body.error.details.map((d: { path: string }) => [d.path, d]));
  t.match(byPath.name, { in: 'body', code: 'too_small', minimum: 1 });
  t.match(byPath.timezone, { in: 'body', code: 'custom' });
});

t.test('a user lists their sessions and signs another one out', async (t) => {
  const here = await p.login(operator.email, 'cabinet-operator-1');
  const elsewhere = await p.login(operator.email, 'cabinet-operator-1');
  const sessions = await p.api('GET', '/auth/sessions', { token: here });
  t.equal(sessions.status, 200);
  t.equal(sessions.body.length, 2);
  t.equal(sessions.body.filter((s: { current: boolean }) => s.current).length, 1, 'this session is marked');
  const theOther = sessions.body.find((s: { current: boolean }) => !s.current);
  t.equal((await p.api('DELETE', `/auth/sessions/${theOther.id}`, { token: here })).status, 204);
  t.equal((await p.api('GET', '/auth/me', { token: elsewhere })).status, 401, 'the other browser is signed out');

  const ownerSessions = await p.api('GET', '/auth/sessions', { token: owner });
  const notMine = await p.api('DELETE', `/auth/sessions/${ownerSessions.body[0].id}`, { token: here });
  const missing = await p.api('DELETE', '/auth/sessions/00000000-0000-4000-8000-000000000000', { token: here });
  t.equal(notMine.status, 404, "someone else's session is not found");
  t.same(notMine.body, missing.body);
  t.equal((await p.api('DELETE', '/auth/sessions/not-a-uuid', { token: here })).status, 400);
});

t.test("the superadmin changes a member's role, deactivates them and sets a new password", async (t) => {
  const role = await p.api('PATCH', `/superadmin/organizations/${org.id}/users/${viewer.id}`, { token: admin, body: { role: 'manager' } });
  t.equal(role.status, 200);
  t.equal(role.body.role, 'manager');
  const reset = await p.api('POST', `/superadmin/organizations/${org.id}/users/${viewer.id}/password`, { token: admin, body: { password: 'support-set-pass-1' } });
  t.equal(reset.status, 204);
  t.ok(await p.login(viewer.email, 'support-set-pass-1'), 'the new password works');
  const weak = await p.api('POST', `/superadmin/organizations/${org.id}/users/${viewer.id}/password`, { token: admin, body: { password: 'x' } });
  t.equal(weak.status, 400);
  const foreign = await p.api('PATCH', `/superadmin/organizations/${other.id}/users/${viewer.id}`, { token: admin, body: { active: false } });
  t.equal(foreign.status, 404, 'a user of another organization is not found under this one');
  const off = await p.api('PATCH', `/superadmin/organizations/${org.id}/users/${viewer.id}`, { token: admin, body: { active: false, role: 'viewer' } });
  t.match(off.body, { active: false, role: 'viewer' });
  const asMember = await p.api('PATCH', `/superadmin/organizations/${org.id}/users/${viewer.id}`, { token: owner, body: { active: true } });
  t.equal(asMember.status, 403);
  await p.api('PATCH', `/superadmin/organizations/${org.id}/users/${viewer.id}`, { token: admin, body: { active: true } });
});

t.test('a client with the right renames its receiver, keeps notes and changes its config; others may not', async (t) => {
  const opToken = await p.login(operator.email, 'cabinet-operator-1');
  const renamed = await p.api('PATCH', `/client/devices/${device.id}`, { token: opToken, body: { name: 'Entrance', notes: 'Above the door, 2nd floor' } });
  t.equal(renamed.status, 200);
  t.match(renamed.body, { name: 'Entrance', notes: 'Above the door, 2nd floor' });
  const before = renamed.body.config.desired_version;
  const config = await p.api('PUT', `/client/devices/${device.id}/config`, { token: opToken, body: { overrides: { wifi: { monitor_enabled: true } } } });
  t.equal(config.status, 200);
  t.equal(config.body.config.desired_version, before + 1);
  t.equal(config.body.config.merged.wifi.monitor_enabled, true);

  const viewerToken = await p.login(viewer.email, 'support-set-pass-1');
  t.equal((await p.api('PATCH', `/client/devices/${device.id}`, { token: viewerToken, body: { name: 'x' } })).status, 403, 'a viewer only looks');
  t.equal((await p.api('PUT', `/client/devices/${device.id}/config`, { token: viewerToken, body: { overrides: {} } })).status, 403);
  const foreign = await p.api('PATCH', `/client/devices/${foreignDevice.id}`, { token: opToken, body: { name: 'mine now' } });
  const missing = await p.api('PATCH', '/client/devices/999999', { token: opToken, body: { name: 'mine now' } });
  t.equal(foreign.status, 404);
  t.same(foreign.body, missing.body, "another tenant's receiver is not found");
  t.equal((await p.api('PUT', `/client/devices/${foreignDevice.id}/config`, { token: opToken, body: { overrides: {} } })).status, 404);
  const untouched = await p.api('GET', `/superadmin/devices/${foreignDevice.id}`, { token: admin });
  t.equal(untouched.body.name, '');
  t.equal((await p.api('PATCH', `/client/devices/${device.id}`, { token: opToken, body: { notes: 'x'.repeat(2001) } })).status, 400);
});

t.test('4. device config overrides are checked against the products’ schemas before a version is made', async (t) => {
  const before = (await p.api('GET', `/superadmin/devices/${device.id}`, { token: admin })).body.config;
  const res = await p.api('PUT', `/superadmin/devices/${device.id}/config`, { token: admin, body: { overrides: { ble: { batch_interval_ms: 'fast' }, foo: 1 } } });
  t.equal(res.status, 400);
  t.equal(res.body.error.code, 'validation_failed');
  t.match(res.body.error.details, [
    { in: 'body', path: 'overrides.ble.batch_interval_ms', code: 'invalid_type' },
    { in: 'body', path: 'overrides.foo', code: 'unrecognized_keys' },
  ]);
  const range = await p.api('PUT', `/superadmin/devices/${device.id}/config`, { token: admin, body: { overrides: { ble: { batch_interval_ms: 5, colour: 'red' } } } });
  t.match(range.body.error.details, [
    { path: 'overrides.ble.batch_interval_ms', code: 'too_small', minimum: 100 },
    { path: 'overrides.ble.colour', code: 'unrecognized_keys' },
  ]);
  const asClient = await p.api('PUT', `/client/devices/${device.id}/config`, { token: owner, body: { overrides: { wifi: { monitor_enabled: 'yes' } } } });
  t.equal(asClient.status, 400, 'the same rules for a client');
  const after = (await p.api('GET', `/superadmin/devices/${device.id}`, { token: admin })).body.config;
  t.equal(after.desired_version, before.desired_version, 'no new version was made');
  t.same(after.overrides, before.overrides);
  t.match(after.schema.ble, { type: 'object', properties: { batch_interval_ms: { type: 'integer', minimum: 100 } }, additionalProperties: false }, 'the schema is served for forms');
  const ok = await p.api('PUT', `/superadmin/devices/${device.id}/config`, { token: admin, body: { overrides: { ble: { batch_interval_ms: 1000 }, wifi: { monitor_enabled: true } } } });
  t.equal(ok.status, 200);
  t.equal(ok.body.config.desired_version, before.desired_version + 1);
});

t.test('the platform\'s own config section (the tunnel\'s allowed ports) is checked like a product\'s', async (t) => {
  const bad = await p.api('PUT', `/superadmin/devices/${device.id}/config`, { token: admin, body: { overrides: { tunnel: { ports: [22, 'http'], shell: true } } } });
  t.equal(bad.status, 400);
  t.match(bad.body.error.details, [{ path: 'overrides.tunnel.ports.1', code: 'invalid_type' }, { path: 'overrides.tunnel.shell', code: 'unrecognized_keys' }]);
  const { overrides } = (await p.api('GET', `/superadmin/devices/${device.id}`, { token: admin })).body.config;
  const ok = await p.api('PUT', `/superadmin/devices/${device.id}/config`, { token: admin, body: { overrides: { ...overrides, tunnel: { ports: [22, 80, 8080] } } } });
  t.equal(ok.status, 200);
  t.same(ok.body.config.merged.tunnel, { ports: [22, 80, 8080] });
});

t.test('the WiFi summary compares with the previous period; the heatmap and the receivers CSV follow the period', async (t) => {
  const today = localDate(new Date(), TZ);
  const day = (offset: number): LocalDate => ({ ...today, day: today.day + offset });
  const at = (d: LocalDate, hh: number, mm = 0) => zonedMidnight(d, TZ).getTime() + (hh * 60 + mm) * 60_000;
  async function visit(mac: string, d: LocalDate, hh: number, minutes: number) {
    const events = [];
    for (let m = 0; m <= minutes; m++) events.push({ mac, rssi: -55, ts: at(d, hh, m) });
    const result = await p.platform.api.ingest.submit({ deviceId: device.id, mac: device.mac, organizationId: org.id, products: ['wifi' as const] }, 'wifi', Buffer.from(JSON.stringify(events)));
    if (result.stored !== events.length) throw new Error('not stored');
  }
  await visit('3c:22:fb:00:01:01', day(-1), 10, 20); // this week: two visitors
  await visit('3c:22:fb:00:01:02', day(-2), 11, 20);
  await visit('3c:22:fb:00:01:03', day(-8), 10, 20); // the week before: three
  await visit('3c:22:fb:00:01:04', day(-9), 10, 20);
  await visit('3c:22:fb:00:01:05', day(-10), 10, 20);
  await p.platform.products.settle();

  const s = (await p.api('GET', '/client/wifi/summary?period=week&compare=previous', { token: owner })).body;
  t.equal(s.visitors.total, 2);
  const first = (d: LocalDate) => new Date(Date.UTC(d.year, d.month - 1, d.day)).toISOString().slice(0, 10);
  t.match(s.comparison.period, { first_day: first(day(-13)), last_day: first(day(-7)) }, 'the previous 7 days');
  t.same(s.comparison.changes.visitors, { previous: 3, change: -1, ratio: -1 / 3 });
  t.equal(s.comparison.changes.events.previous, 63);
  const plain = (await p.api('GET', '/client/wifi/summary?period=week', { token: owner })).body;
  t.notOk('comparison' in plain, 'no comparison unless asked');
  t.equal((await p.api('GET', '/client/wifi/summary?compare=next', { token: owner })).status, 400);

  const heat = (await p.api('GET', '/client/wifi/heatmap?period=week', { token: owner })).body;
  t.equal(heat.cells.length, 7 * 24);
  const weekday = (d: LocalDate) => ((new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7) + 1;
  const cell = heat.cells.find((c: { weekday: number; hour: number }) => c.weekday === weekday(day(-1)) && c.hour === 10);
  t.match(cell, { days: 1, uniques: 1, visitors: 1 }, 'a visit at 10:00 local time lands on its weekday and hour');
  // The two visits above and the probe the bridge test posted today.
  t.equal(heat.cells.reduce((n: number, c: { uniques: number; days: number }) => n + c.uniques * c.days, 0), 3);

  await p.api('PATCH', `/client/devices/${device.id}`, { token: owner, body: { name: '=HYPERLINK("x")' } });
  const csv = await p.api('GET', '/client/wifi/receivers.csv?period=week', { token: owner });
  t.equal(csv.status, 200);
  t.match(csv.headers.get('content-type'), /^text\/csv/);
  t.match(csv.headers.get('content-disposition'), /^attachment; filename="?wifi-receivers-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"?$/);
  const lines = (csv.body as string).trim().split('\r\n');
  t.equal(lines[0], 'receiver,name,status,monitoring,events,devices_heard');
  t.match(lines[1], new RegExp(`^"Receiver #${device.simple_id}","'=HYPERLINK\\(""x""\\)",(online|offline),true,43,3$`), 'a formula-like name is defused; quotes doubled');

  const receivers = (await p.api('GET', '/client/wifi/receivers?period=week', { token: owner })).body.receivers;
  t.equal(receivers[0].monitoring, true, 'monitor mode comes from the merged config');
});

t.test('a custom WiFi period may not end in the future', async (t) => {
  const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const res = await p.api('GET', `/client/wifi/summary?period=custom&from=2026-01-01&to=${tomorrow}`, { token: owner });
  t.equal(res.status, 400);
  t.equal(res.body.error.code, 'period_in_future');
});

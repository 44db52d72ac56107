import t from 'tap';
import { defaultDeviceConfig } from '../../core/device-config.ts';
import type { PlatformEvents } from '../../core/bus.ts';
import { putSetting } from '../../db/repositories/settings.ts';
import { findDeviceByMac, updateDevice } from '../../db/repositories/devices.ts';
import { insertOrganization } from '../../db/repositories/organizations.ts';
import { createDevice } from '../../api/services/devices.ts';
import { getAutoRegistration } from '../../api/services/settings.ts';
import { startTestPlatform } from '../helpers/platform.ts';

const p = await startTestPlatform(t, { REGISTRATIONS_PER_MINUTE_PER_IP: '3' });
const db = () => p.platform.pg.db;
const deps = () => ({ db: db(), ch: p.platform.clickhouse.ch, bus: p.platform.bus });
const setAutoRegistration = (enabled: boolean) => putSetting(db(), 'auto_registration', { enabled, last_device_at: null });
const changes: Array<PlatformEvents['device.changed']> = [];
p.platform.bus.on('device.changed', (e) => changes.push(e));

const register = (body: unknown) => p.api('POST', '/registration', { body });
const config = (mac: string, token?: string) => p.api('GET', `/config?device_id=${encodeURIComponent(mac)}`, { token });

t.test('an unknown device is refused while auto-registration is off', async (t) => {
  await setAutoRegistration(false);
  const res = await register({ mac: '38:54:39:4b:1b:ac' });
  t.equal(res.status, 403);
  t.equal(res.body.error.code, 'auto_registration_disabled');
  t.match(res.body.error.message, /pre-register/);
  t.notOk(await findDeviceByMac(db(), '38:54:39:4b:1b:ac'), 'nothing was created');
});

t.test('with auto-registration on, a new device gets a token and an 8-digit password', async (t) => {
  await setAutoRegistration(true);
  changes.length = 0;
  const res = await register({ mac: '38-54-39-4B-1B-AC' });
  t.equal(res.status, 200);
  t.equal(res.body.device_id, '38:54:39:4b:1b:ac', 'MAC is normalized');
  t.ok(Number.isInteger(res.body.simple_id) && res.body.simple_id > 0);
  t.match(res.body.device_token, /^[A-Za-z0-9+/]{43}=$/, '32 random bytes, base64');
  t.match(res.body.device_password, /^\d{8}$/);
  t.same(changes, [{ deviceId: (await findDeviceByMac(db(), '38:54:39:4b:1b:ac'))!.id, mac: '38:54:39:4b:1b:ac', change: 'registered' }]);
  const setting = await getAutoRegistration(db());
  t.equal(setting.enabled, true, 'the stamp keeps the flag');
  t.ok(setting.last_device_at && Date.now() - Date.parse(setting.last_device_at) < 60_000, 'last_device_at updated');

  const cfg = await config('38:54:39:4b:1b:ac', res.body.device_token);
  t.equal(cfg.status, 200, 'the token works at once');
});

t.test('the prototype field name device_id is accepted too', async (t) => {
  const res = await register({ device_id: 'aabbccddee01' });
  t.equal(res.status, 200);
  t.equal(res.body.device_id, 'aa:bb:cc:dd:ee:01');
});

t.test('re-registration of an unbound device rotates its token while auto-registration is on', async (t) => {
  const first = await register({ mac: 'aa:bb:cc:dd:ee:02' });
  t.equal((await config('aa:bb:cc:dd:ee:02', first.body.device_token)).status, 200, 'seen once');
  changes.length = 0;
  const second = await register({ mac: 'aa:bb:cc:dd:ee:02' });
  t.equal(second.status, 200);
  t.not(second.body.device_token, first.body.device_token);
  t.equal(second.body.device_password, first.body.device_password, 'the dashboard password stays');
  t.equal(second.body.simple_id, first.body.simple_id);
  t.equal(changes[0]?.change, 'token_rotated');
  t.equal((await config('aa:bb:cc:dd:ee:02', first.body.device_token)).status, 401, 'old token stops working');
  t.equal((await config('aa:bb:cc:dd:ee:02', second.body.device_token)).status, 200);

  await setAutoRegistration(false);
  const refused = await register({ mac: 'aa:bb:cc:dd:ee:02' });
  t.equal(refused.status, 409, 'a device that was seen keeps its token once auto-registration is off');
  t.equal(refused.body.error.code, 'device_already_registered');
  t.equal((await config('aa:bb:cc:dd:ee:02', second.body.device_token)).status, 200, 'and its token still works');
  await setAutoRegistration(true);
});

t.test('a bound device in service cannot be taken over by re-registering its MAC', async (t) => {
  const first = await register({ mac: 'aa:bb:cc:dd:ee:03' });
  await config('aa:bb:cc:dd:ee:03', first.body.device_token);
  const org = await insertOrganization(db(), { name: 'Bound Org' });
  await updateDevice(db(), (await findDeviceByMac(db(), 'aa:bb:cc:dd:ee:03'))!.id, { organization_id: org.id });
  const res = await register({ mac: 'aa:bb:cc:dd:ee:03' });
  t.equal(res.status, 409);
  t.equal(res.body.error.code, 'device_already_registered');
  t.match(res.body.error.message, /superadmin/);
  t.equal((await config('aa:bb:cc:dd:ee:03', first.body.device_token)).status, 200, 'token unchanged');
});

t.test('a pre-registered device claims its credentials even with auto-registration off', async (t) => {
  await setAutoRegistration(false);
  const org = await insertOrganization(db(), { name: 'Claim Org' });
  const pre = await createDevice(deps(), { mac: 'aa:bb:cc:dd:ee:04', name: 'Entrance', organization_id: org.id });
  t.equal(pre.device.mac, 'aa:bb:cc:dd:ee:04');
  t.equal(pre.device.organization_id, org.id);
  const res = await register({ mac: 'aa:bb:cc:dd:ee:04' });
  t.equal(res.status, 200);
  t.equal(res.body.device_password, pre.devicePassword);
  t.not(res.body.device_token, pre.token, 'the device gets a token of its own');
  t.equal((await config('aa:bb:cc:dd:ee:04', res.body.device_token)).status, 200);
  t.equal((await register({ mac: 'aa:bb:cc:dd:ee:04' })).status, 409, 'once seen, a second claim is refused');
  await setAutoRegistration(true);
});

t.test('a blocked device is refused', async (t) => {
  const res = await register({ mac: 'aa:bb:cc:dd:ee:06' });
  await updateDevice(db(), (await findDeviceByMac(db(), 'aa:bb:cc:dd:ee:06'))!.id, { status: 'blocked' });
  const again = await register({ mac: 'aa:bb:cc:dd:ee:06' });
  t.equal(again.status, 403);
  t.equal(again.body.error.code, 'device_blocked');
  const cfg = await config('aa:bb:cc:dd:ee:06', res.body.device_token);
  t.equal(cfg.status, 403);
  t.equal(cfg.body.error.code, 'device_blocked');
});

t.test('bad registration bodies get clear JSON errors', async (t) => {
  for (const body of [{}, { mac: 42 }, { mac: '' }, { mac: null }, []]) {
    const res = await register(body);
    t.equal(res.status, 400, JSON.stringify(body));
    t.equal(res.body.error.code, 'validation_failed');
  }
  const bad = await register({ mac: 'not-a-mac' });
  t.equal(bad.status, 400);
  t.match(bad.body.error.message, /Invalid MAC address/);
  const malformed = await register('{"mac":');
  t.equal(malformed.status, 400);
  t.equal(malformed.body.error.code, 'malformed_json');
});

t.test('GET /config answers the merged config with its version for the right token only', async (t) => {
  const a = await register({ mac: 'aa:bb:cc:dd:ee:10' });
  const b = await register({ mac: 'aa:bb:cc:dd:ee:11' });
  const device = (await findDeviceByMac(db(), 'aa:bb:cc:dd:ee:10'))!;
  await updateDevice(db(), device.id, { config_overrides: { wifi: { monitor_enabled: true } }, config_version: 3 });

  const ok = await config('AA:BB:CC:DD:EE:10', a.body.device_token);
  t.equal(ok.status, 200);
  // Every registered product's defaults, with the override on top.
  t.same(ok.body, { ...defaultDeviceConfig(), ble: { enabled: true, batch_interval_ms: 2500 }, wifi: { monitor_enabled: true }, version: 3 });

  const none = await config('aa:bb:cc:dd:ee:10');
  t.equal(none.status, 401);
  t.equal(none.body.error.code, 'device_token_missing');
  const wrong = await config('aa:bb:cc:dd:ee:10', 'x'.repeat(43) + '=');
  t.equal(wrong.status, 401);
  t.equal(wrong.body.error.code, 'device_token_invalid');
  const foreign = await config('aa:bb:cc:dd:ee:10', b.body.device_token);
  t.equal(foreign.status, 401, "another device's token is refused");
  t.equal(foreign.body.error.code, 'device_token_invalid');
  const unknown = await config('aa:bb:cc:dd:ee:99', a.body.device_token);
  t.equal(unknown.status, 401, 'an unknown MAC answers like a wrong token');
  t.equal(unknown.body.error.code, 'device_token_invalid');
  const missing = await p.api('GET', '/config', { token: a.body.device_token });
  t.equal(missing.status, 400);
  t.equal(missing.body.error.code, 'validation_failed');
  const badMac = await config('zz', a.body.device_token);
  t.equal(badMac.status, 400);
});

t.test('registration is rate-limited per client address (loopback tooling is exempt)', async (t) => {
  await setAutoRegistration(false);
  const from = (ip: string) => p.api('POST', '/registration', { body: { mac: '0a:99:00:00:00:01' }, headers: { 'x-forwarded-for': ip } });
  for (let i = 0; i < 3; i++) t.equal((await from('203.0.113.7')).status, 403, 'refused on its merits while under the limit');
  const limited = await from('203.0.113.7');
  t.equal(limited.status, 429);
  t.equal(limited.body.error.code, 'too_many_requests');
  t.equal((await from('198.51.100.2')).status, 403, 'another address is not affected');
  for (let i = 0; i < 5; i++) t.equal((await register({ mac: '0a:99:00:00:00:02' })).status, 403, 'loopback is not limited');
});

t.test('the legacy endpoints are in the OpenAPI document with the device token scheme', async (t) => {
  const doc = (await p.api('GET', '/openapi.json')).body;
  t.ok(doc.paths['/registration'].post);
  t.same(doc.paths['/registration'].post.security, []);
  for (const path of ['/config', '/ble', '/wifi']) {
    const op = doc.paths[path].get ?? doc.paths[path].post;
    t.same(op.security, [{ device: [] }], path);
  }
});

// Review finding: broadcast, all-zero and multicast addresses were registered as devices.
t.test('a MAC no network card can have (broadcast, all-zero, multicast) is refused at registration', async (t) => {
  await setAutoRegistration(true);
  for (const mac of ['ff:ff:ff:ff:ff:ff', '00:00:00:00:00:00', '01:00:5e:00:00:fb', '33:33:00:00:00:01', '0b:12:34:56:78:9a']) {
    const res = await register({ mac });
    t.equal(res.status, 400, mac);
    t.equal(res.body.error.code, 'validation_failed', mac);
    t.notOk(await findDeviceByMac(db(), mac), `${mac} was not created`);
  }
  const admin = await p.adminToken();
  const preRegistered = await p.api('POST', '/superadmin/devices', { token: admin, body: { mac: 'FF-FF-FF-FF-FF-FF' } });
  t.equal(preRegistered.status, 400, 'nor can the superadmin pre-register one');
  t.equal((await register({ mac: '02:00:00:00:00:01' })).status, 200, 'a locally administered unicast MAC is fine');
});

import t, { type Test } from 'tap';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';

// Review findings: unchecked input reached PostgreSQL (NUL in text, ids beyond int4) or a recursive
// JSON.stringify (overrides nested 10,000 deep) and was answered 500 internal_error with an error log.
const p: TestPlatform = await startTestPlatform(t);
const admin = await p.adminToken();
const org = (await p.api('POST', '/superadmin/organizations', {
  token: admin,
  body: { name: 'Bounds', status: 'active', products: ['wifi'], owner: { email: 'owner@bounds.example', password: 'bounds-owner-pw' } },
})).body;
const owner = await p.login('owner@bounds.example', 'bounds-owner-pw');
const device = (await p.api('POST', '/superadmin/devices', { token: admin, body: { mac: '0a:dd:00:00:00:01', organization_id: org.id } })).body.device;

const refused = (t: Test, res: { status: number; body: { error?: { code: string } } }, what: string) => {
  t.equal(res.status, 400, `${what}: 400`);
  t.equal(res.body.error?.code, 'validation_failed', `${what}: validation_failed`);
};

t.test('a NUL character in any string input is refused with 400 validation_failed', async (t) => {
  refused(t, await p.api('GET', '/client/devices?q=%00', { token: owner }), 'query');
  refused(t, await p.api('PATCH', '/auth/me', { token: owner, body: { name: 'a\u0000b' } }), 'body');
  refused(t, await p.api('PATCH', `/superadmin/devices/${device.id}`, { token: admin, body: { name: 'gate\u0000' } }), 'device name');
  refused(t, await p.api('PUT', `/superadmin/devices/${device.id}/config`, { token: admin, body: { overrides: { 'k\u0000': 1 } } }), 'a key');
  t.equal((await p.api('PATCH', '/auth/me', { token: owner, body: { name: 'Ann' } })).status, 200, 'a clean name still works');
});

t.test('ids beyond PostgreSQL integer are refused with 400, in paths, queries and bodies', async (t) => {
  refused(t, await p.api('GET', '/client/devices/2147483648', { token: owner }), 'client path id');
  refused(t, await p.api('GET', '/superadmin/devices/99999999999', { token: admin }), 'superadmin path id');
  refused(t, await p.api('GET', '/superadmin/devices?organization_id=99999999999', { token: admin }), 'organization_id query');
  refused(t, await p.api('GET', '/superadmin/devices?simple_id=99999999999', { token: admin }), 'simple_id query');
  refused(t, await p.api('PATCH', `/superadmin/devices/${device.id}`, { token: admin, body: { organization_id: 2 ** 31 } }), 'organization_id body');
  t.equal((await p.api('GET', '/client/devices/2147483647', { token: owner })).status, 404, 'the largest int is a plain miss');
});

t.test('config overrides are bounded in depth as well as size', async (t) => {
  // Sent as text: the test's own JSON.stringify would overflow on the deepest.
  const nested = (depth: number) => `{"overrides":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
  for (const depth of [10_000, 3_000, 17]) {
    refused(t, await p.api('PUT', `/superadmin/devices/${device.id}/config`, { token: admin, body: nested(depth) }), `${depth} deep`);
  }
  // 16 levels pass the depth bound and are then judged by the products' config schemas (issue 17): "a" is no section.
  const deepest = await p.api('PUT', `/superadmin/devices/${device.id}/config`, { token: admin, body: nested(16) });
  t.equal(deepest.status, 400);
  t.match(deepest.body.error.details, [{ path: 'overrides.a', code: 'unrecognized_keys' }], '16 levels get as far as the schema check');
  const huge = await p.api('PUT', `/superadmin/devices/${device.id}/config`, { token: admin, body: { overrides: { x: 'y'.repeat(70_000) } } });
  refused(t, huge, 'over 64 KiB');
});

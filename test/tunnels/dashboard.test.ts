import t from 'tap';
import { startTestPlatform } from '../helpers/platform.ts';
import { makeDevice } from '../broker/fixtures.ts';
import { dashboardGet, simulatedScanner, userToken } from './fixtures.ts';

const p = await startTestPlatform(t);
const db = p.platform.pg.db;

const dashGet = (url: string, path = '/', headers: Record<string, string> = {}) => dashboardGet(p, url, path, headers);

t.test("the dashboard is proxied with the platform's credentials stripped, Host rewritten and a sandboxing CSP", async (t) => {
  const scanner = await simulatedScanner(t, p);
  const res = await p.api('POST', `/superadmin/devices/${scanner.row.id}/dashboard`, { token: await p.adminToken() });
  t.equal(res.status, 200);
  t.match(res.body.url, /^http:\/\/[0-9a-f]{32}\.dashboard\.localhost:\d+\/$/);
  const page = await dashGet(res.body.url, '/', { cookie: 'mb_refresh=platform-secret', authorization: 'Bearer platform-token', referer: `${p.url}/admin` });
  t.equal(page.status, 200);
  t.match(page.body, /<h1>Scanner scanner-/);
  const csp = String(page.headers['content-security-policy']);
  t.match(csp, /^sandbox allow-scripts allow-forms/);
  t.notMatch(csp, /allow-same-origin/, 'an opaque origin');
  t.match(csp, new RegExp(`frame-ancestors ${p.url.replace(/\./g, '\\.')}`));
  t.notOk(page.headers['set-cookie'], "the device's cookie stays in the proxy's jar");
  const asset = await dashGet(res.body.url, '/static/app.js');
  t.equal(asset.status, 200, 'an absolute-path asset resolves on the dashboard host');
  const seen = scanner.services.dashboardRequests;
  t.equal(seen.length, 2);
  for (const h of seen) {
    t.notMatch(h.cookie ?? '', /platform-secret/);
    t.notOk(h.authorization);
    t.notOk(h.referer);
    t.equal(h.host, 'localhost');
  }
  t.match(seen[1]!.cookie, /^sim_session=[0-9a-f]{16}$/, 'the jar sends the device its own cookie back');
  const sessions = await p.api('GET', `/superadmin/devices/${scanner.row.id}/tunnel-sessions`, { token: await p.adminToken() });
  t.match(sessions.body.items, [{ kind: 'dashboard', user_email: 'root@test.local', ended_at: null }]);
});

t.test("an unknown dashboard host answers 404 and never reaches the platform's own routes", async (t) => {
  const res = await dashGet('http://0123456789abcdef0123456789abcdef.dashboard.localhost/', '/api/v1/health');
  t.equal(res.status, 404);
  t.match(res.headers['content-type'], /text\/plain/);
  t.notMatch(res.body, /"status"/);
});

t.test("a client opens its own device's dashboard; another organization's device is 404 like a missing one; a viewer may not", async (t) => {
  const scanner = await simulatedScanner(t, p);
  const foreign = await makeDevice(p);
  const owner = await userToken(p, 'owner', scanner.row.organization_id);
  const own = await p.api('POST', `/client/devices/${scanner.row.id}/dashboard`, { token: owner });
  t.equal(own.status, 200);
  t.equal((await dashGet(own.body.url)).status, 200);
  const other = await p.api('POST', `/client/devices/${foreign.row.id}/dashboard`, { token: owner });
  const missing = await p.api('POST', '/client/devices/999999/dashboard', { token: owner });
  t.equal(other.status, 404);
  t.same(other.body, missing.body);
  const viewer = await userToken(p, 'viewer', scanner.row.organization_id);
  t.equal((await p.api('POST', `/client/devices/${scanner.row.id}/dashboard`, { token: viewer })).status, 403);
});

t.test('the superadmin sees and closes a tunnel; closing a tunnel that is not open is 404', async (t) => {
  const scanner = await simulatedScanner(t, p);
  const admin = await p.adminToken();
  await p.api('POST', `/superadmin/devices/${scanner.row.id}/dashboard`, { token: admin });
  const status = await p.api('GET', `/superadmin/devices/${scanner.row.id}/tunnel`, { token: admin });
  t.match(status.body, { state: 'up', terminals: 0, ports: [22, 80] });
  const closed = new Promise<void>((resolve) => scanner.agent.on((e) => e === 'closed' && resolve()));
  t.equal((await p.api('DELETE', `/superadmin/devices/${scanner.row.id}/tunnel`, { token: admin })).status, 204);
  await closed;
  t.equal((await db('device_tunnels').where({ device_id: scanner.row.id }).first()).close_reason, 'closed_by_admin');
  const again = await p.api('DELETE', `/superadmin/devices/${scanner.row.id}/tunnel`, { token: admin });
  t.equal(again.status, 404);
  t.equal(again.body.error.code, 'tunnel_not_found');
});

import http from 'node:http';
import t from 'tap';
import { clientIpResolver } from '../../api/tunnels/upgrade.ts';
import { ConfigError, loadConfig } from '../../core/config.ts';
import { startTestPlatform } from '../helpers/platform.ts';
import { auditRowsAfter, lastAuditId, organizationWithOwner } from './fixtures.ts';

// The default (loopback proxies are believed) is covered in log.test.ts; here the local proxy is NOT in
// TRUSTED_PROXIES, so a client connecting from loopback cannot choose the address the log shows.

t.test('TRUSTED_PROXIES: addresses, ranges and proxy-addr names are accepted; anything else names the variable', async (t) => {
  t.same(loadConfig({ TRUSTED_PROXIES: 'loopback, 10.0.0.0/8,192.0.2.1' }).trustedProxies, ['loopback', '10.0.0.0/8', '192.0.2.1']);
  t.same(loadConfig({}).trustedProxies, ['loopback']);
  t.throws(() => loadConfig({ TRUSTED_PROXIES: 'nginx.local' }), ConfigError);
  t.throws(() => loadConfig({ TRUSTED_PROXIES: '10.0.0.0/99' }), /TRUSTED_PROXIES/);
  t.throws(() => loadConfig({ AUDIT_RETENTION_MONTHS: '0' }), /AUDIT_RETENTION_MONTHS/);
});

t.test('X-Forwarded-For from an untrusted peer is ignored: the socket address is recorded', async (t) => {
  const p = await startTestPlatform(t, { TRUSTED_PROXIES: '192.0.2.1' });
  const org = await organizationWithOwner(p, ['wifi']);
  const db = p.platform.pg.db;
  const from = await lastAuditId(db);
  const ok = await p.api('POST', '/auth/login', { body: { email: org.email, password: org.password }, headers: { 'x-forwarded-for': '198.51.100.9' } });
  t.equal(ok.status, 200);
  const bad = await p.api('POST', '/auth/login', { body: { email: org.email, password: 'nope-nope-nope' }, headers: { 'x-forwarded-for': '198.51.100.9' } });
  t.equal(bad.status, 401);
  t.match(await auditRowsAfter(db, from), [
    { kind: 'login', ip: '127.0.0.1' },
    { kind: 'login_failed', ip: '127.0.0.1' },
  ]);
});

t.test('tunnel, terminal and dashboard upgrades take the client address by the same rule', async (t) => {
  const seen: Array<[string, string]> = [];
  const [loopback, other] = [clientIpResolver(['loopback']), clientIpResolver(['192.0.2.1'])];
  const server = http.createServer((req, res) => {
    seen.push([loopback(req), other(req)]);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const { port } = server.address() as { port: number };
  await fetch(`http://127.0.0.1:${port}/`, { headers: { 'x-forwarded-for': '198.51.100.9' } });
  await fetch(`http://127.0.0.1:${port}/`);
  t.same(seen, [
    ['198.51.100.9', '127.0.0.1'],
    ['127.0.0.1', '127.0.0.1'],
  ], 'the forwarded address only behind a trusted proxy');
});

import t from 'tap';
import { recordAudit } from '../../api/services/audit/record.ts';
import { startTestPlatform } from '../helpers/platform.ts';
import { auditRowsAfter, lastAuditId, member, organizationWithOwner } from './fixtures.ts';

const p = await startTestPlatform(t);
const db = () => p.platform.pg.db;
const admin = await p.adminToken();
const org = await organizationWithOwner(p);
const UA = 'AuditTest/1.0 (Chromium)';

t.test('a login is recorded with time, IP and user agent; the IP comes from X-Forwarded-For of a trusted (loopback) proxy', async (t) => {
  const from = await lastAuditId(db());
  const res = await p.api('POST', '/auth/login', {
    body: { email: org.email, password: org.password },
    headers: { 'user-agent': UA, 'x-forwarded-for': '192.168.1.100' },
  });
  t.equal(res.status, 200);
  const [row, ...rest] = await auditRowsAfter(db(), from);
  t.equal(rest.length, 0, 'exactly one row');
  t.match(row, { kind: 'login', user_email: org.email, organization_id: org.id, ip: '192.168.1.100', user_agent: UA });
});

t.test('a failed login is recorded with the e-mail tried, IP and user agent, and the password is nowhere', async (t) => {
  const from = await lastAuditId(db());
  const wrong = 'wrong-password-42';
  const res = await p.api('POST', '/auth/login', { body: { email: org.email, password: wrong }, headers: { 'user-agent': UA } });
  t.equal(res.status, 401);
  const unknown = await p.api('POST', '/auth/login', { body: { email: 'nobody@audit.example', password: wrong } });
  t.equal(unknown.status, 401);
  const rows = await auditRowsAfter(db(), from);
  t.equal(rows.length, 2);
  t.match(rows[0], { kind: 'login_failed', user_email: org.email, organization_id: org.id, ip: '127.0.0.1', user_agent: UA });
  t.match(rows[1], { kind: 'login_failed', user_email: 'nobody@audit.example', organization_id: null, user_id: null });
  t.notMatch(JSON.stringify(rows), wrong);
});

t.test('logout is recorded', async (t) => {
  const token = await p.login(org.email, org.password);
  const from = await lastAuditId(db());
  t.equal((await p.api('POST', '/auth/logout', { token })).status, 204);
  const rows = await auditRowsAfter(db(), from);
  t.match(rows, [{ kind: 'logout', user_email: org.email }]);
});

t.test('the audit log is append-only: UPDATE and DELETE are refused by the database', async (t) => {
  const id = await lastAuditId(db());
  await t.rejects(db().raw('UPDATE audit_log SET object_label = ? WHERE id = ?', ['forged', id]), /append-only: UPDATE refused/);
  await t.rejects(db().raw('DELETE FROM audit_log WHERE id = ?', [id]), /append-only: DELETE refused/);
  await t.rejects(db().raw('TRUNCATE audit_log'), /append-only: TRUNCATE refused/);
  t.equal(await lastAuditId(db()), id);
});

t.test('a rolled-back transaction writes no audit row', async (t) => {
  const from = await lastAuditId(db());
  await t.rejects(
    db().transaction(async (trx) => {
      await recordAudit(trx, { kind: 'update', action: 'test.change', organizationId: org.id, object: { type: 'tag', id: 42 } });
      throw new Error('the change failed');
    }),
    /the change failed/,
  );
  t.same(await auditRowsAfter(db(), from), []);
});

t.test('verify passes an intact chain and names the first row altered behind the trigger\'s back', async (t) => {
  const before = await p.api('GET', '/client/audit/verify', { token: org.token });
  t.equal(before.status, 200);
  t.match(before.body, [{ chain: org.id, ok: true, first_broken: null }]);
  t.ok(before.body[0].rows_checked >= 3);

  const rows = await db()('audit_log').where({ chain: org.id }).orderBy('seq');
  const victim = rows[1];
  // A superuser can switch triggers off for the session (what an attacker with the database would do).
  await db().transaction(async (trx) => {
    await trx.raw('SET LOCAL session_replication_role = replica');
    await trx.raw('UPDATE audit_log SET object_label = ? WHERE id = ?', ['forged', victim.id]);
  });
  const after = await p.api('GET', `/superadmin/audit/verify?organization_id=${org.id}`, { token: admin });
  t.equal(after.status, 200);
  t.match(after.body, [{ chain: org.id, ok: false, first_broken: { id: victim.id, seq: victim.seq, reason: 'hash' } }]);
  const whole = await p.api('GET', '/superadmin/audit/verify', { token: admin });
  t.ok(whole.body.some((r: { chain: number; ok: boolean }) => r.chain === 0 && r.ok), 'the platform chain is intact');
  t.ok(whole.body.some((r: { chain: number; ok: boolean }) => r.chain === org.id && !r.ok));
});

t.test('verify notices the newest rows deleted and rows missing from the middle', async (t) => {
  const other = await organizationWithOwner(p);
  for (const path of ['/a', '/b', '/c']) await p.api('POST', '/audit/page-views', { token: other.token, body: { path } });
  const rows = await db()('audit_log').where({ chain: other.id }).orderBy('seq');
  await db().transaction(async (trx) => {
    await trx.raw('SET LOCAL session_replication_role = replica');
    await trx.raw('DELETE FROM audit_log WHERE id = ?', [rows.at(-1).id]);
  });
  t.match((await p.api('GET', '/client/audit/verify', { token: other.token })).body, [{ ok: false, first_broken: { reason: 'head' } }]);
  await db().transaction(async (trx) => {
    await trx.raw('SET LOCAL session_replication_role = replica');
    await trx.raw('DELETE FROM audit_log WHERE id = ?', [rows.at(-3).id]);
  });
  t.match((await p.api('GET', '/client/audit/verify', { token: other.token })).body, [{ ok: false, first_broken: { id: rows.at(-2).id, reason: 'gap' } }]);
});

t.test('secrets are redacted by key wherever they appear', async (t) => {
  const from = await lastAuditId(db());
  await recordAudit(db(), {
    kind: 'update',
    action: 'test.secret',
    organizationId: org.id,
    before: { password: 'hunter2-secret', nested: { device_token: 'tok-secret', ticket: 'tick-secret' } },
    after: { name: 'kept' },
  });
  const [row] = await auditRowsAfter(db(), from);
  t.same(row!.before, { password: '[redacted]', nested: { device_token: '[redacted]', ticket: '[redacted]' } });
  t.same(row!.after, { name: 'kept' });
});

t.test('page views: the SPA reports navigation; bad input is refused; anonymous callers are not recorded', async (t) => {
  const from = await lastAuditId(db());
  const ok = await p.api('POST', '/audit/page-views', { token: org.token, body: { path: '/ble/locations/3', label: 'Магазин на Ленина' } });
  t.equal(ok.status, 204);
  t.equal((await p.api('POST', '/audit/page-views', { token: org.token, body: { path: 'x'.repeat(301) } })).status, 400);
  t.equal((await p.api('POST', '/audit/page-views', { token: org.token, body: { path: 'a\nb' } })).status, 400);
  t.equal((await p.api('POST', '/audit/page-views', { body: { path: '/x' } })).status, 401);
  const rows = await auditRowsAfter(db(), from);
  t.match(rows, [{ kind: 'page_view', object_type: 'page', object_id: '/ble/locations/3', object_label: 'Магазин на Ленина', user_email: org.email }]);
  t.equal(rows.length, 1);
});

t.test('owner and admin read their organization\'s log in the brief\'s line format; others are refused, and the refusal is itself recorded', async (t) => {
  const adm = await member(p, org.token, 'admin');
  const manager = await member(p, org.token, 'manager');
  await p.api('POST', '/audit/page-views', { token: adm.token, body: { path: '/wifi', label: 'WiFi' } });
  const ru = await p.api('GET', '/client/audit?lang=ru&kind=page_view', { token: org.token });
  t.equal(ru.status, 200);
  t.ok(ru.body.entries.every((e: { kind: string }) => e.kind === 'page_view'));
  t.match(ru.body.entries[0].line, new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\| ${adm.email.replace(/\./g, '\\.')} \\| Переход \\| Страница "WiFi" \\(/wifi\\) \\| IP: 127\\.0\\.0\\.1$`));
  const en = await p.api('GET', '/client/audit?lang=en', { token: adm.token });
  t.equal(en.status, 200);
  t.ok(en.body.entries.every((e: { organization_id: number }) => e.organization_id === org.id), 'only its own organization');

  const from = await lastAuditId(db());
  const refused = await p.api('GET', '/client/audit', { token: manager.token });
  t.equal(refused.status, 403);
  t.match(await auditRowsAfter(db(), from), [{ kind: 'denied', action: 'forbidden', user_email: manager.email, object_id: 'GET /api/v1/client/audit' }]);
});

t.test('filters by user, action, object and date, with keyset pages', async (t) => {
  const o = await organizationWithOwner(p);
  const viewer = await member(p, o.token, 'viewer');
  for (let i = 0; i < 5; i++) await p.api('POST', '/audit/page-views', { token: viewer.token, body: { path: `/page/${i}` } });
  const byUser = await p.api('GET', `/client/audit?user=${encodeURIComponent(viewer.email)}&kind=page_view`, { token: o.token });
  t.equal(byUser.body.entries.length, 5);
  const byObject = await p.api('GET', '/client/audit?object_type=page&object_id=/page/3', { token: o.token });
  t.match(byObject.body.entries, [{ object_id: '/page/3' }]);
  t.equal(byObject.body.entries.length, 1);
  const future = await p.api('GET', `/client/audit?from=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`, { token: o.token });
  t.same(future.body.entries, []);
  const first = await p.api('GET', `/client/audit?user_id=${viewer.id}&limit=3`, { token: o.token });
  t.equal(first.body.entries.length, 3);
  t.ok(first.body.next_cursor);
  const second = await p.api('GET', `/client/audit?user_id=${viewer.id}&limit=3&cursor=${encodeURIComponent(first.body.next_cursor)}`, { token: o.token });
  t.ok(second.body.entries.length >= 2);
  t.notOk(second.body.entries.some((e: { id: number }) => first.body.entries.some((f: { id: number }) => f.id === e.id)), 'pages do not overlap');
  t.equal((await p.api('GET', '/client/audit?kind=nonsense', { token: o.token })).status, 400);
  t.equal((await p.api('GET', '/client/audit?cursor=zzz', { token: o.token })).status, 400);
  t.equal((await p.api('GET', '/client/audit?from=yesterday', { token: o.token })).status, 400);
});

t.test('CSV export streams the filtered log, defuses formulas, and is itself recorded', async (t) => {
  const o = await organizationWithOwner(p);
  await p.api('POST', '/audit/page-views', { token: o.token, body: { path: '/evil' }, headers: { 'user-agent': '=HYPERLINK("http://x","y")' } });
  const from = await lastAuditId(db());
  const res = await fetch(`${p.url}/api/v1/client/audit/export?lang=ru&kind=page_view`, { headers: { authorization: `Bearer ${o.token}` } });
  t.equal(res.status, 200);
  t.match(res.headers.get('content-type'), /^text\/csv/);
  t.match(res.headers.get('content-disposition'), /attachment; filename="audit-\d{4}-\d\d-\d\d\.csv"/);
  const csv = await res.text();
  const lines = csv.trimEnd().split('\r\n');
  t.equal(lines[0], '"Время (UTC)","Пользователь","Действие","Объект","IP","Операция","До","После","Подробности","Браузер"');
  t.equal(lines.length, 2, 'header and the one page view');
  t.match(lines[1], /"Переход","Страница ""\/evil""","127\.0\.0\.1","page\.open","","","","'=HYPERLINK\(""http:\/\/x"",""y""\)"$/);
  t.notMatch(csv, /(^|,)"=/m, 'no cell starts with a formula');
  t.match(await auditRowsAfter(db(), from), [{ kind: 'export', action: 'audit.export', user_email: o.email, details: { kind: 'page_view', format: 'csv' } }]);
});

t.test('the superadmin sees every organization and the platform\'s own rows, and may narrow to one organization', async (t) => {
  const all = await p.api('GET', '/superadmin/audit?limit=200', { token: admin });
  t.equal(all.status, 200);
  const orgs = new Set(all.body.entries.map((e: { organization_id: number | null }) => e.organization_id));
  t.ok(orgs.has(null) && orgs.has(org.id) && orgs.size > 2);
  const one = await p.api('GET', `/superadmin/audit?organization_id=${org.id}`, { token: admin });
  t.ok(one.body.entries.every((e: { organization_id: number }) => e.organization_id === org.id));
  t.equal((await p.api('GET', '/superadmin/audit', { token: org.token })).status, 403);
});

t.test('a refused attempt by role is recorded as denied, with the route, and changes nothing', async (t) => {
  const viewer = await member(p, org.token, 'viewer');
  const from = await lastAuditId(db());
  const res = await p.api('POST', '/client/users', { token: viewer.token, body: { email: 'sneaky@audit.example', role: 'admin' }, headers: { 'user-agent': UA } });
  t.equal(res.status, 403);
  const rows = await auditRowsAfter(db(), from);
  t.match(rows, [{ kind: 'denied', user_email: viewer.email, organization_id: org.id, object_type: 'route', object_id: 'POST /api/v1/client/users', user_agent: UA, ip: '127.0.0.1' }]);
  t.equal(rows.length, 1);
  t.notOk(await db()('users').where({ email: 'sneaky@audit.example' }).first());
  // Without a signed-in user nobody can be named: an anonymous 401 is not a refusal row.
  const anonymous = await lastAuditId(db());
  t.equal((await p.api('PATCH', '/client/devices/1', { body: { name: 'x' } })).status, 401);
  t.same(await auditRowsAfter(db(), anonymous), []);
});

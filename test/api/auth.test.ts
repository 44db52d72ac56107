import jwt from 'jsonwebtoken';
import t from 'tap';
import { ADMIN, startTestPlatform } from '../helpers/platform.ts';

const p = await startTestPlatform(t, { LOGIN_MAX_FAILURES_PER_ACCOUNT: '5' });

/** The id a refresh token carries (its JWT payload's jti). */
const jtiOf = (token: string): string => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).jti;

t.test('the superadmin from the environment can log in and see themselves', async (t) => {
  const token = await p.adminToken();
  const me = await p.api('GET', '/auth/me', { token });
  t.equal(me.status, 200);
  t.equal(me.body.user.email, ADMIN.email);
  t.equal(me.body.user.role, 'superadmin');
  t.equal(me.body.organization, null);
  t.notOk('password_hash' in me.body.user, 'never exposes the hash');
});

t.test('a wrong password and an unknown user get the same answer', async (t) => {
  const wrong = await p.api('POST', '/auth/login', { body: { email: ADMIN.email, password: 'not-the-password' } });
  const unknown = await p.api('POST', '/auth/login', { body: { email: 'nobody@test.local', password: 'whatever-123' } });
  t.equal(wrong.status, 401);
  t.equal(unknown.status, 401);
  t.equal(wrong.body.error.code, 'invalid_credentials');
  t.same(wrong.body, unknown.body);
});

t.test('login input is validated', async (t) => {
  const res = await p.api('POST', '/auth/login', { body: { email: 'not-an-email', password: '' } });
  t.equal(res.status, 400);
  t.equal(res.body.error.code, 'validation_failed');
  t.ok(Array.isArray(res.body.error.details));
  const malformed = await p.api('POST', '/auth/login', { body: '{"email":' });
  t.equal(malformed.status, 400);
  t.equal(malformed.body.error.code, 'malformed_json');
});

t.test('requests without a token, with a tampered token or an alg=none token are refused', async (t) => {
  t.equal((await p.api('GET', '/auth/me')).body.error.code, 'unauthorized');
  const token = await p.adminToken();
  const [h, b] = token.split('.');
  const tampered = `${h}.${b}.${'A'.repeat(43)}`;
  const res = await p.api('GET', '/auth/me', { token: tampered });
  t.equal(res.status, 401);
  t.equal(res.body.error.code, 'token_invalid');
  const claims = jwt.decode(token) as Record<string, unknown>;
  const none = jwt.sign(claims, '', { algorithm: 'none' });
  t.equal((await p.api('GET', '/auth/me', { token: none })).body.error.code, 'token_invalid');
  const otherAlg = jwt.sign(claims, 'x'.repeat(64), { algorithm: 'HS512' });
  t.equal((await p.api('GET', '/auth/me', { token: otherAlg })).body.error.code, 'token_invalid');
});

t.test('an expired access token is refused as expired', async (t) => {
  // JWT_SECRET when set (an external PostgreSQL requires it), else the one generated into the data dir.
  const secret = p.platform.config.auth.jwtSecret ?? (await import('node:fs')).readFileSync(`${p.dataDir}/secrets/jwt-secret`, 'utf8');
  const token = await p.adminToken();
  const claims = jwt.decode(token) as Record<string, unknown>;
  const { iat: _iat, ...rest } = claims;
  const expired = jwt.sign({ ...rest, exp: Math.floor(Date.now() / 1000) - 10 }, secret, { algorithm: 'HS256' });
  const res = await p.api('GET', '/auth/me', { token: expired });
  t.equal(res.status, 401);
  t.equal(res.body.error.code, 'token_expired');
});

t.test('an access token is refused where a refresh token is expected and vice versa', async (t) => {
  const login = await p.api('POST', '/auth/login', { body: ADMIN });
  const asRefresh = await p.api('POST', '/auth/refresh', { body: { refresh_token: login.body.access_token } });
  t.equal(asRefresh.status, 401);
  t.equal(asRefresh.body.error.code, 'token_wrong_type');
  const asAccess = await p.api('GET', '/auth/me', { token: login.body.refresh_token });
  t.equal(asAccess.status, 401);
  t.equal(asAccess.body.error.code, 'token_wrong_type');
});

t.test('refresh rotates; reusing a spent refresh token revokes the whole session', async (t) => {
  const login = await p.api('POST', '/auth/login', { body: ADMIN });
  t.match(login.headers.get('set-cookie'), /mb_refresh=.*HttpOnly.*SameSite=Strict/i);
  const first = await p.api('POST', '/auth/refresh', { body: { refresh_token: login.body.refresh_token } });
  t.equal(first.status, 200);
  t.not(first.body.refresh_token, login.body.refresh_token);
  t.equal((await p.api('GET', '/auth/me', { token: first.body.access_token })).status, 200);

  // Past the reuse grace (a replay, not a reload whose answer was lost).
  await p.platform.pg.db('sessions').where({ refresh_jti: jtiOf(first.body.refresh_token) }).update({ rotated_at: p.platform.pg.db.raw("now() - interval '1 hour'") });
  const replay = await p.api('POST', '/auth/refresh', { body: { refresh_token: login.body.refresh_token } });
  t.equal(replay.status, 401);
  t.equal(replay.body.error.code, 'refresh_token_reused');
  const afterReplay = await p.api('POST', '/auth/refresh', { body: { refresh_token: first.body.refresh_token } });
  t.equal(afterReplay.body.error.code, 'session_revoked', 'the newest refresh token dies with the session');
  t.equal((await p.api('GET', '/auth/me', { token: first.body.access_token })).body.error.code, 'session_revoked');
});

t.test('a reload whose refresh answer was lost presents the old token within the grace and stays signed in', async (t) => {
  const login = await p.api('POST', '/auth/login', { body: ADMIN });
  // The first page's refresh rotated the token, but the page was gone before the answer arrived…
  const lost = await p.api('POST', '/auth/refresh', { body: { refresh_token: login.body.refresh_token } });
  t.equal(lost.status, 200);
  // …so the next page presents the token rotated away from: it gets the session's current one again.
  const again = await p.api('POST', '/auth/refresh', { body: { refresh_token: login.body.refresh_token } });
  t.equal(again.status, 200, JSON.stringify(again.body));
  t.equal(jtiOf(again.body.refresh_token), jtiOf(lost.body.refresh_token), 'no second chain: the current refresh token again');
  t.equal((await p.api('GET', '/auth/me', { token: again.body.access_token })).status, 200);
  const next = await p.api('POST', '/auth/refresh', { body: { refresh_token: again.body.refresh_token } });
  t.equal(next.status, 200, 'the session rotates on as usual');
  // A token two rotations old is a replay even within the grace.
  const stale = await p.api('POST', '/auth/refresh', { body: { refresh_token: login.body.refresh_token } });
  t.equal(stale.body.error.code, 'refresh_token_reused');
});

t.test('refresh works from the httpOnly cookie', async (t) => {
  const login = await p.api('POST', '/auth/login', { body: ADMIN });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const res = await p.api('POST', '/auth/refresh', { headers: { cookie } });
  t.equal(res.status, 200);
  t.ok(res.body.access_token);
});

t.test('logout revokes the session', async (t) => {
  const login = await p.api('POST', '/auth/login', { body: ADMIN });
  t.equal((await p.api('POST', '/auth/logout', { token: login.body.access_token })).status, 204);
  t.equal((await p.api('GET', '/auth/me', { token: login.body.access_token })).status, 401);
  const refresh = await p.api('POST', '/auth/refresh', { body: { refresh_token: login.body.refresh_token } });
  t.equal(refresh.status, 401);
});

t.test('logout everywhere revokes every session of the user', async (t) => {
  const a = await p.login(ADMIN.email, ADMIN.password);
  const b = await p.login(ADMIN.email, ADMIN.password);
  t.equal((await p.api('POST', '/auth/logout-all', { token: a })).status, 204);
  t.equal((await p.api('GET', '/auth/me', { token: b })).status, 401);
});

t.test('login is rate-limited per account after repeated failures', async (t) => {
  const email = 'victim@test.local';
  for (let i = 0; i < 5; i++) {
    t.equal((await p.api('POST', '/auth/login', { body: { email, password: 'guess-000' + i } })).status, 401);
  }
  const blocked = await p.api('POST', '/auth/login', { body: { email, password: 'guess-final' } });
  t.equal(blocked.status, 429);
  t.equal(blocked.body.error.code, 'too_many_attempts');
  // another account from the same IP is still allowed to try
  t.equal((await p.api('POST', '/auth/login', { body: ADMIN })).status, 200);
});

t.test('unknown API routes answer 404 JSON', async (t) => {
  const res = await p.api('GET', '/no/such/route');
  t.equal(res.status, 404);
  t.equal(res.body.error.code, 'route_not_found');
});

t.test('the OpenAPI document describes the auth routes', async (t) => {
  const res = await p.api('GET', '/openapi.json');
  t.equal(res.status, 200);
  t.equal(res.body.openapi, '3.0.3');
  t.ok(res.body.paths['/auth/login'].post);
  t.ok(res.body.components.schemas.Error);
  const docs = await p.api('GET', '/docs');
  t.match(docs.body, /MyBeacon API/);
});

// Review finding: 10 failures locked the account for 15 minutes even against the correct password, so
// anyone who knew the superadmin's e-mail could keep them out.
t.test("someone else's failures never lock the owner out of their account", async (t) => {
  const from = (ip: string, password: string) => p.api('POST', '/auth/login', { body: { email: ADMIN.email, password }, headers: { 'x-forwarded-for': ip } });
  for (let i = 0; i < 8; i++) await from('203.0.113.66', `wrong-guess-${i}`);
  const attacker = await from('203.0.113.66', ADMIN.password);
  t.equal(attacker.status, 429, 'the guessing address is slowed down');
  t.equal(attacker.body.error.code, 'too_many_attempts');
  t.ok(attacker.body.error.details.retry_after_seconds >= 1);
  t.equal((await from('198.51.100.23', ADMIN.password)).status, 200, 'the owner, from their own address, logs in');
});

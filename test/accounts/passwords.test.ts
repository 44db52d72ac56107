import t from 'tap';
import { freshIp, mailTo, startMailingPlatform } from './fixtures.ts';
import { tokenOf } from '../helpers/smtp.ts';

const { p, smtp } = await startMailingPlatform(t, { ACCOUNT_EMAILS_PER_HOUR_PER_ADDRESS: '3' });
const admin = await p.adminToken();
const db = p.platform.pg.db;

async function member(email: string, password: string, locale = 'en'): Promise<void> {
  const org = await p.api('POST', '/superadmin/organizations', { token: admin, body: { name: `Org of ${email}`, status: 'active', products: ['wifi'] } });
  const res = await p.api('POST', `/superadmin/organizations/${org.body.id}/users`, { token: admin, body: { email, password, role: 'owner' } });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  await db('users').where({ email }).update({ locale });
}

const forgot = (email: string, headers = freshIp()) => p.api('POST', '/auth/forgot-password', { body: { email }, headers });

t.test('forgotten password: a single-use link by mail, the new password works, the old one and every session do not', async (t) => {
  const email = 'forgetful@shop.example';
  await member(email, 'original-password-1');
  const sessionA = await p.login(email, 'original-password-1');
  const loginB = await p.api('POST', '/auth/login', { body: { email, password: 'original-password-1' } });

  const res = await forgot(email);
  t.equal(res.status, 202);
  const mail = await smtp.waitFor(mailTo(email, /Reset your MyBeacon password/));
  const link = smtp.linkIn(mail, '/reset-password');
  t.match(mail.text, /60 minutes/);

  const inspected = await p.api('POST', '/auth/links/inspect', { body: { token: tokenOf(link) } });
  t.same(inspected.body, { purpose: 'reset_password', email });

  const weak = await p.api('POST', '/auth/reset-password', { body: { token: tokenOf(link), password: 'qwertyuiop' } });
  t.equal(weak.body.error.code, 'weak_password', 'the policy applies to resets');
  const done = await p.api('POST', '/auth/reset-password', { body: { token: tokenOf(link), password: 'brand-new-password-2' } });
  t.equal(done.status, 200);
  t.equal(done.body.email, email);

  t.equal((await p.api('POST', '/auth/reset-password', { body: { token: tokenOf(link), password: 'third-password-33' } })).body.error.code, 'link_used');
  t.equal((await p.api('GET', '/auth/me', { token: sessionA })).body.error.code, 'session_revoked', 'sessions end');
  t.equal((await p.api('POST', '/auth/refresh', { body: { refresh_token: loginB.body.refresh_token } })).status, 401);
  t.equal((await p.api('POST', '/auth/login', { body: { email, password: 'original-password-1' } })).status, 401);
  t.ok(await p.login(email, 'brand-new-password-2'));
  await smtp.waitFor(mailTo(email, /password was changed/));
});

t.test('the answer to "forgot password" is the same, in similar time, for a registered and an unknown address', async (t) => {
  await member('known@shop.example', 'known-password-12');
  const timed = async (email: string) => {
    const started = performance.now();
    const res = await forgot(email);
    return { res, ms: performance.now() - started };
  };
  const known = [await timed('known@shop.example'), await timed('known@shop.example')];
  const unknown = [await timed('unknown@shop.example'), await timed('unknown@shop.example')];
  t.same(known[0]!.res.body, unknown[0]!.res.body);
  t.equal(known[0]!.res.status, unknown[0]!.res.status);
  const fastest = (xs: Array<{ ms: number }>) => xs.map((x) => x.ms).sort((a, b) => a - b)[0]!;
  t.ok(Math.abs(fastest(known) - fastest(unknown)) < 150, `known ${fastest(known).toFixed(0)} ms vs unknown ${fastest(unknown).toFixed(0)} ms`);
  await p.platform.mail.runOnce();
  t.equal((await db('mail_outbox').where({ to_address: 'unknown@shop.example' })).length, 0, 'nothing is mailed to an unknown address');
});

t.test('reset links expire, are superseded by newer ones, and are limited per address', async (t) => {
  const email = 'expiry@shop.example';
  await member(email, 'expiry-password-1');
  await forgot(email);
  const first = tokenOf(smtp.linkIn(await smtp.waitFor(mailTo(email, /Reset/)), '/reset-password'));
  await forgot(email);
  await smtp.waitFor(() => smtp.received.filter(mailTo(email, /Reset/)).length === 2);
  const second = tokenOf(smtp.linkIn(smtp.received.filter(mailTo(email, /Reset/))[1]!, '/reset-password'));
  t.equal((await p.api('POST', '/auth/reset-password', { body: { token: first, password: 'whatever-password-9' } })).body.error.code, 'link_used', 'superseded');

  await db('account_tokens').where({ purpose: 'reset_password' }).whereNull('consumed_at').update({ expires_at: new Date(Date.now() - 1) });
  const expired = await p.api('POST', '/auth/reset-password', { body: { token: second, password: 'whatever-password-9' } });
  t.equal(expired.status, 410);
  t.equal(expired.body.error.code, 'link_expired');

  t.equal((await forgot(email)).status, 202);
  t.equal((await forgot(email)).status, 429, 'a fourth request for one address within the hour is refused');
  t.ok(await p.login(email, 'expiry-password-1'), 'nothing changed the password');
});

t.test('mails speak the recipient\'s language', async (t) => {
  const email = 'ru@shop.example';
  await member(email, 'russian-password-1', 'ru');
  await forgot(email);
  const mail = await smtp.waitFor(mailTo(email, /Восстановление пароля/));
  t.match(mail.text, /Ссылка одноразовая и действует 60 мин/);
  t.match(mail.html, /Задать новый пароль/);
});

t.test('changing one\'s own password needs the current one, keeps this session and ends the others', async (t) => {
  const email = 'changer@shop.example';
  await member(email, 'changer-password-1');
  const here = await p.login(email, 'changer-password-1');
  const elsewhere = await p.login(email, 'changer-password-1');
  const wrong = await p.api('POST', '/auth/change-password', { token: here, body: { current_password: 'not-my-password', new_password: 'changer-password-2' } });
  t.equal(wrong.status, 403);
  t.equal(wrong.body.error.code, 'wrong_password');
  const weak = await p.api('POST', '/auth/change-password', { token: here, body: { current_password: 'changer-password-1', new_password: 'changer@shop.example' } });
  t.equal(weak.status, 400);
  t.equal(weak.body.error.code, 'weak_password');
  const same = await p.api('POST', '/auth/change-password', { token: here, body: { current_password: 'changer-password-1', new_password: 'changer-password-1' } });
  t.equal(same.body.error.code, 'password_unchanged');
  const blank = await p.api('POST', '/auth/change-password', { token: here, body: { current_password: '', new_password: 'changer-password-2' } });
  t.equal(blank.status, 400);
  t.match(blank.body.error, { code: 'validation_failed', details: [{ path: 'current_password' }] });
  t.ok(await p.login(email, 'changer-password-1'), 'no refused attempt changed the password');

  const third = await p.login(email, 'changer-password-1');
  t.equal((await p.api('POST', '/auth/change-password', { token: here, body: { current_password: 'changer-password-1', new_password: 'changer-password-2' } })).status, 204);
  t.equal((await p.api('GET', '/auth/me', { token: here })).status, 200, 'the browser that changed it stays signed in');
  t.equal((await p.api('GET', '/auth/me', { token: elsewhere })).status, 401, 'every other session ends');
  t.equal((await p.api('GET', '/auth/me', { token: third })).status, 401);
  t.ok(await p.login(email, 'changer-password-2'));
  await smtp.waitFor(mailTo(email, /password was changed/));
});

t.test('changing one\'s e-mail is confirmed by a link to the new address; the old one is told', async (t) => {
  const email = 'mover@shop.example';
  await member(email, 'mover-password-1');
  const token = await p.login(email, 'mover-password-1');
  const wrong = await p.api('POST', '/auth/change-email', { token, body: { password: 'wrong-password-1', new_email: 'moved@shop.example' } });
  t.equal(wrong.body.error.code, 'wrong_password');
  const taken = await p.api('POST', '/auth/change-email', { token, body: { password: 'mover-password-1', new_email: 'known@shop.example' } });
  const free = await p.api('POST', '/auth/change-email', { token, body: { password: 'mover-password-1', new_email: 'Moved@shop.example' } });
  t.same(taken.body, free.body, 'a taken address gets the same answer');
  t.equal(free.status, 202);

  const confirm = await smtp.waitFor(mailTo('moved@shop.example', /Confirm your new e-mail/));
  t.ok((await p.login(email, 'mover-password-1')), 'nothing changes before the link is followed');
  const done = await p.api('POST', '/auth/confirm-email', { body: { token: tokenOf(smtp.linkIn(confirm, '/confirm-email')) } });
  t.equal(done.status, 200);
  t.equal(done.body.email, 'moved@shop.example');
  await smtp.waitFor(mailTo(email, /e-mail was changed/));
  t.ok(await p.login('moved@shop.example', 'mover-password-1'));
  t.equal((await p.api('POST', '/auth/login', { body: { email, password: 'mover-password-1' } })).status, 401);
  await p.platform.mail.runOnce();
  t.equal(smtp.received.filter((m) => m.rcptTo.includes('known@shop.example') && /Confirm your new/.test(m.subject)).length, 0, 'the taken address got no link');
});

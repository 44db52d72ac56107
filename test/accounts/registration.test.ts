import t from 'tap';
import { freshIp, mailTo, startMailingPlatform } from './fixtures.ts';
import { tokenOf } from '../helpers/smtp.ts';
import { signUp as signUpService } from '../../api/services/accounts/registration.ts';

const { p, smtp } = await startMailingPlatform(t, { ACCOUNT_EMAILS_PER_HOUR_PER_ADDRESS: '3', ACCOUNT_REQUESTS_PER_HOUR_PER_IP: '10' });
const admin = await p.adminToken();
const db = p.platform.pg.db;

const signUp = (body: Record<string, unknown>, headers = freshIp()) =>
  p.api('POST', '/auth/signup', { body: { password: 'correct-horse-battery', phone: '+7 900 111-22-33', locale: 'en', ...body }, headers });

t.test('self-registration: sign up, confirm by the mailed link, await activation, get the activation mail, see the products', async (t) => {
  const email = 'founder@coffee.example';
  const res = await signUp({ email, organization: 'Coffee Corner', name: 'Founder' });
  t.equal(res.status, 202);
  t.same(res.body, { status: 'accepted' });

  const verification = await smtp.waitFor(mailTo(email, /Confirm your e-mail/));
  t.same(verification.rcptTo, [email]);
  t.match(verification.html, /Coffee Corner/);
  const link = smtp.linkIn(verification, '/verify-email');
  t.ok(link.startsWith(p.url), 'links point at the platform');

  const early = await p.api('POST', '/auth/login', { body: { email, password: 'correct-horse-battery' } });
  t.equal(early.status, 403);
  t.equal(early.body.error.code, 'email_not_verified', 'login says the address needs confirming');

  const pending = await p.api('GET', '/superadmin/organizations?status=pending&q=Coffee', { token: admin });
  t.equal(pending.body.total, 1, 'the organization awaits activation');
  const org = pending.body.items[0];
  t.same(org.products, [], 'with no products');
  t.equal(org.contact_email, email);
  t.equal(org.phone, '+7 900 111-22-33');
  t.equal(org.unverified_owner_count, 1, 'the superadmin sees the owner has not confirmed yet');

  const verified = await p.api('POST', '/auth/verify-email', { body: { token: tokenOf(link) } });
  t.equal(verified.status, 200);
  t.equal(verified.body.email, email);
  const again = await p.api('POST', '/auth/verify-email', { body: { token: tokenOf(link) } });
  t.equal(again.status, 410);
  t.equal(again.body.error.code, 'link_used', 'the link works once');

  const listed = await p.api('GET', '/superadmin/organizations?status=pending&q=Coffee', { token: admin });
  t.equal(listed.body.items[0].unverified_owner_count, 0);
  const owner = await p.login(email, 'correct-horse-battery');
  const before = await p.api('GET', '/auth/me', { token: owner });
  t.equal(before.body.user.role, 'owner');
  t.equal(before.body.user.email_verified, true);
  t.equal(before.body.organization.status, 'pending');

  const activated = await p.api('PATCH', `/superadmin/organizations/${org.id}`, { token: admin, body: { status: 'active', products: ['wifi', 'ble'] } });
  t.equal(activated.status, 200);
  const notice = await smtp.waitFor(mailTo(email, /products are active/));
  t.match(notice.text, /BLE Tracking, WiFi Analytics/);
  t.ok(smtp.linkIn(notice, '/login'));

  const after = await p.api('GET', '/auth/me', { token: owner });
  t.equal(after.body.organization.status, 'active');
  t.same(after.body.organization.products, ['ble', 'wifi']);

  // A later edit of an active organization is no activation: no second mail.
  await p.api('PATCH', `/superadmin/organizations/${org.id}`, { token: admin, body: { phone: '+7 900 000-00-01' } });
  await p.platform.mail.runOnce();
  t.equal(smtp.received.filter(mailTo(email, /products are active/)).length, 1);
});

t.test('registering with an existing e-mail answers the same, creates nothing, and tells the owner someone tried', async (t) => {
  const email = 'taken@coffee.example';
  await signUp({ email, organization: 'First' });
  const link = smtp.linkIn(await smtp.waitFor(mailTo(email, /Confirm your e-mail/)), '/verify-email');
  t.equal((await p.api('POST', '/auth/verify-email', { body: { token: tokenOf(link) } })).status, 200);
  const orgs = Number((await db('organizations').count({ n: '*' }).first())!.n);

  const second = await signUp({ email: 'TAKEN@coffee.example', organization: 'Second' });
  const fresh = await signUp({ email: 'brand-new@coffee.example', organization: 'Third' });
  t.equal(second.status, fresh.status);
  t.same(second.body, fresh.body, 'identical answers for a registered and a new address');

  const warning = await smtp.waitFor(mailTo(email, /Someone tried to register/));
  t.ok(smtp.linkIn(warning, '/forgot-password'), 'offers a password reset');
  t.equal(Number((await db('organizations').count({ n: '*' }).first())!.n), orgs + 1, 'only the new address got an organization');
  t.equal((await db('organizations').where({ name: 'Second' })).length, 0);
});

t.test('signing up again before confirming sends a fresh link instead of a second organization', async (t) => {
  const email = 'lost-mail@coffee.example';
  await signUp({ email, organization: 'Lost Mail' });
  await signUp({ email, organization: 'Lost Mail again' });
  await smtp.waitFor(() => smtp.received.filter(mailTo(email, /Confirm your e-mail/)).length === 2);
  t.equal(smtp.received.filter(mailTo(email, /Someone tried/)).length, 0);
  t.equal((await db('organizations').whereLike('name', 'Lost Mail%')).length, 1);
  const [, second] = smtp.received.filter(mailTo(email, /Confirm your e-mail/));
  t.equal((await p.api('POST', '/auth/verify-email', { body: { token: tokenOf(smtp.linkIn(second!, '/verify-email')) } })).status, 200);
});

t.test('expired, used, superseded, tampered and wrong-purpose links are refused', async (t) => {
  const email = 'links@coffee.example';
  await signUp({ email, organization: 'Links Ltd' });
  const first = tokenOf(smtp.linkIn(await smtp.waitFor(mailTo(email, /Confirm/)), '/verify-email'));

  const tampered = `${first.slice(0, -1)}${first.endsWith('A') ? 'B' : 'A'}`;
  t.equal((await p.api('POST', '/auth/verify-email', { body: { token: tampered } })).body.error.code, 'link_invalid');
  t.equal((await p.api('POST', '/auth/verify-email', { body: { token: 'x' } })).body.error.code, 'link_invalid');
  const wrongPurpose = await p.api('POST', '/auth/reset-password', { body: { token: first, password: 'another-good-password' } });
  t.equal(wrongPurpose.status, 400);
  t.equal(wrongPurpose.body.error.code, 'link_invalid', 'a verification link is no reset link');

  await db('account_tokens').where({ purpose: 'verify_email' }).whereNull('consumed_at').update({ expires_at: new Date(Date.now() - 1000) });
  const expired = await p.api('POST', '/auth/verify-email', { body: { token: first } });
  t.equal(expired.status, 410);
  t.equal(expired.body.error.code, 'link_expired');

  const resent = await p.api('POST', '/auth/resend-verification', { body: { email }, headers: freshIp() });
  t.equal(resent.status, 202);
  const mails = () => smtp.received.filter(mailTo(email, /Confirm/));
  await smtp.waitFor((m) => mails().length === 2 && m.rcptTo.includes(email));
  const second = tokenOf(smtp.linkIn(mails()[1]!, '/verify-email'));
  t.equal((await p.api('POST', '/auth/verify-email', { body: { token: first } })).body.error.code, 'link_used', 'superseded by the newer link');
  t.equal((await p.api('POST', '/auth/verify-email', { body: { token: second } })).status, 200);
  t.equal((await p.api('POST', '/auth/verify-email', { body: { token: second } })).body.error.code, 'link_used');
});

t.test('a resend storm gets 429 per address and no more than the hourly mails', async (t) => {
  const email = 'storm@coffee.example';
  await signUp({ email, organization: 'Storm' });
  await smtp.waitFor(mailTo(email, /Confirm/));
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) statuses.push((await p.api('POST', '/auth/resend-verification', { body: { email }, headers: freshIp() })).status);
  t.same(statuses, [202, 202, 202, 429, 429, 429], 'the address is limited whatever the client IP');
  await p.platform.mail.runOnce();
  const queued = await db('mail_outbox').where({ to_address: email, kind: 'verify_email' });
  t.equal(queued.length, 3, 'at most 3 verification mails per hour (the sign-up one included)');

  const unknown: number[] = [];
  for (let i = 0; i < 4; i++) unknown.push((await p.api('POST', '/auth/resend-verification', { body: { email: 'nobody@coffee.example' }, headers: freshIp() })).status);
  t.same(unknown, [202, 202, 202, 429], 'an unknown address is limited the same way');
});

t.test('one client IP is limited across addresses', async (t) => {
  const ip = freshIp();
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) statuses.push((await p.api('POST', '/auth/resend-verification', { body: { email: `n${i}@ip.example` }, headers: ip })).status);
  t.equal(statuses.filter((s) => s === 202).length, 10);
  t.equal(statuses.at(-1), 429);
});

t.test('weak passwords are refused at sign-up and nothing is created', async (t) => {
  // (each with its own address: the per-address limit counts refused requests too)
  for (const [email, password, reason, why] of [
    ['weak1@coffee.example', 'short-pw', 'too_short', /at least 10/],
    ['weak2@coffee.example', 'password123', 'too_common', /too common/],
    ['weak3@coffee.example', 'weak3@coffee.example', 'same_as_email', /differ from the e-mail/],
    ['weak4@coffee.example', 'weak4', 'too_short', /at least 10/],
    ['weak5@coffee.example', 'aaaaaaaaaaaa', 'too_common', /too common/],
    ['weak6@coffee.example', 'x'.repeat(73), 'too_long', /at most 72 bytes/],
  ] as const) {
    const res = await signUp({ email, organization: 'Weak', password });
    t.equal(res.status, 400, password);
    t.equal(res.body.error.code, 'weak_password');
    t.equal(res.body.error.details.reason, reason, 'the reason is machine-readable for the UI to translate');
    t.match(res.body.error.message, why);
  }
  t.equal((await db('users').whereLike('email', 'weak%')).length, 0);
});

t.test('sign-up input is validated: line breaks in names (header injection) and missing fields', async (t) => {
  const cases = [
    { organization: 'Evil\r\nBcc: spy@evil.example', path: 'organization' },
    { organization: 'Fine', name: 'Eve\nBcc: spy@evil.example', path: 'name' },
    { organization: '', path: 'organization' },
    { organization: 'Fine', phone: '', path: 'phone' },
    { organization: 'Fine', email: 'not-an-email', path: 'email' },
  ];
  for (const [i, { path, ...body }] of cases.entries()) {
    const res = await signUp({ email: `inject${i}@coffee.example`, ...body });
    t.equal(res.status, 400, JSON.stringify(body));
    t.ok(res.body.error.details.some((d: { path: string }) => d.path === path), `names ${path}`);
  }
});

t.test('a company name is escaped in HTML mail and cannot add headers or recipients', async (t) => {
  const email = 'markup@coffee.example';
  await signUp({ email, organization: '<b>Acme & "Sons"</b>' });
  const mail = await smtp.waitFor(mailTo(email, /Confirm/));
  t.match(mail.html, /&lt;b&gt;Acme &amp; &quot;Sons&quot;&lt;\/b&gt;/);
  t.notMatch(mail.html, /<b>Acme/);
  t.match(mail.text, /<b>Acme & "Sons"<\/b>/, 'plain text keeps the name as typed');

  // The superadmin's organization names are free text: an activation subject carrying CR/LF stays one header.
  const created = await p.api('POST', '/superadmin/organizations', {
    token: admin,
    body: { name: 'Mall\r\nBcc: spy@evil.example', owner: { email: 'owner@mall.example', password: 'mall-owner-password' } },
  });
  t.equal(created.status, 201);
  await p.api('PATCH', `/superadmin/organizations/${created.body.id}`, { token: admin, body: { status: 'active', products: ['wifi'] } });
  const notice = await smtp.waitFor(mailTo('owner@mall.example', /products are active/));
  t.same(notice.rcptTo, ['owner@mall.example'], 'delivered to the owner only');
  t.notOk(notice.headers.has('bcc'));
  t.notOk(smtp.received.some((m) => m.rcptTo.includes('spy@evil.example')));
  t.match(notice.subject, /Mall Bcc: spy@evil\.example/, 'the line break became a space inside the subject');
});

t.test('with SIGNUP_ENABLED=0 sign-up is refused and nothing is created', async (t) => {
  const deps = p.platform.api.accounts;
  const closed = { ...deps, settings: { ...deps.settings, signupEnabled: false } };
  await t.rejects(
    signUpService(closed, { email: 'closed@coffee.example', password: 'closed-door-2026', organization: 'Closed', phone: '1', locale: 'en' }),
    { code: 'signup_disabled', status: 403 },
  );
  t.equal((await db('users').where({ email: 'closed@coffee.example' })).length, 0);
});

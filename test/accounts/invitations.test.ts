import t from 'tap';
import { mailTo, startMailingPlatform } from './fixtures.ts';
import { tokenOf } from '../helpers/smtp.ts';

const { p, smtp } = await startMailingPlatform(t);
const admin = await p.adminToken();

t.test('created by the superadmin with a generated password: mailed, active products at once, changed at first sign-in', async (t) => {
  const email = 'director@hotel.example';
  const created = await p.api('POST', '/superadmin/organizations', {
    token: admin,
    body: { name: 'Grand Hotel', phone: '+7 900 1', status: 'active', products: ['wifi'], owner: { email, name: 'Director', credentials: 'generated_password' } },
  });
  t.equal(created.status, 201);
  const mail = await smtp.waitFor(mailTo(email, /Your MyBeacon account for Grand Hotel/));
  const password = /Password: (\S+)/.exec(mail.text)?.[1];
  t.ok(password && password.length >= 16, 'the mail carries a generated password');
  t.match(mail.text, new RegExp(`Login: ${email}`));

  const token = await p.login(email, password!);
  const me = await p.api('GET', '/auth/me', { token });
  t.equal(me.body.user.must_change_password, true);
  t.same(me.body.organization.products, ['wifi'], 'products are active at once');
  const blocked = await p.api('GET', '/client/devices', { token });
  t.equal(blocked.status, 403);
  t.equal(blocked.body.error.code, 'password_change_required', 'nothing else until the password is changed');

  t.equal((await p.api('POST', '/auth/change-password', { token, body: { current_password: password, new_password: 'director-own-password' } })).status, 204);
  t.equal((await p.api('GET', '/client/devices', { token })).status, 200);
  t.equal((await p.api('GET', '/auth/me', { token })).body.user.must_change_password, false);
});

t.test('created by the superadmin with a set-password link (the default): no password until the link is followed', async (t) => {
  const email = 'manager@cinema.example';
  const created = await p.api('POST', '/superadmin/organizations', { token: admin, body: { name: 'Cinema', status: 'active', products: ['ble'], owner: { email } } });
  t.equal(created.status, 201);
  const mail = await smtp.waitFor(mailTo(email, /invited to Cinema/));
  t.match(mail.text, /An account has been created for you in “Cinema”/);
  const link = tokenOf(smtp.linkIn(mail, '/set-password'));

  const users = await p.api('GET', `/superadmin/organizations/${created.body.id}/users`, { token: admin });
  t.equal(users.body[0].invited, true);
  t.equal((await p.api('POST', '/auth/login', { body: { email, password: 'anything-at-all-1' } })).body.error.code, 'invalid_credentials', 'an invited account has no password to guess');
  t.same((await p.api('POST', '/auth/links/inspect', { body: { token: link } })).body, { purpose: 'set_password', email });

  const set = await p.api('POST', '/auth/set-password', { body: { token: link, password: 'cinema-manager-pw' } });
  t.equal(set.status, 200);
  const token = await p.login(email, 'cinema-manager-pw');
  const me = await p.api('GET', '/auth/me', { token });
  t.equal(me.body.user.must_change_password, false);
  t.same(me.body.organization.products, ['ble']);
  t.equal((await p.api('POST', '/auth/set-password', { body: { token: link, password: 'cinema-manager-pw2' } })).body.error.code, 'link_used');
});

t.test('member input: a password goes with credentials "password" only', async (t) => {
  const org = (await p.api('POST', '/superadmin/organizations', { token: admin, body: { name: 'Strict' } })).body;
  const a = await p.api('POST', `/superadmin/organizations/${org.id}/users`, { token: admin, body: { email: 'a@strict.example', role: 'viewer', credentials: 'password' } });
  t.equal(a.status, 400);
  const b = await p.api('POST', `/superadmin/organizations/${org.id}/users`, { token: admin, body: { email: 'b@strict.example', role: 'viewer', credentials: 'invitation', password: 'some-password-1' } });
  t.equal(b.status, 400);
  t.equal(b.body.error.code, 'validation_failed');
  const c = await p.api('POST', `/superadmin/organizations/${org.id}/users`, { token: admin, body: { email: 'c@strict.example', role: 'viewer', credentials: 'sent_by_pigeon' } });
  t.equal(c.status, 400);
});

t.test('an owner invites a user: pending list, resend replaces the link, revoke removes the account, acceptance ends the invitation', async (t) => {
  const org = (await p.api('POST', '/superadmin/organizations', { token: admin, body: { name: 'Bakery', status: 'active', products: ['wifi'] } })).body;
  await p.api('POST', `/superadmin/organizations/${org.id}/users`, { token: admin, body: { email: 'baker@bakery.example', name: 'Anna Baker', password: 'baker-password-1', role: 'owner' } });
  const owner = await p.login('baker@bakery.example', 'baker-password-1');

  const invite = await p.api('POST', '/client/users', { token: owner, body: { email: 'clerk@bakery.example', role: 'operator' } });
  t.equal(invite.status, 201);
  t.equal(invite.body.invited, true);
  const first = await smtp.waitFor(mailTo('clerk@bakery.example', /invited to Bakery/));
  t.match(first.text, /Anna Baker invites you to join “Bakery”/);

  const list = await p.api('GET', '/client/invitations', { token: owner });
  t.equal(list.body.length, 1);
  t.equal(list.body[0].user.email, 'clerk@bakery.example');
  t.equal(list.body[0].expired, false);
  t.ok(list.body[0].expires_at);

  const resent = await p.api('POST', `/client/invitations/${invite.body.id}/resend`, { token: owner });
  t.equal(resent.status, 200);
  await smtp.waitFor(() => smtp.received.filter(mailTo('clerk@bakery.example', /invited/)).length === 2);
  const second = smtp.received.filter(mailTo('clerk@bakery.example', /invited/))[1]!;
  t.equal((await p.api('POST', '/auth/set-password', { body: { token: tokenOf(smtp.linkIn(first, '/set-password')), password: 'clerk-password-1' } })).body.error.code, 'link_used', 'the old link was replaced');
  t.equal((await p.api('POST', '/auth/set-password', { body: { token: tokenOf(smtp.linkIn(second, '/set-password')), password: 'clerk-password-1' } })).status, 200);
  t.same((await p.api('GET', '/client/invitations', { token: owner })).body, [], 'accepted: no longer pending');
  t.equal((await p.api('POST', `/client/invitations/${invite.body.id}/resend`, { token: owner })).status, 404, 'an accepted invitation cannot be resent');
  t.ok(await p.login('clerk@bakery.example', 'clerk-password-1'));

  const other = await p.api('POST', '/client/users', { token: owner, body: { email: 'temp@bakery.example', role: 'viewer', credentials: 'invitation' } });
  const tempMail = await smtp.waitFor(mailTo('temp@bakery.example', /invited/));
  t.equal((await p.api('DELETE', `/client/invitations/${other.body.id}`, { token: owner })).status, 204);
  t.equal((await p.api('POST', '/auth/set-password', { body: { token: tokenOf(smtp.linkIn(tempMail, '/set-password')), password: 'temp-password-12' } })).body.error.code, 'link_invalid', 'a revoked invitation is dead');
  t.notOk((await p.api('GET', '/client/users', { token: owner })).body.some((u: { email: string }) => u.email === 'temp@bakery.example'));

  const chosen = await p.api('POST', '/client/users', { token: owner, body: { email: 'chosen@bakery.example', role: 'viewer', password: 'chosen-password-1' } });
  t.equal(chosen.status, 201, 'choosing the password stays possible');
  t.ok(await p.login('chosen@bakery.example', 'chosen-password-1'));
});

t.test('invitations of another organization answer 404 like missing ones', async (t) => {
  const a = (await p.api('POST', '/superadmin/organizations', { token: admin, body: { name: 'Org A', status: 'active', products: ['wifi'], owner: { email: 'owner@a.example', password: 'owner-a-password' } } })).body;
  await p.api('POST', '/superadmin/organizations', { token: admin, body: { name: 'Org B', status: 'active', products: ['wifi'], owner: { email: 'owner@b.example', password: 'owner-b-password' } } });
  const ownerA = await p.login('owner@a.example', 'owner-a-password');
  const ownerB = await p.login('owner@b.example', 'owner-b-password');
  const invited = (await p.api('POST', '/client/users', { token: ownerA, body: { email: 'guest@a.example', role: 'viewer' } })).body;
  t.ok(a.id);
  const foreign = await p.api('POST', `/client/invitations/${invited.id}/resend`, { token: ownerB });
  const missing = await p.api('POST', '/client/invitations/999999/resend', { token: ownerB });
  t.equal(foreign.status, 404);
  t.same(foreign.body, missing.body);
  t.equal((await p.api('DELETE', `/client/invitations/${invited.id}`, { token: ownerB })).status, 404);
  t.equal((await p.api('GET', '/client/invitations', { token: ownerA })).body.length, 1, 'still pending in its own organization');
});

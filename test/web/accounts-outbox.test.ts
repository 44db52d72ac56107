import t from 'tap';
import { ensureWebBuild, launchBrowser, screenshot, signIn, signOut, watchPageErrors } from '../helpers/browser.ts';
import { ADMIN, startTestPlatform } from '../helpers/platform.ts';

// The embedded default: no SMTP server. Every mail waits in the outbox, where the superadmin reads it.
await ensureWebBuild();
const p = await startTestPlatform(t, { MAIL_POLL_INTERVAL_MS: '50' });
const context = await launchBrowser(t);
const page = await context.newPage();
const pageErrors = watchPageErrors(page);
const menu = page.getByRole('navigation', { name: 'Menu' });

/** Opens the outbox (as the superadmin) and the newest mail of a kind to an address. */
async function openMail(to: string, kind: string) {
  await page.goto(`${p.url}/admin/outbox?q=${encodeURIComponent(to)}`);
  const row = page.locator(`[data-testid=mail-row][data-to="${to}"][data-kind="${kind}"]`).first();
  await row.locator('[data-testid=mail-status][data-status=no_smtp]').waitFor();
  await row.getByTestId('open-mail').click();
  return page.getByTestId('mail-detail');
}

t.test('without SMTP a newcomer signs up in Russian and is confirmed through the link the superadmin finds in the outbox', async (t) => {
  await page.goto(`${p.url}/signup`);
  await page.getByTestId('locale-ru').click();
  await page.getByRole('heading', { name: 'Регистрация в MyBeacon' }).waitFor();
  await page.locator('input[name=organization]').fill('Кофейня «Зерно»');
  await page.locator('input[name=phone]').fill('+7 900 555-44-33');
  await page.locator('input[name=email]').fill('anna@zerno.test');
  await page.locator('input[name=new_password]').fill('zerno-coffee-77');
  await page.locator('input[name=repeat_password]').fill('zerno-coffee-77');
  await screenshot(page, '51-ru-signup');
  await page.locator('form[data-testid=signup-form] button[type=submit]').click();
  await page.getByTestId('signup-done').getByText('Мы отправили ссылку для подтверждения на anna@zerno.test').waitFor();
  await screenshot(page, '52-ru-signup-done');

  await page.goto(`${p.url}/login`);
  await page.getByTestId('locale-en').click();
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.waitForURL('**/admin/organizations');
  await menu.getByRole('link', { name: 'Awaiting activation' }).click();
  await page.getByRole('link', { name: 'Кофейня «Зерно»' }).waitFor();
  await page.getByTestId('unverified-owner').getByText('E-mail not confirmed yet').waitFor();
  await screenshot(page, '52b-pending-unconfirmed');
  await menu.getByRole('link', { name: 'Outbox' }).click();
  await page.waitForURL('**/admin/outbox');
  await page.getByTestId('smtp-state').getByText('No SMTP server is configured').waitFor();
  const detail = await openMail('anna@zerno.test', 'verify_email');
  await detail.getByText('Подтвердите, пожалуйста, адрес электронной почты').waitFor();
  t.match(await page.locator('[data-testid=mail-row][data-to="anna@zerno.test"]').first().textContent(), /Not sent — no SMTP configured/);
  await screenshot(page, '53-outbox-no-smtp');

  await detail.getByTestId('mail-link').first().click();
  await page.waitForURL('**/verify-email?token=*');
  await page.getByTestId('link-done').getByText('anna@zerno.test is confirmed').waitFor();
  await page.goto(`${p.url}/admin/outbox`);
  await page.getByTestId('outbox-table').waitFor();
  await signOut(page);
});

t.test('an owner created with a generated password reads it from the mail and must choose their own at first sign-in', async (t) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.waitForURL('**/admin/organizations');
  await page.getByTestId('new-organization').click();
  await page.locator('input[name=name]').fill('Hotel Aurora');
  await page.locator('input[name=product-wifi]').check();
  await page.locator('input[name=owner_email]').fill('boss@aurora.test');
  await page.locator('input[name=owner_credentials][value=generated_password]').check();
  t.equal(await page.locator('input[name=owner_password]').count(), 0, 'no password to type when it is generated');
  await screenshot(page, '54-new-organization-generated-password');
  await page.getByTestId('organization-submit').click();
  await page.waitForURL(/\/admin\/organizations\/\d+$/);

  const detail = await openMail('boss@aurora.test', 'generated_password');
  const text = (await detail.locator('pre').textContent()) ?? '';
  const password = /Password: (\S+)/.exec(text)?.[1];
  t.ok(password, 'the mail carries the generated password');
  await signOut(page);

  await signIn(page, 'boss@aurora.test', password!);
  await page.getByTestId('forced-password-change').waitFor();
  t.equal(await menu.count(), 0, 'nothing of the app is shown before the password is changed');
  await screenshot(page, '55-forced-password-change');
  await page.locator('input[name=current_password]').fill(password!);
  await page.locator('input[name=new_password]').fill('aurora-boss-2026');
  await page.locator('input[name=repeat_password]').fill('aurora-boss-2026');
  await page.locator('form[data-testid=change-password-form] button[type=submit]').click();
  await page.waitForURL('**/dashboard');
  await menu.getByRole('link', { name: 'WiFi Analytics' }).waitFor();
});

t.test('the owner invites a colleague by link, sees the pending invitation, resends and withdraws it', async (t) => {
  await page.goto(`${p.url}/users`);
  await page.locator('input[name=member_email]').fill('clerk@aurora.test');
  await page.locator('select[name=member_role]').selectOption('operator');
  t.ok(await page.locator('input[name=member_credentials][value=invitation]').isChecked(), 'an invitation is the default');
  await page.getByTestId('member-submit').click();
  await page.getByText('Invitation sent to clerk@aurora.test').waitFor();
  const invitation = page.locator('[data-testid=invitation-row][data-email="clerk@aurora.test"]');
  await invitation.waitFor();
  await page.locator('[data-testid=user-row][data-email="clerk@aurora.test"]').getByText('Invited').waitFor();
  await screenshot(page, '56-owner-invitations');

  await invitation.getByTestId('resend-invitation').click();
  await invitation.getByTestId('revoke-invitation').click();
  await invitation.getByTestId('revoke-invitation-confirm').click();
  await page.getByTestId('invitations-table').getByText('No pending invitations.').waitFor();
  await page.locator('[data-testid=user-row][data-email="clerk@aurora.test"]').waitFor({ state: 'detached' });
  const mails = await p.platform.pg.db('mail_outbox').where({ to_address: 'clerk@aurora.test', kind: 'invitation' });
  t.equal(mails.length, 2, 'the invitation was sent and resent');
});

t.test('my profile: change the password; the outbox page in Russian', async (t) => {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('profile-link').click();
  await page.waitForURL('**/profile');
  await page.locator('input[name=current_password]').fill('aurora-boss-2026');
  await page.locator('input[name=new_password]').fill('aurora-boss-2027');
  await page.locator('input[name=repeat_password]').fill('aurora-boss-2027');
  await page.locator('form[data-testid=change-password-form] button[type=submit]').click();
  await page.getByText('Password changed. Your other sessions were signed out.').waitFor();
  await screenshot(page, '57-my-profile');
  await signOut(page);

  await signIn(page, ADMIN.email, ADMIN.password);
  await page.waitForURL('**/admin/organizations');
  await page.getByTestId('locale-ru').click();
  await page.goto(`${p.url}/admin/outbox`);
  await page.getByTestId('smtp-state').getByText('SMTP-сервер не настроен').waitFor();
  await screenshot(page, '58-ru-outbox');
  await page.getByTestId('locale-en').click();
  t.same(pageErrors, [], 'no page errors');
});

import t from 'tap';
import { ensureWebBuild, launchBrowser, screenshot, signIn, signOut, watchPageErrors } from '../helpers/browser.ts';
import { ADMIN } from '../helpers/platform.ts';
import { startMailingPlatform, mailTo } from '../accounts/fixtures.ts';

// With a real SMTP server: the newcomer's links come from the mails it receives.
await ensureWebBuild();
const { p, smtp } = await startMailingPlatform(t);
const context = await launchBrowser(t);
const page = await context.newPage();
const pageErrors = watchPageErrors(page);
const NEWCOMER = { email: 'irina@bakery.test', password: 'fresh-bread-2026', company: 'Irina’s <Bakery> & Co' };

t.test('a newcomer signs up, confirms the mailed link, waits for activation, is activated by the superadmin and sees the product', async (t) => {
  await page.goto(`${p.url}/login`);
  await page.getByTestId('signup-link').click();
  await page.waitForURL('**/signup');
  await page.locator('input[name=organization]').fill(NEWCOMER.company);
  await page.locator('input[name=phone]').fill('+7 912 345-67-89');
  await page.locator('input[name=name]').fill('Irina');
  await page.locator('input[name=email]').fill(NEWCOMER.email);
  await page.locator('input[name=new_password]').fill(NEWCOMER.password);
  await page.locator('input[name=repeat_password]').fill('fresh-bread-2025');
  await page.getByText('The two passwords differ.').waitFor();
  t.ok(await page.locator('form[data-testid=signup-form] button[type=submit]').isDisabled(), 'cannot submit mismatching passwords');
  await page.locator('input[name=repeat_password]').fill(NEWCOMER.password);
  await screenshot(page, '40-signup-form');
  await page.locator('form[data-testid=signup-form] button[type=submit]').click();
  await page.getByTestId('signup-done').waitFor();
  t.match(await page.getByTestId('signup-done').textContent(), NEWCOMER.email);
  await screenshot(page, '41-signup-check-inbox');

  // Not confirmed yet: sign-in says so and offers the link again.
  await page.goto(`${p.url}/login?email=${encodeURIComponent(NEWCOMER.email)}`);
  t.equal(await page.locator('input[name=email]').inputValue(), NEWCOMER.email, 'the address is prefilled');
  await page.locator('input[name=password]').fill(NEWCOMER.password);
  await page.locator('form[data-testid=login-form] button[type=submit]').click();
  await page.getByText('Confirm your e-mail first').waitFor();
  await page.getByTestId('resend-verification').click();
  await page.getByTestId('resent').waitFor();
  await screenshot(page, '42-login-unverified-resent');

  await smtp.waitFor(() => smtp.received.filter(mailTo(NEWCOMER.email, /Confirm your e-mail/)).length === 2);
  const [first, second] = smtp.received.filter(mailTo(NEWCOMER.email, /Confirm your e-mail/));
  t.match(second!.html, /Irina’s &lt;Bakery&gt; &amp; Co/, 'the company name is escaped in the HTML mail');

  await page.goto(smtp.linkIn(first!, '/verify-email'));
  await page.getByRole('alert').getByText('already used, or a newer one replaced it').waitFor();
  await screenshot(page, '43-verify-link-replaced');
  await page.goto(smtp.linkIn(second!, '/verify-email'));
  await page.getByTestId('link-done').waitFor();
  await screenshot(page, '44-verify-done');
  await page.getByTestId('go-login').click();
  await page.waitForURL('**/login?email=*');
  await page.locator('input[name=password]').fill(NEWCOMER.password);
  await page.locator('form[data-testid=login-form] button[type=submit]').click();
  await page.getByTestId('awaiting-activation').waitFor();
  await screenshot(page, '45-awaiting-activation');
  await signOut(page);

  await signIn(page, ADMIN.email, ADMIN.password);
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Awaiting activation' }).click();
  await page.waitForURL('**/admin/organizations?status=pending');
  await page.getByRole('link', { name: NEWCOMER.company }).click();
  await page.locator('input[name=product-wifi]').check();
  await page.getByTestId('organization-submit').click();
  await page.getByTestId('saved').waitFor();
  await screenshot(page, '46-superadmin-activated');
  const notice = await smtp.waitFor(mailTo(NEWCOMER.email, /products are active/));
  t.match(notice.text, /WiFi Analytics/);
  await signOut(page);

  await signIn(page, NEWCOMER.email, NEWCOMER.password);
  await page.waitForURL('**/dashboard');
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'WiFi Analytics' }).waitFor();
  t.equal(await page.getByTestId('awaiting-activation').count(), 0);
  await screenshot(page, '47-activated-dashboard');
  await signOut(page);
});

t.test('a forgotten password is reset from the mailed link; the new one signs in', async (t) => {
  await page.goto(`${p.url}/login`);
  await page.getByTestId('forgot-link').click();
  await page.waitForURL('**/forgot-password');
  await page.locator('input[name=email]').fill(NEWCOMER.email);
  await page.locator('form[data-testid=forgot-form] button[type=submit]').click();
  await page.getByTestId('forgot-done').waitFor();
  await screenshot(page, '48-forgot-sent');

  const mail = await smtp.waitFor(mailTo(NEWCOMER.email, /Reset your MyBeacon password/));
  await page.goto(smtp.linkIn(mail, '/reset-password'));
  await page.getByText(`For ${NEWCOMER.email}.`).waitFor();
  await page.locator('input[name=new_password]').fill('password123');
  await page.locator('input[name=repeat_password]').fill('password123');
  await page.locator('form[data-testid=password-link-form] button[type=submit]').click();
  await page.getByRole('alert').getByText('This password is too common; choose a less guessable one.').waitFor();
  await screenshot(page, '49-reset-weak-password');
  await page.locator('input[name=new_password]').fill('rye-and-wheat-42');
  await page.locator('input[name=repeat_password]').fill('rye-and-wheat-42');
  await page.locator('form[data-testid=password-link-form] button[type=submit]').click();
  await page.getByTestId('link-done').waitFor();
  await screenshot(page, '50-reset-done');

  await page.getByTestId('go-login').click();
  await page.locator('input[name=password]').fill(NEWCOMER.password);
  await page.locator('form[data-testid=login-form] button[type=submit]').click();
  await page.getByText('Wrong e-mail or password.').waitFor();
  await page.locator('input[name=password]').fill('rye-and-wheat-42');
  await page.locator('form[data-testid=login-form] button[type=submit]').click();
  await page.waitForURL('**/dashboard');

  await page.goto(smtp.linkIn(mail, '/reset-password'));
  await page.getByRole('alert').getByText('already used').waitFor();
  t.same(pageErrors, [], 'no page errors');
});

import type { Request } from 'playwright-core';
import t from 'tap';
import { ensureWebBuild, launchBrowser, screenshot, signIn, watchPageErrors } from '../helpers/browser.ts';
import { ADMIN, startTestPlatform } from '../helpers/platform.ts';

// Access tokens live 2 seconds here, so the silent refresh on `token_expired` happens during the test.
await ensureWebBuild();
const p = await startTestPlatform(t, { JWT_ACCESS_TTL_SECONDS: '2' });
const context = await launchBrowser(t);
const page = await context.newPage();
const pageErrors = watchPageErrors(page);
const menu = page.getByRole('navigation', { name: 'Menu' });

const OWNER = { email: 'pavel@pending.test', password: 'pending-pass-1' };
const created = await p.api('POST', '/superadmin/organizations', { token: await p.login(ADMIN.email, ADMIN.password), body: { name: 'Pending Ltd', owner: { ...OWNER, name: 'Pavel' } } });
if (created.status !== 201) throw new Error(`cannot create the organization: ${JSON.stringify(created.body)}`);
const orgId: number = created.body.id;

const refreshes: Request[] = [];
page.on('request', (req) => {
  if (req.url().endsWith('/api/v1/auth/refresh')) refreshes.push(req);
});

t.test('a wrong password is explained in words, in the chosen language', async (t) => {
  await page.goto(`${p.url}/login`);
  await signIn(page, OWNER.email, 'not-the-password');
  const alert = page.getByRole('alert');
  await alert.getByText('Wrong e-mail or password.').waitFor();
  t.equal(await alert.getAttribute('data-error-code'), 'invalid_credentials');
  await page.getByTestId('locale-ru').click();
  await alert.getByText('Неверный e-mail или пароль.').waitFor();
  t.equal(await page.getByRole('button', { name: 'Войти' }).count(), 1);
  await screenshot(page, '20-ru-login-error');
  await page.getByTestId('locale-en').click();
});

t.test('an organization without products sees the awaiting-activation screen until activated', async (t) => {
  await signIn(page, OWNER.email, OWNER.password);
  await page.waitForURL('**/dashboard');
  await page.getByTestId('awaiting-activation').getByText('Awaiting activation').waitFor();
  t.match(await page.getByTestId('awaiting-activation').textContent(), /“Pending Ltd” is registered/);
  t.equal(await menu.getByRole('link').count(), 0, 'nothing to navigate to yet');
  await screenshot(page, '21-awaiting-activation');

  const activated = await p.api('PATCH', `/superadmin/organizations/${orgId}`, { token: await p.login(ADMIN.email, ADMIN.password), body: { status: 'active', products: ['ble'] } });
  t.equal(activated.status, 200);
  await page.getByRole('button', { name: 'Check again' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  t.ok(await menu.getByRole('link', { name: 'BLE Tracking' }).isVisible(), 'the enabled product appears in the menu');
  await page.getByTestId('stat-offline-value').waitFor();
  t.equal(await page.getByTestId('stat-online-value').textContent(), '0');
  // A newly activated product opens on its own empty state, not a broken page.
  await menu.getByRole('link', { name: 'BLE Tracking' }).click();
  await page.getByText('No locations yet. Add your first site: a shop, a warehouse, an office.').waitFor();
  await screenshot(page, '26-ble-no-locations');
  await menu.getByRole('link', { name: 'My devices' }).click();
  await page.getByText('No receivers are bound to your organization yet. Contact support to add one.').waitFor();
  await screenshot(page, '22-owner-no-devices');
});

t.test('the access token stays in memory and the refresh token in an httpOnly cookie', async (t) => {
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
  t.notMatch(stored, /eyJ/, 'no JWT in web storage or script-readable cookies');
  const cookie = (await context.cookies()).find((c) => c.name === 'mb_refresh');
  t.match(cookie, { httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
});

t.test('a reload signs in silently, and an expired access token is renewed without a visible hiccup', async (t) => {
  const before = refreshes.length;
  await page.reload();
  await page.getByRole('heading', { name: 'My devices' }).waitFor();
  t.ok(refreshes.length > before, 'the page load exchanged the refresh cookie');
  t.notMatch(page.url(), /login/);

  await page.waitForTimeout(2500); // the access token expires
  const beforeExpiry = refreshes.length;
  await menu.getByRole('link', { name: 'Dashboard' }).click();
  // Three requests fail with token_expired at once; one refresh serves them all.
  await page.getByTestId('stat-offline-value').waitFor();
  t.equal(refreshes.length - beforeExpiry, 1, 'one refresh for concurrent requests');
  t.notMatch(page.url(), /login/);
});

t.test('a session ended elsewhere sends the user to the login page with a reason', async (t) => {
  const token = await p.login(OWNER.email, OWNER.password);
  t.equal((await p.api('POST', '/auth/logout-all', { token })).status, 204);
  await page.waitForTimeout(2500); // the browser's access token expires; its refresh token was revoked
  await menu.getByRole('link', { name: 'My devices' }).click();
  await page.waitForURL('**/login?next=%2Fdevices');
  await page.getByText('Your session has ended. Please sign in again.').waitFor();
  await screenshot(page, '23-session-ended');

  await signIn(page, OWNER.email, OWNER.password);
  await page.waitForURL('**/devices', { waitUntil: 'commit' });
  await page.getByRole('heading', { name: 'My devices' }).waitFor();
  t.pass('signing in again returns to the page that was asked for');
});

t.test('"log out everywhere" ends the other sessions too', async (t) => {
  const other = await p.api('POST', '/auth/login', { body: OWNER });
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout-all').click();
  await page.getByTestId('logout-all-confirm').click();
  await page.waitForURL('**/login');
  const replay = await p.api('POST', '/auth/refresh', { body: { refresh_token: other.body.refresh_token } });
  t.equal(replay.status, 401, "the other device's refresh token no longer works");
  await page.reload();
  await page.locator('form[data-testid=login-form]').waitFor();
  t.equal(new URL(page.url()).pathname, '/login', 'a reload does not sign back in');
});

t.test('an unknown address shows a page, and the menu folds away on a phone', async (t) => {
  await page.goto(`${p.url}/no-such-page`);
  await page.getByText('Page not found.').waitFor();
  // SvelteKit reports an unmatched route on the console by design; that one is expected here.
  const expected = pageErrors.findIndex((e) => e.includes('Not found: /no-such-page'));
  t.ok(expected >= 0, 'the router saw the unknown path');
  pageErrors.splice(expected, 1);
  await page.setViewportSize({ width: 390, height: 780 });
  await page.goto(`${p.url}/login`);
  await signIn(page, OWNER.email, OWNER.password);
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  t.notOk(await menu.isVisible(), 'the menu is folded');
  await screenshot(page, '24-phone-dashboard');
  await page.getByRole('button', { name: 'Menu' }).click();
  await menu.getByRole('link', { name: 'My devices' }).click();
  await page.getByRole('heading', { name: 'My devices' }).waitFor();
  t.notOk(await menu.isVisible(), 'choosing a page folds the menu again');
  await screenshot(page, '25-phone-devices');
});

t.test('only the owner has the users page', async (t) => {
  const ADMIN_USER = { email: 'anna@pending.test', password: 'admin-pass-12', name: 'Anna Admin', role: 'admin' };
  const added = await p.api('POST', `/superadmin/organizations/${orgId}/users`, { token: await p.login(ADMIN.email, ADMIN.password), body: ADMIN_USER });
  t.equal(added.status, 201);
  await page.setViewportSize({ width: 1360, height: 860 });
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await signIn(page, ADMIN_USER.email, ADMIN_USER.password);
  await page.waitForURL('**/dashboard');
  await menu.getByRole('link', { name: 'My devices' }).waitFor();
  t.equal(await menu.getByRole('link', { name: 'Users' }).count(), 0, 'an admin has no users menu entry');
  await page.goto(`${p.url}/users`);
  await page.getByText('Only the organization’s owner manages its users.').waitFor();
  t.equal(await page.getByTestId('users-table').count(), 0, 'and no list when going there directly');
});

// Review finding: no security headers. The walks above run under the CSP; a violation would be logged
// to the console (inline bootstrap script, ECharts/Svelte style attributes) and fail the check below.
t.test('the SPA and the API docs are served under a CSP, and both work under it', async (t) => {
  const spa = await page.goto(`${p.url}/dashboard`);
  t.match(spa!.headers()['content-security-policy'], /script-src 'self' 'sha256-/);
  await menu.getByRole('link', { name: 'My devices' }).waitFor(); // rendered: the inline bootstrap ran
  const docs = await page.goto(`${p.url}/api/v1/docs`);
  t.match(docs!.headers()['content-security-policy'], /frame-ancestors 'none'/);
  await page.getByText('/api/v1/auth/login').first().waitFor();
});

t.test('the UI logged no errors', async (t) => {
  t.same(pageErrors, []);
});

import t from 'tap';
import { ensureWebBuild, launchBrowser, screenshot, signIn, signOut, watchPageErrors } from '../helpers/browser.ts';
import { startTestPlatform } from '../helpers/platform.ts';

// brief: the owner adds users, gives them roles and per-location rights (read-only or read-write) and can
// limit anyone to reading; the guard then sees only "Магазин на Ленина", not "Склад №3". In English and Russian.

await ensureWebBuild();
const p = await startTestPlatform(t);
const context = await launchBrowser(t);
const page = await context.newPage();
const pageErrors = watchPageErrors(page);

const OWNER = { email: 'owner@shop.test', password: 'shop-owner-2026' };
const GUARD = { email: 'guard@shop.test', password: 'shop-guard-2026' };
const TECH = { email: 'tech@shop.test', password: 'shop-tech-2026' };
const admin = await p.adminToken();
await p.api('POST', '/superadmin/organizations', {
  token: admin,
  body: { name: 'Shop', status: 'active', products: ['ble', 'wifi'], timezone: 'Europe/Moscow', owner: { ...OWNER, name: 'Olga' } },
});
const owner = await p.login(OWNER.email, OWNER.password);
const location = async (name: string) => (await p.api('POST', '/client/ble/locations', { token: owner, body: { name, timezone: 'Europe/Moscow' } })).body as { id: number };
const shop = await location('Магазин на Ленина');
const depot = await location('Склад №3');
const member = async (who: { email: string; password: string }, role: string) =>
  (await p.api('POST', '/client/users', { token: owner, body: { email: who.email, role, credentials: 'password', password: who.password } })).body as { id: number };
const guard = await member(GUARD, 'viewer');
const tech = await member(TECH, 'operator');

const row = (email: string) => page.locator(`[data-testid=user-row][data-email="${email}"]`);
const grantSelect = (name: string) => page.locator(`[data-testid=grant-row][data-location="${name}"] [data-testid=grant-select]`);

t.test('the owner grants a guard one location to look at, in English', async (t) => {
  await page.goto(`${p.url}/login`);
  await signIn(page, OWNER.email, OWNER.password);
  await page.waitForURL('**/dashboard');
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Users' }).click();
  await row(GUARD.email).getByTestId('access-edit').click();
  await page.getByRole('heading', { name: `Access of ${GUARD.email}` }).waitFor();
  t.equal(await grantSelect('Склад №3').inputValue(), 'none');
  await grantSelect('Магазин на Ленина').selectOption('read');
  await page.getByTestId('access-save').click();
  await page.getByTestId('access-saved').waitFor();
  await screenshot(page, 'permissions-01-en-users-access');
  const users = (await p.api('GET', '/client/users', { token: owner })).body as Array<{ id: number; grants: unknown[]; read_only: boolean }>;
  t.match(users.find((u) => u.id === guard.id), { read_only: false, grants: [{ location_id: shop.id, access: 'read' }] }, 'saved on the server');
});

t.test('and makes the technician read-only with write on both locations, in Russian', async (t) => {
  await page.getByTestId('locale-ru').click();
  await page.getByRole('heading', { name: 'Пользователи' }).waitFor();
  await row(TECH.email).getByTestId('access-edit').click();
  await page.getByRole('heading', { name: `Права: ${TECH.email}` }).waitFor();
  await grantSelect('Магазин на Ленина').selectOption('write');
  await grantSelect('Склад №3').selectOption('write');
  await page.getByTestId('read-only').check();
  t.ok(await page.getByText('Только чтение', { exact: true }).isVisible());
  await page.getByTestId('access-save').click();
  await page.getByTestId('access-saved').waitFor();
  await row(TECH.email).getByText('только чтение').waitFor();
  t.match(await row(TECH.email).getByTestId('grant-summary').textContent(), 'Локаций: 2');
  await screenshot(page, 'permissions-02-ru-users-access');
  const users = (await p.api('GET', '/client/users', { token: owner })).body as Array<{ id: number; grants: unknown[]; read_only: boolean }>;
  t.match(users.find((u) => u.id === tech.id), { read_only: true, grants: [{ location_id: shop.id, access: 'write' }, { location_id: depot.id, access: 'write' }] });
  await page.getByTestId('locale-en').click();
  await page.getByRole('heading', { name: 'Users' }).waitFor();
  await signOut(page);
});

t.test('the guard sees only the granted location, and no controls the server would refuse', async (t) => {
  await signIn(page, GUARD.email, GUARD.password);
  await page.waitForURL('**/dashboard');
  const nav = page.getByRole('navigation', { name: 'Menu' });
  t.equal(await nav.getByRole('link', { name: 'Users' }).count(), 0, 'no Users item for a viewer');
  t.equal(await page.getByTestId('user-role').textContent(), 'Viewer');
  await nav.getByRole('link', { name: 'BLE Tracking' }).click();
  await page.getByRole('link', { name: 'Магазин на Ленина' }).waitFor();
  t.equal(await page.getByText('Склад №3').count(), 0, 'the other location is not listed');
  t.equal(await page.getByTestId('ble-location-form').count(), 0, 'no form to add a location');
  await screenshot(page, 'permissions-03-en-guard-ble');
  await page.getByRole('link', { name: 'Магазин на Ленина' }).click();
  await page.waitForURL(/\/ble\/locations\/\d+$/);
  await page.getByRole('heading', { name: 'Магазин на Ленина' }).waitFor();
  t.equal(await page.getByTestId('ble-plan-upload').count(), 0, 'no plan upload for a viewer');
  await page.goto(`${p.url}/ble/locations/${depot.id}`);
  await page.getByText(/not found/i).first().waitFor();
  await screenshot(page, 'permissions-04-en-guard-hidden-location');
  await signOut(page);
});

t.test('the read-only technician sees both locations but no editing controls', async (t) => {
  await signIn(page, TECH.email, TECH.password);
  await page.waitForURL('**/dashboard');
  await page.goto(`${p.url}/ble/locations/${depot.id}`);
  await page.getByRole('heading', { name: 'Склад №3' }).waitFor();
  t.equal(await page.getByTestId('ble-plan-upload').count(), 0, 'read-only: nothing to change');
  t.equal(await page.getByTestId('user-role').textContent(), 'Operator · read-only', 'and says why');
  await screenshot(page, 'permissions-05-en-readonly-location');
  await signOut(page);
  // The same operator, no longer read-only, gets the controls back on the very next sign-in.
  await p.api('PATCH', `/client/users/${tech.id}`, { token: owner, body: { read_only: false } });
  await signIn(page, TECH.email, TECH.password);
  await page.waitForURL('**/dashboard');
  await page.goto(`${p.url}/ble/locations/${depot.id}`);
  await page.getByTestId('ble-plan-upload').waitFor();
  t.pass('the upload form is back');
});

t.test('the pages ran without errors', async (t) => {
  t.same(pageErrors, []);
});

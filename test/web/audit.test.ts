import { readFile } from 'node:fs/promises';
import t from 'tap';
import { ensureWebBuild, launchBrowser, screenshot, signIn, watchPageErrors } from '../helpers/browser.ts';
import { ADMIN, startTestPlatform } from '../helpers/platform.ts';
import { member, organizationWithOwner } from '../audit/fixtures.ts';

// The audit log pages: the owner (and admin) read their organization's log, the superadmin everyone's,
// in the brief's columns (time | user | action | object | IP), filtered, exported as CSV, in English and Russian.

await ensureWebBuild();
const p = await startTestPlatform(t);
const org = await organizationWithOwner(p, ['wifi']);
const manager = await member(p, org.token, 'manager');
const context = await launchBrowser(t);
const page = await context.newPage();
const pageErrors = watchPageErrors(page);
const menu = () => page.getByRole('navigation').first();

t.test('the owner sees sign-ins and the pages opened, filters them and downloads the CSV', async (t) => {
  await page.goto(`${p.url}/devices`);
  await signIn(page, org.email, org.password);
  await page.getByRole('heading', { name: 'My devices' }).waitFor();
  await menu().getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('heading', { name: 'Audit log' }).waitFor();
  const table = page.getByTestId('audit-table');
  // The page view of "My devices" arrives through the SPA's report, the login from the server.
  await table.locator('[data-testid=audit-row][data-kind=page_view]', { hasText: '/devices' }).first().waitFor();
  const login = table.locator('[data-testid=audit-row][data-kind=login]').first();
  t.match(await login.textContent(), new RegExp(`\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d.*${org.email.replace(/\./g, '\\.')}.*Login.*Session #.*127\\.0\\.0\\.1`, 's'));
  t.match(await login.getByTestId('audit-object').textContent(), /^Session #[0-9a-f]{8}$/, 'a session reads by its short id');
  t.match(await table.locator('[data-testid=audit-row][data-kind=page_view]', { hasText: '/devices' }).first().textContent(), /Page view.*Page "My devices" \(\/devices\)/s);
  await screenshot(page, 'audit-01-owner-en');

  await page.locator('select[name=kind]').selectOption('login');
  await page.waitForURL(/kind=login/);
  await table.locator('[data-testid=audit-row][data-kind=page_view]').first().waitFor({ state: 'detached' });
  const kinds = await table.locator('[data-testid=audit-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
  t.ok(kinds.length > 0 && kinds.every((k) => k === 'login'), `only logins: ${kinds.join(',')}`);

  const downloading = page.waitForEvent('download');
  await page.getByTestId('audit-export').click();
  const file = await downloading;
  t.match(file.suggestedFilename(), /^audit-\d{4}-\d\d-\d\d\.csv$/);
  const csv = await readFile((await file.path())!, 'utf8');
  const lines = csv.trimEnd().split('\r\n');
  t.equal(lines[0], '"Time (UTC)","User","Action","Object","IP","Operation","Before","After","Details","User agent"');
  t.ok(lines.slice(1).every((l) => l.includes('"Login"')), 'the CSV follows the filter');
  await page.locator('select[name=kind]').selectOption('export');
  await table.locator('[data-testid=audit-row][data-action="audit.export"]').first().waitFor();
  await screenshot(page, 'audit-02-owner-filtered-en');
});

t.test('in Russian the log reads like the brief: Вход, Переход, Экспорт', async (t) => {
  await page.goto(`${p.url}/audit`);
  await page.getByTestId('locale-ru').click();
  await page.getByRole('heading', { name: 'Журнал действий' }).waitFor();
  // The switch is saved on the account while the list reloads in Russian: read the log after both.
  await page.reload();
  await page.getByRole('heading', { name: 'Журнал действий' }).waitFor();
  const table = page.getByTestId('audit-table');
  await table.locator('[data-testid=audit-row][data-kind=update]', { hasText: 'locale "en" → "ru"' }).first().waitFor();
  t.match(await table.locator('[data-testid=audit-row][data-kind=page_view]', { hasText: '/devices' }).first().textContent(), /Переход.*Страница "My devices" \(\/devices\)/s);
  t.match(await table.locator('[data-testid=audit-row][data-kind=login]').first().textContent(), /Вход.*Сеанс #/s);
  t.match(await table.locator('[data-testid=audit-row][data-kind=update]').first().textContent(), /Изменение.*Пользователь #\d+ ".*": locale "en" → "ru"/s);
  await screenshot(page, 'audit-03-owner-ru');
  await page.getByTestId('locale-en').click();
  await page.getByRole('heading', { name: 'Audit log' }).waitFor();
});

t.test('a manager has no audit log in the menu, and the page says so when opened directly', async (t) => {
  // A browser of their own: the owner's refresh cookie lives in the first one.
  const other = await (await launchBrowser(t)).newPage();
  await other.goto(`${p.url}/audit`);
  await signIn(other, manager.email, 'member-password-1');
  await other.getByRole('heading', { name: 'Audit log' }).waitFor();
  await other.getByRole('alert').filter({ hasText: /owner and administrators/i }).waitFor();
  t.equal(await other.getByRole('navigation').first().getByRole('link', { name: 'Audit log' }).count(), 0);
  await screenshot(other, 'audit-04-manager-refused');
});

t.test('the superadmin reads every organization and the platform, and narrows to one organization', async (t) => {
  const admin = await (await launchBrowser(t)).newPage();
  const adminErrors = watchPageErrors(admin);
  await admin.goto(`${p.url}/admin/audit`);
  await signIn(admin, ADMIN.email, ADMIN.password);
  await admin.getByRole('heading', { name: 'Audit log' }).waitFor();
  const table = admin.getByTestId('audit-table');
  await table.locator('[data-testid=audit-row][data-action="organization.create"]').first().waitFor();
  await table.locator('[data-testid=audit-row]', { hasText: org.email }).first().waitFor();
  await screenshot(admin, 'audit-05-superadmin-en');
  await admin.locator('input[name=organization]').fill(String(org.id));
  await admin.locator('input[name=organization]').press('Enter');
  await admin.waitForURL(new RegExp(`organization=${org.id}`));
  await table.locator('[data-testid=audit-row][data-action="auth.login"]', { hasText: ADMIN.email }).first().waitFor({ state: 'detached' });
  const organizations = await table.locator('[data-testid=audit-row] td:nth-child(2)').allTextContents();
  t.ok(organizations.length > 0 && organizations.every((o) => o === `#${org.id}`), `only organization #${org.id}: ${[...new Set(organizations)].join(', ')}`);
  await admin.getByTestId('locale-ru').click();
  await admin.getByRole('heading', { name: 'Журнал действий' }).waitFor();
  await table.locator('[data-testid=audit-row]', { hasText: 'Организация' }).first().waitFor();
  await screenshot(admin, 'audit-06-superadmin-ru');
  await admin.getByTestId('locale-en').click();
  t.same(adminErrors, []);
  t.same(pageErrors, []);
});

t.test('changing a filter is not another page view; opening another page is', async (t) => {
  const db = p.platform.pg.db;
  const views = async () => Number((await db('audit_log').where({ kind: 'page_view', user_email: org.email }).count({ n: '*' }).first())!.n);
  const reported = page.waitForResponse((r) => r.url().endsWith('/api/v1/audit/page-views'));
  await page.goto(`${p.url}/audit`);
  await page.getByRole('heading', { name: 'Audit log' }).waitFor();
  await reported;
  const before = await views();
  await page.locator('select[name=kind]').selectOption('login');
  await page.waitForURL(/kind=login/);
  await page.getByTestId('audit-table').locator('[data-testid=audit-row][data-kind=login]').first().waitFor();
  const next = page.waitForResponse((r) => r.url().endsWith('/api/v1/audit/page-views'));
  await menu().getByRole('link', { name: 'My devices' }).click();
  await next;
  t.equal(await views(), before + 1, 'one more: the devices page, not the filter');
});

import t from 'tap';
import { ensureWebBuild, launchBrowser, screenshot, signIn, watchPageErrors } from '../helpers/browser.ts';
import { ADMIN, startTestPlatform } from '../helpers/platform.ts';

// brief: "nothing freezes on 10,000 devices" — the superadmin's table pages and filters on the server.
const DEVICES = 10_000;

await ensureWebBuild();
const p = await startTestPlatform(t);
const db = p.platform.pg.db;
const hex = (n: number) => n.toString(16).padStart(6, '0').replace(/(..)(..)(..)/, '$1:$2:$3');
await db.batchInsert(
  'devices',
  Array.from({ length: DEVICES }, (_, i) => ({ mac: `02:00:00:${hex(i + 1)}`, token_hash: `hash-${i}`, device_password: '12345678', name: `Shelf ${i + 1}` })),
  1000,
);

const context = await launchBrowser(t);
const page = await context.newPage();
const pageErrors = watchPageErrors(page);
const range = page.getByTestId('pager-range');
const rows = page.getByTestId('device-row');

t.test('the device table shows one page of 10,000 devices quickly', async (t) => {
  await page.goto(`${p.url}/login?next=%2Fadmin%2Fdevices`);
  await signIn(page, ADMIN.email, ADMIN.password);
  await range.filter({ hasText: '1–50 of 10,000' }).waitFor();
  t.equal(await rows.count(), 50, 'only one page is in the DOM');
  await screenshot(page, '30-devices-10k');

  const started = Date.now();
  await page.getByRole('button', { name: 'Next' }).click();
  await range.filter({ hasText: '51–100 of 10,000' }).waitFor();
  const elapsed = Date.now() - started;
  // Generous for a loaded 2-core CI box; a client-side table of 10,000 rows would take far longer.
  t.ok(elapsed < 3000, `the next page arrived in ${elapsed} ms`);
  t.match(page.url(), /page=2/, 'the page is in the URL');
  await page.getByRole('navigation', { name: 'Pages' }).locator('select').selectOption('200');
  await range.filter({ hasText: '1–200 of 10,000' }).waitFor();
  t.equal(await rows.count(), 200);
});

t.test('filters narrow the list on the server and can be cleared', async (t) => {
  await page.locator('input[name=simple_id]').fill('#5000');
  await page.locator('input[name=simple_id]').press('Enter');
  await range.filter({ hasText: '1–1 of 1' }).waitFor();
  t.match(await rows.first().textContent(), /Receiver #5000.*Shelf 5000/s);

  await page.locator('input[name=simple_id]').fill('');
  await page.locator('input[name=simple_id]').press('Enter');
  await range.filter({ hasText: 'of 10,000' }).waitFor();
  await page.locator('input[name=mac]').fill('02:00:00:00:27:1');
  await page.locator('input[name=mac]').press('Enter');
  await page.locator('[data-testid=device-row][data-mac="02:00:00:00:27:10"]').waitFor();
  t.equal(await range.textContent(), '1–1 of 1', 'a MAC fragment finds the one device');

  await page.locator('select[name=online]').selectOption('true');
  await page.getByText('Nothing matches these filters.').waitFor();
  await screenshot(page, '31-devices-no-matches');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await range.filter({ hasText: 'of 10,000' }).waitFor();
  t.equal(await page.locator('input[name=mac]').inputValue(), '', 'clearing empties the inputs too');
});

t.test('the UI logged no errors', async (t) => {
  t.same(pageErrors, []);
});

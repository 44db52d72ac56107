import t, { type Test } from 'tap';
import { accessibilityViolations, screenshot, signIn } from '../helpers/browser.ts';
import { ADMIN } from '../helpers/platform.ts';
import { startCabinet } from './cabinet-fixtures.ts';

// Issue 17's bug list, each walked in Chromium the way the report found it: keyboard, phone width,
// Russian, the URL. Numbers in the test names are the issue's.

const OWNER = { email: 'olga@delta.test', password: 'delta-owner-2026' };
const { p, page, pageErrors, admin, org: delta, owner, receiver: bound, day, visit, signInAs } = await startCabinet(t, {
  organization: 'Delta Retail', owner: { ...OWNER, name: 'Olga' }, mac: '0a:17:00:00:00:01',
});
const demo = (await p.api('POST', '/superadmin/organizations', { token: admin, body: { name: 'Demo Shop', status: 'active', products: ['wifi'] } })).body;
const bare = (await p.api('POST', '/superadmin/organizations', { token: admin, body: { name: 'Bare Active', status: 'active', products: [] } })).body;
await p.api('POST', '/superadmin/organizations', { token: admin, body: { name: 'Waiting Ltd' } });
const viewer = (await p.api('POST', '/client/users', { token: owner, body: { email: 'vera@delta.test', password: 'delta-viewer-2026', role: 'viewer', name: 'Vera' } })).body;
const unbound = (await p.api('POST', '/superadmin/devices', { token: admin, body: { mac: '0a:17:00:00:00:02' } })).body;

// WiFi sightings of the last days (dwell buckets up to "6 h and more") so the charts have bars to label.
for (const [i, minutes] of [10, 30, 90, 400].entries()) await visit(`3c:22:fb:00:02:0${i}`, day(-1), 3 + i, minutes, 2);
await p.platform.products.settle();

const menu = page.getByRole('navigation', { name: 'Menu' });
const focusedTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);

async function noAxeViolations(t: Test, where: string) {
  t.same(await accessibilityViolations(page), [], `${where}: no WCAG 2.2 AA violations found by axe-core`);
}

t.test('1. a role changes only through an explicit, confirmed save — not on an arrow key', async (t) => {
  await signInAs(OWNER.email, OWNER.password, '/dashboard');
  await page.goto(`${p.url}/users`);
  const row = page.locator(`[data-testid=user-row][data-email="${viewer.email}"]`);
  const select = row.getByTestId('role-select');
  await select.focus();
  await page.keyboard.press('ArrowUp');
  t.not(await select.inputValue(), 'viewer', 'the arrow key proposes another role');
  await row.getByTestId('role-save').waitFor();
  const stored = async () => (await p.api('GET', '/client/users', { token: owner })).body.find((u: { id: number }) => u.id === viewer.id).role;
  t.equal(await stored(), 'viewer', 'nothing is saved yet');
  const proposed = await select.inputValue();
  await row.getByTestId('role-save').click();
  t.match(await row.getByRole('alertdialog').textContent(), new RegExp(`Change the role of ${viewer.email} from Viewer to`));
  await row.getByTestId('role-save-confirm').click();
  await row.getByTestId('role-saved').waitFor();
  t.equal(await row.getByTestId('role-saved').textContent(), 'Saved');
  t.equal(await stored(), proposed, 'saved after the confirmation');
  await p.api('PATCH', `/client/users/${viewer.id}`, { token: owner, body: { role: 'viewer' } });
});

t.test('8. /devices/abc is a not-found page, not a validation error', async (t) => {
  await page.goto(`${p.url}/devices/abc`);
  await page.getByTestId('not-found').waitFor();
  t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Page not found.');
  t.notMatch(await page.getByRole('main').textContent(), /Invalid input|Try again/);
  t.ok(await menu.isVisible(), 'inside the cabinet, with its menu');
});

t.test('15. every page has its own title, in both languages', async (t) => {
  const titles: Record<string, string> = {};
  for (const path of ['/dashboard', '/devices', '/users', '/wifi', `/devices/${bound.device.id}`, '/profile']) {
    await page.goto(`${p.url}${path}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const heading = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
    await page.waitForFunction((h) => document.title.startsWith(h), heading);
    titles[path] = await page.title();
    t.equal(titles[path], `${heading} · MyBeacon`, `${path} is titled after its heading`);
  }
  t.equal(new Set(Object.values(titles)).size, Object.keys(titles).length, 'no two pages share a title');
  await page.getByTestId('locale-ru').click();
  await page.waitForFunction(() => document.title === 'Мой профиль · MyBeacon');
  t.pass('the title follows the language');
  await page.getByTestId('locale-en').click();
});

t.test('16. a skip link is the first Tab stop; focus rings are visible; axe finds nothing', async (t) => {
  await page.goto(`${p.url}/devices`);
  await page.getByTestId('my-devices-table').waitFor();
  await page.locator('body').focus();
  await page.keyboard.press('Tab');
  t.equal(await focusedTestId(), 'skip-link');
  t.ok(await page.getByTestId('skip-link').isVisible(), 'visible while focused');
  await page.keyboard.press('Enter');
  t.equal(await page.evaluate(() => document.activeElement?.id), 'main', 'the focus jumps to the content');

  const search = page.locator('input[name=q]');
  await search.focus();
  const ring = await search.evaluate((el) => {
    const s = getComputedStyle(el);
    return { style: s.outlineStyle, width: s.outlineWidth, color: s.outlineColor };
  });
  t.same(ring, { style: 'solid', width: '2px', color: 'rgb(11, 106, 128)' }, 'a 2 px ring in the dark primary (6:1 on white)');
  for (const path of ['/dashboard', '/devices', `/devices/${bound.device.id}`, '/users', '/wifi', '/wifi/exports', '/wifi/thresholds', '/profile']) {
    await page.goto(`${p.url}${path}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.locator('[aria-busy=true]').first().waitFor({ state: 'detached' }).catch(() => undefined);
    await noAxeViolations(t, path);
  }
});

t.test('12. the language picked on the login page wins over the account’s saved one, even after a reload', async (t) => {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await page.waitForURL('**/login');
  await page.getByTestId('locale-ru').click();
  await page.reload();
  await page.getByRole('heading', { name: 'Вход в MyBeacon' }).waitFor();
  await signIn(page, OWNER.email, OWNER.password);
  await page.getByRole('heading', { name: 'Обзор' }).waitFor();
  const me = await p.api('GET', '/auth/me', { token: owner });
  t.equal(me.body.user.locale, 'ru', 'saved to the account');
  await page.getByTestId('locale-en').click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
});

t.test('14. a custom period cannot end in the future', async (t) => {
  const future = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
  const from = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
  await page.goto(`${p.url}/wifi?period=custom&from=${from}&to=${future}`);
  await page.getByTestId('period-problem').waitFor();
  t.equal(await page.getByTestId('period-problem').textContent(), 'The period cannot end after today.');
  const max = await page.locator('input[name=to]').getAttribute('max');
  t.ok(max && max < future, 'the date picker offers no day after today');
  await page.getByRole('alert').filter({ hasText: 'The period cannot end after today.' }).first().waitFor();
});

t.test('phone: the users table is one card per user; charts keep every label; all-offline is highlighted', async (t) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${p.url}/users`);
  const table = page.getByTestId('users-table').locator('table');
  await table.waitFor();
  const fits = await table.evaluate((el) => el.scrollWidth <= (el.parentElement?.clientWidth ?? 0) + 1);
  t.ok(fits, 'no sideways scroll');
  const labels = await page.locator(`[data-testid=user-row][data-email="${viewer.email}"] td[data-label]`).evaluateAll((cells) =>
    cells.map((c) => [c.getAttribute('data-label'), getComputedStyle(c, '::before').content]),
  );
  t.same(labels.slice(0, 3), [['Role', '"Role"'], ['Status', '"Status"'], ['Last sign-in', '"Last sign-in"']], 'each cell is labelled by its column');
  await screenshot(page, 'fixes-01-users-phone');

  await page.goto(`${p.url}/wifi`);
  const dwell = page.getByTestId('dwell-chart');
  await dwell.locator('svg').waitFor();
  await page.waitForFunction(() => /6 h and more/.test(document.querySelector('[data-testid=dwell-chart]')?.textContent ?? ''));
  t.match(await dwell.textContent(), /20–60 min.*6 h and more/s, 'every dwell bucket keeps its label');
  await page.getByTestId('heatmap-chart').locator('svg').waitFor();
  await screenshot(page, 'fixes-02-wifi-phone');
  await page.getByTestId('locale-ru').click();
  await page.getByTestId('kpi-rule-value').waitFor();
  t.equal(await page.getByTestId('kpi-rule-value').textContent(), '5\u00a0мин при\u00a0−75\u00a0дБм', 'a true minus, no break inside');
  const ruleBox = await page.getByTestId('kpi-rule-value').evaluate((el) => el.getClientRects().length);
  t.equal(ruleBox, 1, 'on one line');
  t.match(await page.getByTestId('kpi-events-detail').textContent(), /probe-запросы/);
  await screenshot(page, 'fixes-03-wifi-phone-ru');
  await page.getByTestId('locale-en').click();

  await page.goto(`${p.url}/dashboard`);
  await page.getByTestId('stat-offline-value').waitFor();
  t.equal(await page.getByTestId('stat-offline').getAttribute('data-alert'), 'true', 'every receiver offline: the card is an alarm');
  await screenshot(page, 'fixes-04-dashboard-phone');
});

t.test('3. the phone menu: a backdrop takes the tap beside it, Escape closes it', async (t) => {
  await page.goto(`${p.url}/dashboard`);
  await page.getByTestId('stat-online').waitFor();
  await page.getByTestId('menu-toggle').click();
  await page.getByTestId('menu-backdrop').waitFor();
  t.equal(await page.getByTestId('menu-toggle').getAttribute('aria-expanded'), 'true');
  await screenshot(page, 'fixes-05-menu-phone');
  // The strip right of the drawer, over the "Online receivers" card.
  await page.mouse.click(370, 300);
  await page.getByTestId('menu-backdrop').waitFor({ state: 'detached' });
  t.match(page.url(), /\/dashboard$/, 'the card under the strip did not open');
  t.notOk(await menu.isVisible(), 'the menu closed');

  await page.getByTestId('menu-toggle').click();
  await menu.getByRole('link').first().waitFor();
  t.equal(await page.evaluate(() => document.activeElement?.closest('aside')?.id), 'side-menu', 'the focus moves into the menu');
  await page.keyboard.press('Escape');
  await page.getByTestId('menu-backdrop').waitFor({ state: 'detached' });
  t.equal(await focusedTestId(), 'menu-toggle', 'Escape closes it and the focus returns');
  await noAxeViolations(t, 'dashboard on a phone');
  await page.setViewportSize({ width: 1360, height: 860 });
});

t.test('the superadmin side: switching to the platform administrator', async (t) => {
  await signInAs(ADMIN.email, ADMIN.password, '/admin/organizations');
  t.pass();
});

t.test('6. "Awaiting activation" is one word for one state; active without products says so', async (t) => {
  await page.goto(`${p.url}/admin/organizations`);
  const row = (name: string) => page.locator('[data-testid=organizations-table] tr', { hasText: name });
  await row('Bare Active').waitFor();
  t.equal(await row('Bare Active').getByTestId('organization-status').textContent().then((s) => s?.replace(/\s+/g, ' ').trim()), 'Active No products');
  t.match(await row('Waiting Ltd').getByTestId('organization-status').textContent(), /Awaiting activation/);
  t.same(await page.locator('select[name=status] option').allTextContents(), ['All', 'Awaiting activation', 'Active']);
  t.notMatch(await page.getByRole('main').textContent(), /Pending activation/);
  await page.goto(`${p.url}/admin/organizations/${bare.id}`);
  await page.getByTestId('organization-status').waitFor();
  t.match(await page.getByTestId('organization-status').textContent(), /Active.*No products/s);
});

t.test('10. field errors are the app’s own, localized and next to the field; they clear while typing', async (t) => {
  await page.goto(`${p.url}/admin/organizations/new`);
  await page.getByTestId('organization-submit').click();
  const nameField = page.locator('label', { has: page.locator('input[name=name]') });
  await nameField.getByTestId('field-error').waitFor();
  t.equal(await nameField.getByTestId('field-error').textContent(), 'Fill in this field.');
  t.equal(await page.locator('input[name=name]').getAttribute('aria-invalid'), 'true');
  t.equal(await focusedTestId(), 'INPUT', 'the first invalid field takes the focus');
  t.match(page.url(), /\/new$/, 'nothing was sent');
  t.equal(await page.locator('select[name=timezone]').count(), 1, 'the time zone is picked from a list');
  await page.locator('input[name=name]').fill('X');
  t.equal(await nameField.getByTestId('field-error').count(), 0, 'typing clears it');

  await page.getByTestId('locale-ru').click();
  t.equal(await page.locator('label', { has: page.locator('input[name=name]') }).locator('span').first().textContent(), 'Название', 'an organization has a Название, not an Имя');
  // The server's check (the MAC), worded in Russian next to its field.
  await page.goto(`${p.url}/admin/devices`);
  await page.getByTestId('new-device').click();
  await page.locator('input[name=new_mac]').fill('not-a-mac');
  await page.getByTestId('device-registration-submit').click();
  const macField = page.locator('label', { has: page.locator('input[name=new_mac]') });
  await macField.getByTestId('field-error').waitFor();
  t.equal(await macField.getByTestId('field-error').textContent(), 'Введите MAC-адрес вида 38:54:39:4b:1b:ac.');
  t.equal(await page.getByTestId('device-registration-form').getByRole('alert').count(), 0, 'no raw English banner');
  await screenshot(page, 'fixes-06-field-error-ru');
  await page.locator('input[name=new_mac]').fill('0a:17:00:00:00:09');
  t.equal(await macField.getByTestId('field-error').count(), 0);
  await page.getByTestId('locale-en').click();
  await page.getByTestId('new-device').click();
});

t.test('7. the receiver-number filter refuses junk in the field and never keeps it in the URL', async (t) => {
  await page.goto(`${p.url}/admin/devices`);
  const box = page.locator('input[name=simple_id]');
  await box.fill('abc');
  await page.getByTestId('simple_id-error').waitFor();
  t.equal(await page.getByTestId('simple_id-error').textContent(), 'Enter a receiver number, e.g. 5.');
  await page.waitForTimeout(400); // past the search's 300 ms debounce: nothing may have been searched
  t.notMatch(page.url(), /simple_id/);
  await box.fill(String(bound.device.simple_id));
  await page.waitForURL(new RegExp(`simple_id=${bound.device.simple_id}`));
  await box.fill('');
  await page.waitForURL((url) => !url.searchParams.has('simple_id'));
  await page.goto(`${p.url}/admin/devices?simple_id=abc&online=false`);
  await page.waitForURL((url) => !url.searchParams.has('simple_id') && url.searchParams.get('online') === 'false');
  t.pass('junk arriving in the URL is dropped, the other filters stay');
});

t.test('9. typing a search rewrites one history entry instead of adding one per pause', async (t) => {
  await page.goto(`${p.url}/admin/devices`);
  await page.goto(`${p.url}/admin/devices?online=false`);
  const box = page.locator('input[name=q]');
  for (const text of ['d', 'de', 'dem']) {
    await box.fill(text);
    await page.waitForURL((url) => url.searchParams.get('q') === text);
  }
  await page.goBack();
  await page.waitForURL((url) => !url.searchParams.has('q') && url.searchParams.get('online') === 'false');
  t.pass('one Back returns to before the search');
});

t.test('2. the organization picker works by keyboard (ARIA combobox)', async (t) => {
  await page.goto(`${p.url}/admin/devices/${unbound.device.id}`);
  const input = page.locator('input[name=bind_organization]');
  await input.fill('de');
  await page.getByRole('option', { name: 'Delta Retail' }).waitFor();
  await page.keyboard.press('ArrowDown');
  const active = await input.getAttribute('aria-activedescendant');
  t.ok(active, 'an option is highlighted');
  t.equal(await page.locator(`[id="${active}"]`).getAttribute('aria-selected'), 'true');
  const name = (await page.locator(`[id="${active}"]`).textContent())!.trim();
  await page.keyboard.press('Enter');
  await page.getByTestId('organization-picker-value').filter({ hasText: name }).waitFor();
  t.not(await focusedTestId(), 'BODY', 'the focus stays in the form');
  await page.keyboard.press('Tab');
  t.equal(await focusedTestId(), 'bind', 'Tab reaches the Bind button');
  await page.keyboard.press('Enter');
  await page.locator('a[data-testid=bound-organization]', { hasText: name }).waitFor();
});

t.test('11 and 13. moving a device asks first; an inline confirm takes the focus and Escape cancels it', async (t) => {
  await page.goto(`${p.url}/admin/devices/${bound.device.id}`);
  await page.locator('a[data-testid=bound-organization]', { hasText: 'Delta Retail' }).waitFor();
  await page.locator('input[name=bind_organization]').fill('demo');
  await page.getByRole('option', { name: 'Demo Shop' }).click();
  await page.getByTestId('move').click();
  const dialog = page.getByRole('alertdialog');
  t.equal(await dialog.textContent().then((s) => s?.includes('Move Receiver #1 from “Delta Retail” to “Demo Shop”?')), true);
  t.equal(await focusedTestId(), 'move-cancel', 'the question takes the focus');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  t.equal(await focusedTestId(), 'move', 'Escape cancels; the focus is back on the button');
  const still = await p.api('GET', `/superadmin/devices/${bound.device.id}`, { token: admin });
  t.equal(still.body.organization_id, delta.id, 'not moved without a yes');
  await page.getByTestId('move').click();
  await page.getByTestId('move-confirm').click();
  await page.locator('a[data-testid=bound-organization]', { hasText: 'Demo Shop' }).waitFor();
  t.equal((await p.api('GET', `/superadmin/devices/${bound.device.id}`, { token: admin })).body.organization_id, demo.id);
  await p.api('PATCH', `/superadmin/devices/${bound.device.id}`, { token: admin, body: { organization_id: delta.id } });
});

t.test('4. the device config editor shows the products’ schema refusals per setting, in words; nothing is saved', async (t) => {
  await page.goto(`${p.url}/admin/devices/${unbound.device.id}`);
  const before = Number(await page.getByTestId('desired-version').textContent());
  await page.getByTestId('config-overrides').fill('{"ble":{"batch_interval_ms":"fast"},"foo":1}');
  await page.getByTestId('config-save').click();
  await page.getByTestId('config-errors').waitFor();
  t.same(await page.getByTestId('config-errors').locator('li').allTextContents(), ['ble.batch_interval_ms: This is the wrong kind of value here.', 'foo: Not a setting this device knows.']);
  t.equal(Number(await page.getByTestId('desired-version').textContent()), before, 'no new version');
  t.equal((await p.api('GET', `/superadmin/devices/${unbound.device.id}`, { token: admin })).body.config.desired_version, before);
  await page.getByTestId('config-overrides').fill('{"ble":{"batch_interval_ms":1000}}');
  await page.getByTestId('config-save').click();
  await page.getByText(`Configuration saved as version ${before + 1}.`).waitFor();
  t.equal(await page.getByTestId('config-errors').count(), 0, 'the refusals go once it is right');
});

t.test('5 and 17. a receiver on the HTTP bridge shows online (posting over HTTP); the last error counts the other refusals', async (t) => {
  const posted = await p.api('POST', '/wifi', {
    headers: { authorization: `Bearer ${bound.token}` },
    body: [{ mac: '3c:22:fb:00:09:01', rssi: 5, ts: Date.now() }, { mac: 'zz', rssi: -60, ts: Date.now() }, { mac: '3c:22:fb:00:09:02', rssi: -60, ts: Date.now() }],
  });
  t.match(posted.body, { stored: 1, rejected: 2 });
  await page.goto(`${p.url}/admin/devices`);
  const row = page.locator(`[data-testid=device-row][data-mac="${bound.device.mac}"]`);
  await row.getByTestId('online-badge').filter({ hasText: 'Online' }).waitFor();
  t.match(await row.textContent(), /Online\s*posting over HTTP/);
  t.equal(await row.getByTestId('online-badge').getAttribute('data-connection'), 'http');
  // Refusal counters are written by the ingest path every few seconds: reload until they are there.
  const deadline = Date.now() + 15_000;
  while (!(await p.api('GET', `/superadmin/devices/${bound.device.id}`, { token: admin })).body.last_error) {
    if (Date.now() > deadline) throw new Error('no last_error recorded');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await page.goto(`${p.url}/admin/devices/${bound.device.id}`);
  await page.getByTestId('device-health').waitFor();
  t.match(await page.getByTestId('device-health').textContent(), /rssi_out_of_range: event 0 rssi=5 \(2 refused in this batch: rssi_out_of_range ×1, invalid_mac ×1\)/);
});

t.test('17. "Start export" says why it cannot start', async (t) => {
  await signInAs(OWNER.email, OWNER.password, '/dashboard');
  await page.goto(`${p.url}/wifi/exports`);
  await page.getByTestId('export-all-fields').uncheck();
  t.ok(await page.getByTestId('export-start').isDisabled());
  t.equal(await page.getByTestId('export-blocked').textContent(), 'Pick at least one field.');
  t.equal(await page.getByTestId('export-start').getAttribute('aria-describedby'), 'export-blocked', 'the reason is tied to the button');
  await page.getByTestId('export-all-fields').check();
  t.equal(await page.getByTestId('export-blocked').count(), 0);
});

t.test('Russian: receiver numbers, binding and user status read naturally', async (t) => {
  await page.getByTestId('locale-ru').click();
  await page.goto(`${p.url}/devices`);
  const row = page.locator(`[data-testid=device-row][data-simple-id="${bound.device.simple_id}"]`);
  await row.waitFor();
  t.match(await row.textContent(), new RegExp(`Приёмник №\u00a0${bound.device.simple_id}`));
  await page.goto(`${p.url}/users`);
  await page.locator(`[data-testid=user-row][data-email="${viewer.email}"]`).getByText('Доступ открыт').waitFor();
  await screenshot(page, 'fixes-07-users-ru');
  await page.getByTestId('locale-en').click();
  await page.getByRole('heading', { name: 'Users' }).waitFor();
});

t.test('the UI logged no errors', async (t) => {
  t.same(pageErrors, []);
});

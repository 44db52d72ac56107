import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import t from 'tap';
import { ensureWebBuild, launchBrowser, screenshot, signIn, watchPageErrors } from '../helpers/browser.ts';
import { ADMIN, startTestPlatform } from '../helpers/platform.ts';

// The walk: superadmin creates an organization with an owner, enables a product, registers and binds
// a device; the device connects over real MQTT and sends events; the owner sees it online, in English and Russian.

await ensureWebBuild();
const p = await startTestPlatform(t);
const context = await launchBrowser(t);
const page = await context.newPage();
const pageErrors = watchPageErrors(page);

const OWNER = { email: 'olga@acme.test', password: 'owner-pass-2026', name: 'Olga Owner' };
const MAC = '38:54:39:4b:1b:ac';
let deviceToken = '';
const cleanups: (() => Promise<unknown>)[] = [];
t.teardown(async () => {
  for (const cleanup of cleanups) await cleanup();
});
/** The side menu (the page has other links with the same words). */
const menu = page.getByRole('navigation', { name: 'Menu' });

/** Reloads until `check` passes: device presence and event counts arrive asynchronously. */
async function eventually(page: Page, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await page.waitForTimeout(500);
    await page.reload();
  }
}

t.test('an anonymous visitor is sent to the login page', async (t) => {
  await page.goto(`${p.url}/admin/devices`);
  await page.waitForURL('**/login?next=%2Fadmin%2Fdevices');
  t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Sign in to MyBeacon');
  await screenshot(page, '01-login');
});

t.test('the superadmin creates an organization with an owner and enables a product', async (t) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.waitForURL('**/admin/devices');
  await menu.getByRole('link', { name: 'Organizations' }).click();
  await page.waitForURL('**/admin/organizations');
  await page.getByText('No organizations yet. Create the first one.').waitFor();
  await screenshot(page, '02-organizations-empty');

  await page.getByTestId('new-organization').click();
  await page.locator('input[name=name]').fill('Acme Retail');
  await page.locator('input[name=contact_email]').fill('office@acme.test');
  await page.locator('input[name=phone]').fill('+7 900 000-00-00');
  await page.locator('input[name=owner_email]').fill(OWNER.email);
  await page.locator('input[name=owner_credentials][value=password]').check();
  await page.locator('input[name=owner_password]').fill(OWNER.password);
  await page.locator('input[name=owner_name]').fill(OWNER.name);
  await screenshot(page, '03-organization-new');
  await page.getByTestId('organization-submit').click();
  await page.waitForURL(/\/admin\/organizations\/\d+$/);
  await page.getByText('Awaiting activation').first().waitFor();
  await page.locator('[data-testid=user-row][data-email="olga@acme.test"]').waitFor();

  await page.locator('input[name=product-wifi]').check();
  t.equal(await page.locator('select[name=status]').inputValue(), 'active', 'enabling a product activates a pending organization');
  await page.getByTestId('organization-submit').click();
  await page.getByTestId('saved').waitFor();
  await screenshot(page, '04-organization-detail');

  const list = await p.api('GET', '/superadmin/organizations?q=Acme', { token: await p.adminToken() });
  t.same(list.body.items.map((o: { name: string; status: string; products: string[] }) => [o.name, o.status, o.products]), [['Acme Retail', 'active', ['wifi']]]);

  await menu.getByRole('link', { name: 'Organizations' }).click();
  await page.locator('[data-testid=organizations-table] a', { hasText: 'Acme Retail' }).waitFor();
  await screenshot(page, '05-organizations-list');
});

t.test('the superadmin pre-registers a device and binds it to the organization', async (t) => {
  await menu.getByRole('link', { name: 'Devices' }).click();
  await page.waitForURL('**/admin/devices');
  await page.getByTestId('empty-state').waitFor();
  await page.getByTestId('new-device').click();
  await page.locator('input[name=new_mac]').fill(MAC.toUpperCase());
  await page.getByTestId('device-registration-submit').click();
  deviceToken = ((await page.getByTestId('device-token').textContent()) ?? '').trim();
  t.match(deviceToken, /^[A-Za-z0-9+/]{43}=$/, 'the device token is shown once');
  const row = page.locator(`[data-testid=device-row][data-mac="${MAC}"]`);
  await row.waitFor();
  t.match(await row.textContent(), /Receiver #1.*Unassigned.*Offline/s);
  await screenshot(page, '06-device-registered');

  // A duplicate MAC is refused in words, not with a code.
  await page.locator('input[name=new_mac]').fill(MAC);
  await page.getByTestId('device-registration-submit').click();
  await page.getByText('A device with this MAC already exists.').waitFor();

  await row.getByRole('link', { name: 'Receiver #1' }).click();
  await page.waitForURL(/\/admin\/devices\/\d+$/);
  t.equal(await page.getByTestId('bound-organization').textContent(), 'Not bound to any organization.');
  await page.locator('input[name=bind_organization]').fill('acme');
  await page.getByRole('option', { name: 'Acme Retail' }).click();
  await page.getByTestId('bind').click();
  await page.locator('a[data-testid=bound-organization]', { hasText: 'Acme Retail' }).waitFor();
});

t.test('the device config editor validates JSON and bumps the desired version', async (t) => {
  const before = Number(await page.getByTestId('desired-version').textContent());
  const editor = page.getByTestId('config-overrides');
  await editor.fill('{"wifi": ');
  await page.getByTestId('config-overrides-error').waitFor();
  t.ok(await page.getByTestId('config-save').isDisabled(), 'invalid JSON cannot be saved');
  await editor.fill('["not", "an object"]');
  t.match(await page.getByTestId('config-overrides-error').textContent(), /must be a JSON object/);
  await editor.fill('{"wifi": {"monitor_enabled": true}}');
  await page.getByTestId('config-save').click();
  await page.getByText(`Configuration saved as version ${before + 1}.`).waitFor();
  t.match(await page.getByTestId('config-merged').textContent(), /"monitor_enabled": true/);
  await screenshot(page, '07-device-detail');
});

t.test('the device connects over MQTT, sends events and shows online', async (t) => {
  const client = await mqtt.connectAsync(p.platform.endpoints.MQTT!, {
    clientId: MAC,
    username: MAC,
    password: deviceToken,
    protocolVersion: 4,
    reconnectPeriod: 0,
  });
  // Stays connected for the rest of the walk: the owner must see it online.
  cleanups.push(() => client.endAsync(true));
  const now = Date.now();
  // WiFi, the organization's product: events of a product it does not have would be refused.
  const events = [1, 2, 3].map((i) => ({ mac: `3c:22:fb:01:02:0${i}`, rssi: -60 - i, ts: now - i * 1000 }));
  // QoS 1: the PUBACK arrives once the batch is durable in ClickHouse.
  await client.publishAsync(`devices/${MAC}/wifi`, JSON.stringify(events), { qos: 1 });

  await page.goto(`${p.url}/admin/devices`);
  const row = page.locator(`[data-testid=device-row][data-mac="${MAC}"]`);
  await eventually(page, async () => /Online/.test((await row.textContent()) ?? ''));
  t.match(await row.textContent(), /Receiver #1.*Acme Retail.*Online/s);
  await eventually(page, async () => ((await row.locator('td').last().textContent()) ?? '').trim() === '3');
  await screenshot(page, '08-devices-online');
});

t.test('the owner logs in and sees the device', async (t) => {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await page.waitForURL('**/login');
  await signIn(page, OWNER.email, OWNER.password);
  await page.waitForURL('**/dashboard');
  t.equal(await page.getByTestId('organization-name').textContent(), 'Acme Retail');
  await page.getByTestId('stat-online-value').filter({ hasText: '1' }).waitFor();
  t.equal(await page.getByTestId('stat-offline-value').textContent(), '0');
  t.equal(await page.getByTestId('stat-events-value').textContent(), '3');
  t.ok(await menu.getByRole('link', { name: 'WiFi Analytics' }).isVisible(), 'the enabled product has a section');
  t.equal(await menu.getByRole('link', { name: 'BLE Tracking' }).count(), 0, 'a product not enabled has none');
  t.equal(await menu.getByRole('link', { name: 'Organizations' }).count(), 0, 'no platform pages for a member');
  await screenshot(page, '09-owner-dashboard');

  await menu.getByRole('link', { name: 'My devices' }).click();
  const row = page.locator('[data-testid=device-row][data-simple-id="1"]');
  await row.waitFor();
  t.match(await row.textContent(), /Receiver #1.*Show MAC.*Online/s);
  t.notMatch(await row.textContent(), new RegExp(MAC), 'the MAC stays hidden until asked for');
  await row.getByRole('button', { name: 'Show MAC' }).click();
  t.equal(await row.getByTestId('mac').textContent(), MAC);
  await screenshot(page, '10-owner-devices');

  await page.locator('select[name=period]').selectOption('week');
  await page.waitForURL('**/devices?period=week');
  await row.getByText('3', { exact: true }).waitFor();

  await row.getByRole('link', { name: 'Receiver #1' }).click();
  await page.getByTestId('my-device').waitFor();
  t.match(await page.getByTestId('my-device').textContent(), /Show MAC.*Events today\s*3/s);
  await page.goto(`${p.url}/devices/999999`);
  await page.getByText('This device does not exist or is not yours.').waitFor();
  t.pass("another tenant's or a missing device is one and the same: not found");
});

t.test('product sections open from the menu; a product not enabled says so', async (t) => {
  await menu.getByRole('link', { name: 'WiFi Analytics' }).click();
  await page.getByRole('heading', { level: 1, name: 'WiFi Analytics' }).waitFor();
  await screenshot(page, '11-wifi-section');
  await page.goto(`${p.url}/ble`);
  await page.getByText('BLE Tracking is not enabled for your organization.').waitFor();
  await page.goto(`${p.url}/admin/devices`);
  await page.getByText('You do not have permission for this.').waitFor();
  t.equal(await page.getByTestId('devices-table').count(), 0, 'platform pages refuse a member');
});

t.test('the owner adds a colleague, changes their role and deactivates them', async (t) => {
  await page.goto(`${p.url}/users`);
  await page.locator('input[name=member_email]').fill('max@acme.test');
  await page.locator('input[name=member_credentials][value=password]').check();
  await page.locator('input[name=member_password]').fill('manager-pass-1');
  await page.locator('input[name=member_name]').fill('Max Manager');
  await page.locator('select[name=member_role]').selectOption('manager');
  await page.getByTestId('member-submit').click();
  const row = page.locator('[data-testid=user-row][data-email="max@acme.test"]');
  await row.waitFor();
  const own = page.locator('[data-testid=user-row][data-email="olga@acme.test"]');
  t.equal(await own.getByTestId('role-select').count(), 0, 'the owner cannot change their own role');

  await row.getByTestId('role-select').selectOption('operator');
  await row.getByTestId('role-save').click();
  await row.getByTestId('role-save-confirm').click();
  await row.getByTestId('role-saved').waitFor();
  await row.getByTestId('deactivate').click();
  await row.getByTestId('deactivate-confirm').click();
  await row.getByText('Deactivated').waitFor();
  await screenshot(page, '12-owner-users');

  const users = await p.api('GET', '/client/users', { token: await p.login(OWNER.email, OWNER.password) });
  const max = users.body.find((u: { email: string }) => u.email === 'max@acme.test');
  t.match(max, { role: 'operator', active: false, name: 'Max Manager' });
});

t.test('the Russian interface is remembered for the user', async (t) => {
  await page.goto(`${p.url}/devices`);
  await page.getByTestId('locale-ru').click();
  await page.getByRole('heading', { name: 'Мои устройства' }).waitFor();
  t.equal(await page.evaluate(() => document.documentElement.lang), 'ru');
  const row = page.locator('[data-testid=device-row][data-simple-id="1"]');
  t.match(await row.textContent(), /Приёмник №\u00a01.*Показать MAC.*Онлайн/s);
  await screenshot(page, '13-ru-devices');

  // Saved on the account: a fresh sign-in in a clean browser state comes back in Russian.
  const me = await p.api('GET', '/auth/me', { token: await p.login(OWNER.email, OWNER.password) });
  t.equal(me.body.user.locale, 'ru');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByRole('heading', { name: 'Мои устройства' }).waitFor();
  await page.getByRole('navigation', { name: 'Меню' }).getByRole('link', { name: 'Обзор' }).click();
  await page.getByTestId('stat-online-value').filter({ hasText: '1' }).waitFor();
  t.match(await page.getByTestId('stat-online').textContent(), /1\s*Приёмники онлайн/);
  await screenshot(page, '14-ru-dashboard');
  await page.getByRole('navigation', { name: 'Меню' }).getByRole('link', { name: 'Пользователи' }).click();
  await page.getByText('Доступ закрыт').waitFor();
  await screenshot(page, '15-ru-users');
  await page.getByTestId('locale-en').click();
  await page.getByRole('heading', { name: 'Users' }).waitFor();
});

t.test('the superadmin rotates the token, blocks the device and turns auto-registration off', async (t) => {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.waitForURL('**/admin/organizations');
  await menu.getByRole('link', { name: 'Devices' }).click();
  await page.locator(`[data-testid=device-row][data-mac="${MAC}"]`).getByRole('link', { name: 'Receiver #1' }).click();
  await page.getByTestId('device-health').waitFor();
  t.match(await page.getByTestId('reported-version').textContent(), /^(\d+|—)$/);

  await page.getByTestId('rotate-token').click();
  await page.getByTestId('rotate-token-confirm').click();
  const rotated = ((await page.getByTestId('new-token').textContent()) ?? '').trim();
  t.not(rotated, deviceToken, 'a new token is shown once');
  const refused = mqtt.connect(p.platform.endpoints.MQTT!, { clientId: MAC, username: MAC, password: deviceToken, protocolVersion: 4, reconnectPeriod: 0 });
  const outcome = await new Promise<string>((resolve) => {
    refused.once('connect', () => resolve('accepted'));
    refused.once('error', () => resolve('refused'));
  });
  await refused.endAsync(true);
  t.equal(outcome, 'refused', 'the old token stops working at once');

  await page.getByTestId('block').click();
  await page.getByTestId('block-confirm').click();
  await page.getByTestId('unblock').waitFor();
  t.match(await page.getByRole('main').textContent(), /Blocked/);
  await screenshot(page, '16-device-blocked');
  await page.getByTestId('unblock').click();
  await page.getByTestId('block').waitFor();

  await menu.getByRole('link', { name: 'Settings' }).click();
  const toggle = page.getByTestId('auto-registration-toggle');
  const before = await toggle.getAttribute('aria-checked');
  await toggle.click();
  await page.getByTestId('auto-registration-toggle').and(page.locator(`[aria-checked="${before === 'true' ? 'false' : 'true'}"]`)).waitFor();
  const settings = await p.api('GET', '/superadmin/settings', { token: await p.adminToken() });
  t.equal(settings.body.auto_registration.enabled, before !== 'true', 'the switch is saved');
  await screenshot(page, '17-settings');

  await page.getByTestId('locale-ru').click();
  await page.getByRole('heading', { name: 'Настройки' }).waitFor();
  await screenshot(page, '18-ru-settings');
  await page.getByRole('navigation', { name: 'Меню' }).getByRole('link', { name: 'Устройства' }).click();
  await page.locator(`[data-testid=device-row][data-mac="${MAC}"]`).getByRole('link', { name: 'Приёмник №\u00a01' }).click();
  await page.getByRole('heading', { name: 'Конфигурация' }).waitFor();
  await screenshot(page, '19-ru-device-detail');
  await page.getByTestId('locale-en').click();
});

t.test('the UI logged no errors', async (t) => {
  t.same(pageErrors, []);
});

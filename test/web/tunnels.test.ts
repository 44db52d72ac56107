import type { Page } from 'playwright-core';
import t from 'tap';
import { ensureWebBuild, launchBrowser, screenshot, signIn, watchPageErrors } from '../helpers/browser.ts';
import { ADMIN, startTestPlatform } from '../helpers/platform.ts';
import { makeDevice } from '../broker/fixtures.ts';
import { makeUser, SSH_PASSWORD, simulatedScanner } from '../tunnels/fixtures.ts';

// The walk: a superadmin opens SSH and the dashboard of a simulated scanner behind its tunnel,
// from Chromium; the dashboard's script tries and fails to reach the platform's credentials.

await ensureWebBuild();
const p = await startTestPlatform(t, { TERMINAL_GRACE_SECONDS: '3' });
const db = p.platform.pg.db;
const context = await launchBrowser(t);
const scanner = await simulatedScanner(t, p);
const terminalUrl = `${p.url}/admin/devices/${scanner.row.id}/terminal`;

/** The terminal's visible rows as text (xterm.js DOM renderer). */
const rows = (page: Page) => page.locator('.xterm-rows > div').allTextContents().then((r) => r.map((x) => x.replace(/\u00a0/g, ' ').trimEnd()));
// A locator, not waitForFunction: Playwright's locators run in their own world, untouched by the page's CSP.
const untilRow = (page: Page, test: RegExp) => page.locator('.xterm-rows > div').filter({ hasText: test }).first().waitFor();

async function typeLine(page: Page, text: string): Promise<void> {
  await page.locator('[data-testid=terminal-screen] textarea').focus();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

let firstPage: Page;

t.test('a superadmin opens SSH from the device page, logs in and `echo hello` prints hello', async (t) => {
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(`${p.url}/login`);
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.waitForURL('**/admin/**');
  await page.goto(`${p.url}/admin/devices/${scanner.row.id}`);
  await page.getByTestId('open-ssh').click();
  await page.waitForURL(terminalUrl);
  await untilRow(page, /password:\s*$/);
  await screenshot(page, '60-terminal-password-prompt');
  await typeLine(page, SSH_PASSWORD);
  await untilRow(page, /:~#\s*$/);
  await typeLine(page, 'echo hello');
  await untilRow(page, /^\s*hello\s*$/);
  t.ok((await rows(page)).includes('hello'));
  t.equal(await page.getByTestId('web-terminal').getAttribute('data-connected'), 'true');
  await screenshot(page, '61-terminal-echo-hello');
  t.same(errors, []);
  firstPage = page;
});

t.test('resizing the window resizes the PTY on the device', async (t) => {
  const page = firstPage;
  await typeLine(page, 'stty size');
  await untilRow(page, /^\s*\d+ \d+\s*$/);
  const before = (await rows(page)).find((r) => /^\d+ \d+$/.test(r))!;
  await page.setViewportSize({ width: 1000, height: 700 });
  await typeLine(page, 'clear');
  await typeLine(page, 'stty size');
  await page.locator('.xterm-rows > div').filter({ hasText: /^\s*\d+ \d+\s*$/ }).filter({ hasNotText: before }).first().waitFor();
  const after = (await rows(page)).filter((r) => /^\d+ \d+$/.test(r)).at(-1);
  t.not(after, before, `PTY size changed (${before} → ${after})`);
  await page.setViewportSize({ width: 1360, height: 860 });
});

t.test('closing the tab and reopening within the grace period shows the same session and screen', async (t) => {
  await typeLine(firstPage, 'echo kept-on-screen');
  await untilRow(firstPage, /^\s*kept-on-screen\s*$/);
  await firstPage.close();
  const page = await context.newPage();
  await page.goto(terminalUrl);
  await page.getByTestId('terminal-reattached').waitFor();
  await untilRow(page, /^\s*kept-on-screen\s*$/);
  await typeLine(page, 'echo still-the-same-shell');
  await untilRow(page, /^\s*still-the-same-shell\s*$/);
  await screenshot(page, '62-terminal-reattached');
  await page.close();
  t.pass('reattached with the screen restored');
});

t.test('after the grace period a new session opens over the same tunnel', async (t) => {
  const first = await db('tunnel_sessions').where({ device_id: scanner.row.id, kind: 'terminal' }).orderBy('started_at').first();
  // The grace period is 3 s here: wait for the session's record to say it ended.
  for (let i = 0; i < 200 && !(await db('tunnel_sessions').where({ id: first.id }).first()).ended_at; i++) await new Promise((r) => setTimeout(r, 50));
  t.equal((await db('tunnel_sessions').where({ id: first.id }).first()).end_reason, 'browser_closed');
  const page = await context.newPage();
  await page.goto(terminalUrl);
  await untilRow(page, /password:\s*$/);
  t.notOk((await rows(page)).includes('kept-on-screen'), 'a fresh screen');
  t.equal(await page.getByTestId('terminal-reattached').count(), 0);
  t.equal(scanner.agent.dials, 1, 'the tunnel stayed up: no new dial');
  await page.close();
});

t.test('the dashboard renders in an isolated iframe; its script cannot read the platform\'s cookies or tokens nor call the API with them', async (t) => {
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  const apiCalls: Array<Record<string, string>> = [];
  context.on('request', (req) => {
    if (req.url().includes('/api/v1/auth/refresh') && req.frame() !== page.mainFrame()) void req.allHeaders().then((h) => apiCalls.push(h));
  });
  await page.goto(`${p.url}/admin/devices/${scanner.row.id}/dashboard?probe=1`);
  const frame = page.frameLocator('[data-testid=device-dashboard]');
  await frame.getByRole('heading', { name: `Scanner scanner-${scanner.row.id}` }).waitFor();
  await frame.locator('#live.ok').waitFor();
  await frame.locator('#echo', { hasText: 'pong' }).waitFor();
  await frame.locator('#probe:not(:empty)').waitFor();
  const result = JSON.parse((await frame.locator('#probe').textContent()) ?? '{}') as Record<string, string>;
  t.equal(result.origin, 'null', 'an opaque origin');
  t.match(result.cookie, /^blocked/, 'document.cookie throws');
  t.match(result.storage, /^blocked/, 'no web storage');
  t.match(result.parent, /^blocked/, 'the platform page is out of reach');
  t.match(result.parentStorage, /^blocked/);
  t.match(result.refresh, /^blocked/, 'the refresh endpoint cannot be read');
  t.match(result.devices, /^blocked/, 'nor the API');
  t.ok(apiCalls.length > 0, 'the dashboard did try the API');
  for (const headers of apiCalls) {
    t.notMatch(headers.cookie ?? '', /mb_refresh/, 'the refresh cookie never went with it');
    t.notOk(headers.authorization);
  }
  // What the device received: never the platform's cookie or authorization, never the capability host.
  t.ok(scanner.services.dashboardRequests.length >= 2, 'page and its absolute-path script came through');
  for (const h of scanner.services.dashboardRequests) {
    t.notMatch(h.cookie ?? '', /mb_refresh/);
    t.notOk(h.authorization);
    t.equal(h.host, 'localhost');
    t.notOk(h.referer);
  }
  t.ok(errors.some((e) => /from origin 'null' has been blocked by CORS policy/.test(e)), 'Chromium itself says the API refused the opaque origin');
  t.same(errors.filter((e) => !/blocked by CORS policy|net::ERR_FAILED/.test(e)), [], 'nothing else failed');
  await screenshot(page, '63-device-dashboard');
  // The device's own session cookie lives in the proxy's jar for this link: a reload continues it.
  t.equal(await frame.locator('#session').textContent(), 'new');
  await frame.locator('body').evaluate(() => location.reload());
  await frame.locator('#session', { hasText: 'continued' }).waitFor();
  await page.close();
});

t.test("the terminal and the dashboard work under the platform's own Content-Security-Policy", async (t) => {
  // helmet's header (api/http/security-headers.ts): scripts only from the origin plus hashed bootstraps,
  // the terminal's WebSocket on the origin, and frames only from the dashboards' own hosts.
  const csp = (await fetch(terminalUrl)).headers.get('content-security-policy') ?? '';
  t.match(csp, /frame-src \*\.dashboard\.localhost:\*/);
  t.notMatch(csp, /script-src[^;]*'unsafe-inline'/);
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  const violations: string[] = [];
  page.on('console', (msg) => /Content Security Policy/.test(msg.text()) && violations.push(msg.text()));
  await page.goto(terminalUrl);
  await untilRow(page, /password:\s*$/);
  await typeLine(page, SSH_PASSWORD);
  await untilRow(page, /:~#\s*$/);
  await typeLine(page, 'echo under-csp');
  await untilRow(page, /^\s*under-csp\s*$/);
  await page.goto(`${p.url}/admin/devices/${scanner.row.id}/dashboard`);
  await page.frameLocator('[data-testid=device-dashboard]').locator('#echo', { hasText: 'pong' }).waitFor();
  t.same(violations, [], 'no CSP violation');
  t.same(errors.filter((e) => !/Content Security Policy/.test(e)), []);
  await page.close();
});

t.test("an offline device's terminal page says so, in Russian too", async (t) => {
  const offline = await makeDevice(p);
  const page = await context.newPage();
  await page.goto(`${p.url}/admin/devices/${offline.row.id}/terminal`);
  const alert = page.getByRole('alert');
  await alert.getByText('The device is offline.').waitFor();
  t.equal(await alert.getAttribute('data-error-code'), 'device_offline');
  await page.getByTestId('locale-ru').click();
  await alert.getByText('Устройство не в сети.').waitFor();
  await screenshot(page, '65-terminal-offline-ru');
  await page.getByTestId('locale-en').click();
  await page.close();
});

t.test("the organization's owner opens the dashboard from the client device page, and has no SSH button", async (t) => {
  const owner = await makeUser(p, 'owner', scanner.row.organization_id);
  const ownerContext = await launchBrowser(t);
  const page = await ownerContext.newPage();
  const errors = watchPageErrors(page);
  await page.goto(`${p.url}/login`);
  await signIn(page, owner.email, owner.password);
  await page.waitForURL('**/dashboard');
  await page.goto(`${p.url}/devices/${scanner.row.id}`);
  await page.getByTestId('open-dashboard').waitFor();
  t.equal(await page.getByTestId('open-ssh').count(), 0, 'no SSH for a client');
  await page.getByTestId('locale-ru').click();
  await page.getByTestId('open-dashboard').filter({ hasText: 'Открыть панель' }).click();
  await page.frameLocator('[data-testid=device-dashboard]').getByRole('heading', { name: `Scanner scanner-${scanner.row.id}` }).waitFor();
  await screenshot(page, '64-client-dashboard-ru');
  const terminal = await p.api('POST', `/superadmin/devices/${scanner.row.id}/terminal`, { token: await p.login(owner.email, owner.password), body: {} });
  t.equal(terminal.status, 403, 'and the API agrees');
  t.same(errors, []);
});

t.test('the device page lists the remote sessions and closes the tunnel', async (t) => {
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(`${p.url}/admin/devices/${scanner.row.id}`);
  const card = page.getByTestId('remote-access-card');
  await card.getByTestId('tunnel-state').and(page.locator('[data-state=up]')).waitFor();
  const rowsShown = await card.getByTestId('tunnel-sessions').locator('tbody tr').count();
  t.ok(rowsShown >= 4, `terminal and dashboard sessions listed (${rowsShown})`);
  t.match(await card.getByTestId('tunnel-sessions').textContent(), /SSH · root.*root@test\.local/s);
  await screenshot(page, '66-remote-access-card');
  const closed = new Promise<void>((resolve) => scanner.agent.on((e) => e === 'closed' && resolve()));
  await card.getByTestId('close-tunnel').click();
  await card.getByTestId('close-tunnel-confirm').click();
  await card.locator('[data-testid=tunnel-state][data-state=none]').waitFor();
  await closed;
  t.same(errors, []);
  await page.close();
});

import t from 'tap';
import { DEMO_OWNER } from '../../db/seed/demo.ts';
import { ensureWebBuild, launchBrowser, screenshot, signIn, watchPageErrors } from '../helpers/browser.ts';
import { ADMIN, startTestPlatform } from '../helpers/platform.ts';
import { eventually } from '../ingest/fixtures.ts';

// The superadmin's monitoring dashboard against a living demo: simulated receivers publish through the
// real broker, so the platform's own charts move; a 1 % disk threshold makes a real alert to show.

await ensureWebBuild();
const p = await startTestPlatform(t, { MYBEACON_DEMO: '1', MONITORING_INTERVAL_MS: '500', ALERT_DISK_USED_PERCENT: '1', DEVICE_PRESENCE_FLUSH_MS: '200' });
const context = await launchBrowser(t);
const page = await context.newPage();
const pageErrors = watchPageErrors(page);

t.test('the superadmin sees live charts of the host and the platform, and the active alerts', async (t) => {
  // The demo's BLE tags advertise around the clock: wait until the samples show stored events.
  const admin = await p.adminToken();
  await eventually(async () => ((await p.api('GET', '/monitoring/samples', { token: admin })).body.samples.some((s: { events_per_second: number }) => s.events_per_second > 0) ? true : undefined), 20_000);

  await page.goto(`${p.url}/admin/monitoring`);
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.getByRole('heading', { name: 'Monitoring' }).waitFor();
  t.match(await page.getByTestId('host-cpu-value').textContent(), /^[\d.,]+% of \d+ cores$/);
  t.match(await page.getByTestId('host-memory-value').textContent(), /^[\d.,]+ [KMGT]?B of [\d.,]+ [KMGT]?B$/);
  t.match(await page.getByTestId('host-load-value').textContent(), /^[\d.,]+ \/ [\d.,]+ \/ [\d.,]+$/);
  // Alerts are evaluated on the server's beat and the page polls them; a busy machine may take a while.
  await page.getByTestId('alert-disk_nearly_full').waitFor({ timeout: 45_000 });
  t.match(await page.getByTestId('alert-disk_nearly_full').textContent(), /Warning|Critical/);
  t.match(await page.getByTestId('alert-disk_nearly_full').textContent(), /The data disk is [\d.,]+% full \(threshold 1%\)/);
  for (const chart of ['devices', 'events', 'queue', 'insert', 'cpu-memory', 'network', 'disk-io']) {
    await page.getByTestId(`chart-${chart}-chart`).locator('svg').waitFor();
  }
  // Live: new samples keep arriving without a reload (a line path grows point by point).
  const path = page.getByTestId('chart-events-chart').locator('path').first();
  const before = await path.getAttribute('d');
  await eventually(async () => ((await path.getAttribute('d')) !== before ? true : undefined), 10_000);
  await screenshot(page, 'monitoring-en');
  t.same(pageErrors, []);
});

t.test('on the other admin pages a banner points the superadmin at the alerts', async (t) => {
  await page.goto(`${p.url}/admin/organizations`);
  const banner = page.getByTestId('alert-banner');
  await banner.waitFor({ timeout: 30_000 });
  t.match(await banner.textContent(), /1 active alert\(s\) on the platform/);
  await banner.click();
  await page.waitForURL(/\/admin\/monitoring$/);
  t.equal(await page.getByTestId('alert-banner').count(), 0, 'not repeated on the monitoring page itself');
});

t.test('the monitoring dashboard speaks Russian', async (t) => {
  await page.getByTestId('locale-ru').click();
  await page.getByRole('heading', { name: 'Мониторинг' }).waitFor();
  t.match(await page.getByTestId('alert-disk_nearly_full').textContent(), /Диск с данными заполнен на [\d.,]+% \(порог 1%\)/);
  t.match(await page.getByTestId('host-cpu-value').textContent(), /% из \d+ ядер/);
  await page.getByTestId('chart-events-chart').locator('svg').waitFor();
  await screenshot(page, 'monitoring-ru');
  t.same(pageErrors, []);
});

t.test('the demo owner\'s first login shows a filled WiFi dashboard', async (t) => {
  const owner = await (await launchBrowser(t)).newPage();
  const errors = watchPageErrors(owner);
  // The demo's history becomes visits in the sessionizer: this pass is the one the page must show, so
  // its first answer counts (the page's own refresh comes only every 30 s). That answer reads three days of
  // demo traffic while the demo keeps publishing: seconds on a loaded box, hence the ceiling.
  await p.platform.products.settle();
  const summary = owner.waitForResponse((r) => r.ok() && new URL(r.url()).pathname.endsWith('/client/wifi/summary'), { timeout: 60_000 });
  await owner.goto(`${p.url}/wifi`);
  await signIn(owner, DEMO_OWNER.email, DEMO_OWNER.password);
  const visitors: number = (await (await summary).json()).visitors.total;
  t.ok(visitors > 0, `the demo's history gives this week visitors (${visitors})`);
  await owner.locator(`[data-testid=kpi-visitors-value][data-value="${visitors}"]`).waitFor();
  await owner.getByTestId('traffic-chart').locator('svg').waitFor();
  await screenshot(owner, 'demo-owner-wifi');
  t.same(errors, []);
});

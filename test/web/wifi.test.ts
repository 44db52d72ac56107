import { readFile } from 'node:fs/promises';
import type { Locator } from 'playwright-core';
import t from 'tap';
import { localDate, zonedMidnight, type LocalDate } from '../../core/time-zones.ts';
import { ARTIFACTS_DIR, ensureWebBuild, launchBrowser, screenshot, signIn, watchPageErrors } from '../helpers/browser.ts';
import { startTestPlatform } from '../helpers/platform.ts';

// The WiFi Analytics section against a real platform: probes go through the real ingest queue and the
// sessionizer, the browser shows the API's numbers, draws the charts, edits the visitor rules and exports a file.

await ensureWebBuild();
// A returning visitor needs a sighting from before the week, older than the default 7-day ingest window.
const p = await startTestPlatform(t, { INGEST_MAX_EVENT_AGE_DAYS: '30' });
const context = await launchBrowser(t);
const page = await context.newPage();
const pageErrors = watchPageErrors(page);
const menu = page.getByRole('navigation', { name: 'Menu' });

const TZ = 'Europe/Moscow'; // not the browser's UTC: days and hours must be the organization's
const MIN = 60_000;
const OWNER = { email: 'owner@mall.test', password: 'mall-owner-2026' };
const VIEWER = { email: 'viewer@mall.test', password: 'mall-viewer-2026' };
const OPERATOR = { email: 'operator@mall.test', password: 'mall-operator-2026' };
const admin = await p.adminToken();
const org = (await p.api('POST', '/superadmin/organizations', {
  token: admin,
  body: { name: 'Riverside Mall', status: 'active', products: ['wifi'], timezone: TZ, owner: { ...OWNER, name: 'Olga' } },
})).body;
const owner = await p.login(OWNER.email, OWNER.password);
await p.api('POST', '/client/users', { token: owner, body: { ...VIEWER, role: 'viewer' } });
await p.api('POST', '/client/users', { token: owner, body: { ...OPERATOR, role: 'operator' } });
const receivers: { id: number; mac: string }[] = [];
for (const mac of ['0a:20:00:00:00:01', '0a:20:00:00:00:02']) {
  receivers.push((await p.api('POST', '/superadmin/devices', { token: admin, body: { mac, organization_id: org.id } })).body.device);
}

// Sightings over the last days (Moscow time); "week", the dashboard's default period, covers them all.
const today = localDate(new Date(), TZ);
const day = (offset: number): LocalDate => ({ ...today, day: today.day + offset });
const at = (d: LocalDate, hh: number, mm = 0) => zonedMidnight(d, TZ).getTime() + (hh * 60 + mm) * MIN;
const iso = (d: LocalDate) => new Date(Date.UTC(d.year, d.month - 1, d.day)).toISOString().slice(0, 10);
const weekStart = zonedMidnight(day(-6), TZ).getTime();
let sent = 0; // probes within the week
let sentRandomized = 0;

/** One probe a minute from `start` to `end`, sent by a receiver through the real ingest queue. */
async function presence(receiver: 0 | 1, mac: string, start: number, end: number, rssi: number) {
  const events = [];
  for (let ts = start; ts <= end; ts += MIN) events.push({ mac, rssi, ts, ssid: 'Cafe', channel: 6 });
  const device = receivers[receiver]!;
  const result = await p.platform.api.ingest.submit({ deviceId: device.id, mac: device.mac, organizationId: org.id, products: ['wifi' as const] }, 'wifi', Buffer.from(JSON.stringify(events)));
  if (result.stored !== events.length) throw new Error(`stored ${result.stored} of ${events.length}`);
  if (start < weekStart) return;
  sent += events.length;
  if (/^.[26ae]/i.test(mac)) sentRandomized += events.length;
}

await presence(0, '3c:22:fb:00:00:01', at(day(-2), 10), at(day(-2), 10, 30), -60); // a regular: two days
await presence(0, '3c:22:fb:00:00:01', at(day(-1), 11), at(day(-1), 11, 20), -55);
await presence(0, 'da:a1:19:00:00:02', at(day(-2), 12), at(day(-2), 12, 10), -65); // randomized visitor
await presence(0, '00:12:fb:00:00:03', at(day(-2), 13), at(day(-2), 13, 2), -70); // too short: a passer-by
await presence(1, '3c:22:fb:00:00:04', at(day(-1), 14), at(day(-1), 14, 30), -80); // too weak: a passer-by
await presence(1, '3c:a9:f4:00:00:05', at(day(-1), 9), at(day(-1), 10, 10), -58); // a long visit
await presence(1, '3c:22:fb:00:00:06', at(day(-6), 18), at(day(-6), 18, 1), -60); // seen before yesterday…
await presence(1, '3c:22:fb:00:00:06', at(day(-1), 15), at(day(-1), 15, 25), -62); // …and back
await presence(0, '3c:22:fb:00:00:07', at(day(-10), 17), at(day(-10), 17, 20), -60); // a visitor from before the week…
await presence(0, '3c:22:fb:00:00:07', at(day(-1), 16), at(day(-1), 16, 40), -57); // …comes back: returning
await p.platform.products.settle();

/** Logs the current user out and another one in, then opens the WiFi section. */
async function switchUser(email: string, password: string) {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await page.waitForURL('**/login');
  await signIn(page, email, password);
  await page.waitForURL('**/dashboard');
  await page.goto(`${p.url}/wifi`);
}

const summaryOf = async (query: string) => (await p.api('GET', `/client/wifi/summary?${query}`, { token: owner })).body;
const kpi = (name: string): Locator => page.getByTestId(`kpi-${name}-value`);
const number = (locale: string) => (n: number) => new Intl.NumberFormat(locale).format(n);

t.test('the owner sees the week with exactly the API’s numbers', async (t) => {
  await page.goto(`${p.url}/login`);
  await signIn(page, OWNER.email, OWNER.password);
  await page.waitForURL('**/dashboard');
  await menu.getByRole('link', { name: 'WiFi Analytics' }).click();
  await page.waitForURL('**/wifi');
  await kpi('uniques').waitFor();
  const s = await summaryOf('period=week');
  t.same([s.uniques.total, s.visitors.total, s.returning_visitors, s.repeat_visitors], [7, 5, 1, 1], `the fixture as the API counts it (${JSON.stringify(s.uniques)})`);

  const en = number('en-US');
  const expected: Record<string, [number, string]> = {
    uniques: [s.uniques.total, en(s.uniques.total)],
    visitors: [s.visitors.total, en(s.visitors.total)],
    'passers-by': [s.passers_by, en(s.passers_by)],
    'capture-rate': [s.capture_rate, new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(s.capture_rate)],
    visits: [s.visits, en(s.visits)],
    'dwell-mean': [s.dwell.mean_minutes, new Intl.NumberFormat('en-US', { style: 'unit', unit: 'minute', unitDisplay: 'short', maximumFractionDigits: 1 }).format(s.dwell.mean_minutes)],
    'dwell-median': [s.dwell.median_minutes, `${en(s.dwell.median_minutes)} min`],
    events: [s.events, en(s.events)],
    repeat: [s.repeat_visitors, en(s.repeat_visitors)],
    new: [s.new_visitors, en(s.new_visitors)],
    returning: [s.returning_visitors, en(s.returning_visitors)],
  };
  for (const [name, [raw, text]] of Object.entries(expected)) {
    t.equal(Number(await kpi(name).getAttribute('data-value')), raw, `${name}: the API's value`);
    t.equal(await kpi(name).textContent(), text, `${name}: shown as ${text}`);
  }
  t.equal(s.events, sent, 'every probe sent is counted');
  t.equal(await page.getByTestId('kpi-uniques-detail').textContent(), `${s.uniques.real} real · ${s.uniques.randomized} randomized`);
  t.match(await page.getByTestId('period-shown').textContent(), new RegExp(`time zone ${TZ}`));

  for (const chart of ['traffic-chart', 'dwell-chart', 'vendors-chart']) {
    const svg = page.getByTestId(chart).locator('svg');
    await svg.waitFor();
    t.ok((await svg.locator('path').count()) > 3, `${chart} is drawn as SVG`);
  }
  // Buckets are the organization's local dates, labelled as such whatever the browser's zone.
  await page.locator('[data-testid=wifi-dashboard][aria-busy=false]').waitFor();
  const label = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso(day(-1))}T00:00:00Z`));
  t.match(await page.getByTestId('traffic-chart').textContent(), label, `the traffic chart has a bar for ${label}`);
  const series = (await p.api('GET', '/client/wifi/series?period=week&granularity=day', { token: owner })).body.points as { bucket: string; uniques_real: number; visitors: number }[];
  const yesterdayPoint = series.find((pt) => pt.bucket === iso(day(-1)))!;
  t.match(await page.getByTestId('vendors-chart').textContent(), /Apple, Inc\./, 'vendors come from the IEEE registry');
  // Hovering yesterday's bar shows its numbers in a tooltip.
  const traffic = page.getByTestId('traffic-chart');
  await traffic.scrollIntoViewIfNeeded();
  const box = (await traffic.boundingBox())!;
  await page.mouse.move(box.x + box.width * (5.5 / 7), box.y + box.height / 2, { steps: 3 });
  const tooltip = traffic.locator('div[style*="z-index: 9999999"]'); // ECharts' tooltip box
  await tooltip.waitFor();
  t.match(await tooltip.textContent(), new RegExp(`${label}.*Real devices\\s*${yesterdayPoint.uniques_real}.*Visitors\\s*${yesterdayPoint.visitors}`, 's'), 'the tooltip has the bar’s numbers');
  await page.screenshot({ path: `${ARTIFACTS_DIR}/wifi-01-tooltip.png`, clip: (await page.getByTestId('chart-traffic').boundingBox())! });
  await page.mouse.move(0, 0);

  const api = (await p.api('GET', '/client/wifi/receivers?period=week', { token: owner })).body.receivers as { id: number; events: number; devices: number }[];
  const rows = page.getByTestId('wifi-receiver-row');
  t.equal(await rows.count(), 2);
  for (const r of api) {
    const row = page.locator(`[data-testid=wifi-receiver-row][data-id="${r.id}"]`);
    t.equal(await row.getByTestId('receiver-events').textContent(), en(r.events));
    t.equal(await row.getByTestId('receiver-devices').textContent(), en(r.devices));
  }
  t.equal(api.reduce((sum, r) => sum + r.events, 0), sent);
  await screenshot(page, 'wifi-01-dashboard-en');

  // On a phone the cards stack and the charts follow the width.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForFunction(() => (document.querySelector('[data-testid=traffic-chart] svg')?.getBoundingClientRect().width ?? 999) < 390);
  await screenshot(page, 'wifi-01-dashboard-phone');
  await page.setViewportSize({ width: 1360, height: 860 });
});

t.test('period and granularity live in the URL; an empty period says why', async (t) => {
  await page.getByTestId('granularity-hour').click();
  await page.waitForURL(/granularity=hour/);
  await page.getByTestId('traffic-chart').locator('svg path').first().waitFor({ state: 'attached' });
  await page.locator('[data-testid=wifi-dashboard][aria-busy=false]').waitFor();
  t.match(await page.getByTestId('traffic-chart').textContent(), /\d\d:00/, 'hour buckets are labelled by local hour');
  await page.getByTestId('chart-traffic').screenshot({ path: `${ARTIFACTS_DIR}/wifi-02-hours.png` });

  await page.locator('select[name=period]').selectOption('yesterday');
  await page.waitForURL(/period=yesterday/);
  t.notMatch(page.url(), /granularity/, 'a new period starts with its own default grouping');
  const yesterday = await summaryOf('period=yesterday');
  await page.waitForFunction((n) => document.querySelector('[data-testid=kpi-visits-value]')?.getAttribute('data-value') === String(n), yesterday.visits);
  t.equal(await kpi('uniques').getAttribute('data-value'), String(yesterday.uniques.total));

  await page.reload();
  await kpi('uniques').waitFor();
  t.equal(await page.locator('select[name=period]').inputValue(), 'yesterday', 'a reload keeps the period');

  await page.locator('select[name=period]').selectOption('custom');
  await page.waitForURL(/period=custom&from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d/);
  t.equal(await page.locator('input[name=from]').inputValue(), iso(day(-1)), 'custom starts from the dates shown');
  await page.locator('input[name=from]').fill(iso(day(-2)));
  await page.waitForURL(new RegExp(`from=${iso(day(-2))}`));
  const custom = await summaryOf(`period=custom&from=${iso(day(-2))}&to=${iso(day(-1))}`);
  await page.waitForFunction((n) => document.querySelector('[data-testid=kpi-visitors-value]')?.getAttribute('data-value') === String(n), custom.visitors.total);
  await page.locator('input[name=to]').fill(iso(day(-3)));
  await page.getByText('The first day must not be after the last.').waitFor();
  t.match(page.url(), new RegExp(`to=${iso(day(-1))}`), 'an impossible range is not applied');

  await page.locator('select[name=period]').selectOption('today');
  await page.getByTestId('wifi-no-data').waitFor();
  await page.locator('[data-testid=wifi-dashboard][aria-busy=false]').waitFor();
  t.equal(await kpi('capture-rate').textContent(), '—', 'no rate of nothing');
  t.equal(await kpi('dwell-mean').textContent(), '—', 'no dwell without visits');
  t.match(await page.getByTestId('wifi-no-data').textContent(), /No WiFi data yet in this period.*wifi\.monitor_enabled/s);
  t.equal(await page.getByTestId('traffic-chart').count(), 0, 'no empty charts');
  t.equal(await page.getByTestId('wifi-receiver-row').count(), 2, 'the receivers are still listed');
  await screenshot(page, 'wifi-02-no-data');
  await page.locator('select[name=period]').selectOption('week');
  await page.waitForURL((url) => !url.search.includes('period='));
});

t.test('the dashboard in Russian, numbers in Russian format', async (t) => {
  await page.getByTestId('locale-ru').click();
  await page.getByText('Устройства и посетители').waitFor();
  const s = await summaryOf('period=week');
  const ru = new Intl.NumberFormat('ru-RU', { style: 'percent', maximumFractionDigits: 1 }).format(s.capture_rate);
  t.equal(await kpi('capture-rate').textContent(), ru, `capture rate as ${ru}`);
  t.match(await page.getByTestId('wifi-kpis').textContent(), /Уникальные устройства.*Посетители.*Прохожие/s);
  t.match(await page.getByTestId('traffic-chart').textContent(), /Реальные устройства/, 'chart legends are translated');
  t.match(await page.getByTestId('wifi-receivers').textContent(), /Приёмник №\u00a0\d+/);
  await page.locator('[data-testid=wifi-dashboard][aria-busy=false]').waitFor();
  await screenshot(page, 'wifi-03-dashboard-ru');
  await page.getByTestId('locale-en').click();
  await page.getByText('Devices and visitors').waitFor();
});

t.test('visitor rules: API validation shown at the field, a valid change saved', async (t) => {
  await page.getByTestId('wifi-tab').filter({ hasText: 'Visitor rules' }).click();
  await page.waitForURL('**/wifi/thresholds');
  const visitorRssi = page.locator('input[name=visitor_rssi_dbm]');
  t.equal(await visitorRssi.inputValue(), '-75');
  await visitorRssi.fill('-95');
  await page.getByTestId('thresholds-save').click();
  await page.getByTestId('visitor_rssi_dbm-error').waitFor();
  t.equal(await page.getByTestId('visitor_rssi_dbm-error').textContent(), 'Enter a whole number from −120 to −30, not weaker than the signal floor.');
  t.equal(await visitorRssi.getAttribute('aria-invalid'), 'true');
  await screenshot(page, 'wifi-04-thresholds-invalid');

  await visitorRssi.fill('-75');
  await page.locator('input[name=min_visit_minutes]').fill('15');
  await page.getByTestId('thresholds-save').click();
  await page.getByTestId('thresholds-saved').waitFor();
  t.equal(await page.getByTestId('visitor_rssi_dbm-error').count(), 0);
  const stored = (await p.api('GET', '/client/wifi/thresholds', { token: owner })).body;
  t.same(stored, { rssi_floor_dbm: -85, visitor_rssi_dbm: -75, min_visit_minutes: 15, visit_gap_minutes: 15 });

  await page.getByRole('button', { name: 'Restore defaults' }).click();
  await page.getByTestId('thresholds-save').click();
  await page.waitForFunction(() => (document.querySelector('input[name=min_visit_minutes]') as HTMLInputElement | null)?.value === '5');
  await page.getByTestId('thresholds-saved').waitFor();
  t.equal((await p.api('GET', '/client/wifi/thresholds', { token: owner })).body.min_visit_minutes, 5);
});

t.test('an export runs with progress and downloads a file with every row', async (t) => {
  await page.getByTestId('wifi-tab').filter({ hasText: 'Overview' }).click();
  await page.getByTestId('wifi-export-open').click();
  await page.waitForURL('**/wifi/exports');
  await page.getByText('No exports yet.').waitFor();
  await page.locator('input[name=exclude_randomized]').check();
  await page.locator('input[name=field][value=receiver_mac]').uncheck();
  await page.getByTestId('export-start').click();
  await page.getByRole('progressbar').waitFor({ state: 'attached' });
  const ready = page.getByTestId('export-ready');
  await ready.waitFor({ timeout: 60_000 });
  const rows = Number(await ready.getAttribute('data-rows'));
  t.equal(rows, sent - sentRandomized, 'every probe of the week except the randomized MAC');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-progress').getByTestId('export-download').click()]);
  t.match(download.suggestedFilename(), /^wifi-events-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/);
  const lines = (await readFile((await download.path())!, 'utf8')).trim().split('\n');
  t.equal(lines[0], 'timestamp,receiver,client_mac,randomized,vendor,rssi,ssid,channel,frame_type', 'the chosen fields, in the API’s order');
  t.equal(lines.length - 1, rows, 'the file holds every row');
  t.notOk(lines.some((l) => l.includes('da:a1:19')), 'no randomized MAC');

  const row = page.getByTestId('export-row').first();
  await page.waitForFunction(() => document.querySelector('[data-testid=export-row]')?.getAttribute('data-status') === 'done');
  t.equal(await row.getAttribute('data-rows'), String(rows));
  t.match(await row.textContent(), new RegExp(`${OWNER.email}.*csv.*${rows}.*Ready`, 'is'));
  await screenshot(page, 'wifi-05-export');
  await page.getByTestId('locale-ru').click();
  await page.getByRole('button', { name: 'Начать выгрузку' }).waitFor();
  t.match(await row.textContent(), /Готова/);
  await screenshot(page, 'wifi-05-export-ru');
  await page.getByTestId('locale-en').click();
  await page.getByRole('button', { name: 'Start export' }).waitFor();
});

t.test('a viewer sees the analytics but no export', async (t) => {
  await switchUser(VIEWER.email, VIEWER.password);
  await kpi('visitors').waitFor();
  t.equal(await page.getByTestId('wifi-export-open').count(), 0, 'no export button');
  t.same(await page.getByTestId('wifi-tab').allTextContents(), ['Overview', 'Visitor rules'], 'no exports tab');

  await page.goto(`${p.url}/wifi/exports`);
  await page.getByTestId('export-forbidden').waitFor();
  t.match(await page.getByTestId('export-forbidden').textContent(), /Your role \(Viewer\) can see all the analytics but cannot export raw data/);
  t.equal(await page.getByTestId('export-form').count(), 0);
  await screenshot(page, 'wifi-06-viewer-export');

  await page.goto(`${p.url}/wifi/thresholds`);
  await page.getByTestId('thresholds-read-only').waitFor();
  t.equal(await page.getByTestId('thresholds-save').count(), 0, 'rules are read-only');
  t.equal(await page.locator('input[name=rssi_floor_dbm]').getAttribute('readonly'), '');
});

t.test('an operator may change the visitor rules but not export', async (t) => {
  await switchUser(OPERATOR.email, OPERATOR.password);
  await kpi('visitors').waitFor();
  t.equal(await page.getByTestId('wifi-export-open').count(), 0, 'no export button');
  await page.getByTestId('wifi-tab').filter({ hasText: 'Visitor rules' }).click();
  await page.getByTestId('thresholds-save').waitFor();
  t.equal(await page.getByTestId('thresholds-read-only').count(), 0, 'the rules are editable');
});

t.test('the page ran without script errors', async (t) => {
  t.same(pageErrors, []);
});

// A second organization shows what a member without WiFi sees.
t.test('an organization without WiFi is told so', async (t) => {
  const ble = await p.api('POST', '/superadmin/organizations', {
    token: admin,
    body: { name: 'Tags Only', status: 'active', products: ['ble'], owner: { email: 'owner@tags.test', password: 'tags-owner-2026' } },
  });
  t.equal(ble.status, 201);
  await switchUser('owner@tags.test', 'tags-owner-2026');
  await page.getByText('WiFi Analytics is not enabled for your organization.').waitFor();
  t.equal(await page.getByTestId('wifi-kpis').count(), 0);
});

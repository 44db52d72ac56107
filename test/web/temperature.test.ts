import t from 'tap';
import { localDate, zonedMidnight } from '../../core/time-zones.ts';
import { ensureWebBuild, launchBrowser, screenshot, signIn, watchPageErrors } from '../helpers/browser.ts';
import { startTestPlatform } from '../helpers/platform.ts';

// The Temperature section against a real platform: readings go through the real ingest queue, the
// browser shows the API's sensors, draws a sensor's hours and edits its thresholds, in English and Russian.

await ensureWebBuild();
const p = await startTestPlatform(t);
const context = await launchBrowser(t);
const page = await context.newPage();
const pageErrors = watchPageErrors(page);
const menu = page.getByRole('navigation', { name: 'Menu' });

const TZ = 'Europe/Moscow';
const MIN = 60_000;
const OWNER = { email: 'owner@dairy.test', password: 'dairy-owner-2026' };
const VIEWER = { email: 'viewer@dairy.test', password: 'dairy-viewer-2026' };
const admin = await p.adminToken();
const org = (await p.api('POST', '/superadmin/organizations', {
  token: admin,
  body: { name: 'Dairy Farm', status: 'active', products: ['temperature'], timezone: TZ, owner: { ...OWNER, name: 'Dmitri' } },
})).body;
const owner = await p.login(OWNER.email, OWNER.password);
await p.api('POST', '/client/users', { token: owner, body: { ...VIEWER, role: 'viewer' } });
const device = (await p.api('POST', '/superadmin/devices', { token: admin, body: { mac: '0e:00:00:00:00:01', organization_id: org.id, name: 'Barn' } })).body.device;

// Today from local midnight (Moscow) until now, one reading every 5 minutes: a room warming through the
// day, and a milk tank that is kept near 4 °C but has drifted up to 7 °C in the last reading.
const midnight = zonedMidnight(localDate(new Date(), TZ), TZ).getTime();
const now = Date.now() - MIN;
const readings = [];
for (let ts = midnight; ts <= now; ts += 5 * MIN) {
  const hour = (ts - midnight) / 3_600_000;
  readings.push({ sensor: 'room', celsius: Math.round((16 + hour * 0.4) * 10) / 10, humidity: 55, ts });
  readings.push({ sensor: 'tank', celsius: ts + 5 * MIN > now ? 7 : 4, ts });
}
const identity = { deviceId: device.id, mac: device.mac, organizationId: org.id, products: ['temperature' as const] };
for (let i = 0; i < readings.length; i += 500) {
  const batch = readings.slice(i, i + 500);
  const result = await p.platform.api.ingest.submit(identity, 'temperature', Buffer.from(JSON.stringify(batch)));
  if (result.stored !== batch.length) throw new Error(`stored ${result.stored} of ${batch.length}`);
}
const saved = await p.api('PUT', `/client/temperature/thresholds/${device.id}/tank`, { token: owner, body: { min_celsius: 2, max_celsius: 6 } });
if (saved.status !== 200) throw new Error(`thresholds refused: ${JSON.stringify(saved.body)}`);

const row = (sensor: string) => page.locator(`[data-testid=temperature-sensor-row][data-sensor="${sensor}"]`);

t.test('the owner sees every sensor with the API’s latest reading, and the tank too hot', async (t) => {
  await page.goto(`${p.url}/login`);
  await signIn(page, OWNER.email, OWNER.password);
  await page.waitForURL('**/dashboard');
  await menu.getByRole('link', { name: 'Temperature' }).click();
  await page.waitForURL('**/temperature');
  await row('tank').waitFor();
  const api = (await p.api('GET', '/client/temperature/sensors', { token: owner })).body.sensors as Array<{ sensor: string; celsius: number; state: string }>;
  t.equal(await page.getByTestId('temperature-sensor-row').count(), api.length);
  for (const s of api) {
    t.equal(await row(s.sensor).getByTestId('sensor-celsius').textContent(), `${s.celsius.toFixed(1)} °C`, `${s.sensor}: ${s.celsius}`);
    t.equal(await row(s.sensor).getAttribute('data-state'), s.state);
  }
  t.match(await row('tank').textContent(), /Too hot/);
  t.match(await row('room').textContent(), /No thresholds/);
  t.match(await page.getByTestId('temperature-alerts').textContent(), /Sensors outside their thresholds: 1/);
  t.match(await row('tank').textContent(), /Receiver #\d+.*Barn/s);

  // The sensor out of bounds is charted first: its hours of today, with the thresholds drawn.
  const chart = page.getByTestId('temperature-series');
  await chart.locator('svg path').first().waitFor({ state: 'attached' });
  t.match(await page.getByTestId('temperature-chart').textContent(), /tank on Receiver #\d+/);
  t.match(await chart.textContent(), /Too hot above/, 'the threshold is in the legend');
  t.match(await chart.textContent(), /\d\d:00/, 'hours are labelled by local hour');
  await screenshot(page, 'temperature-01-en');
});

t.test('choosing another sensor charts it; the step and the sensor live in the URL', async (t) => {
  await row('room').getByRole('button', { name: 'room' }).click();
  await page.waitForURL(/sensor=room/);
  await page.getByText(/room on Receiver/).waitFor();
  await page.getByTestId('granularity-day').click();
  await page.waitForURL(/granularity=day/);
  await page.reload();
  await page.getByText(/room on Receiver/).waitFor();
  t.equal(await page.getByTestId('granularity-day').getAttribute('aria-pressed'), 'true', 'a reload keeps the step');
  await page.getByTestId('granularity-hour').click();
  await page.waitForURL((url) => !url.search.includes('granularity'));
});

t.test('thresholds: a contradiction is refused at the form, a valid change turns the state', async (t) => {
  const min = page.locator('input[name=min_celsius]');
  const max = page.locator('input[name=max_celsius]');
  await min.fill('30');
  await max.fill('20');
  await page.getByTestId('threshold-save').click();
  await page.getByTestId('threshold-invalid').waitFor();
  t.equal(await min.getAttribute('aria-invalid'), 'true');
  await screenshot(page, 'temperature-02-invalid');

  await min.fill('30');
  await max.fill('');
  await page.getByTestId('threshold-save').click();
  await page.getByTestId('threshold-saved').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=temperature-sensor-row][data-sensor=room]')?.getAttribute('data-state') === 'too_cold');
  const stored = (await p.api('GET', '/client/temperature/thresholds', { token: owner })).body.thresholds as Array<{ sensor: string; min_celsius: number | null; max_celsius: number | null }>;
  t.same(stored.find((s) => s.sensor === 'room'), { device_id: device.id, sensor: 'room', min_celsius: 30, max_celsius: null });
  t.match(await page.getByTestId('temperature-alerts').textContent(), /: 2/);

  await page.getByTestId('threshold-remove').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=temperature-sensor-row][data-sensor=room]')?.getAttribute('data-state') === 'no_thresholds');
  t.equal(await min.inputValue(), '', 'the form follows the removal');
});

t.test('the section in Russian', async (t) => {
  await page.getByTestId('locale-ru').click();
  await page.getByText('Датчики', { exact: true }).waitFor();
  t.match(await row('tank').textContent(), /Слишком жарко/);
  t.match(await row('tank').getByTestId('sensor-celsius').textContent(), /^7,0 °C$/, 'decimals the Russian way');
  t.match(await page.getByTestId('temperature-alerts').textContent(), /Датчиков вне порогов: 1/);
  await row('tank').getByRole('button', { name: 'tank' }).click();
  await page.getByText(/tank на приёмнике Приёмник №\u00a0\d+/).waitFor();
  t.match(await page.getByTestId('temperature-series').textContent(), /Жарко выше/);
  await screenshot(page, 'temperature-03-ru');
  await page.getByTestId('locale-en').click();
  await page.getByText('Sensors', { exact: true }).waitFor();
});

t.test('a viewer sees the thresholds but cannot change them', async (t) => {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await page.waitForURL('**/login');
  await signIn(page, VIEWER.email, VIEWER.password);
  await page.waitForURL('**/dashboard');
  await page.goto(`${p.url}/temperature`);
  await page.getByTestId('threshold-read-only').waitFor();
  t.equal(await page.getByTestId('threshold-save').count(), 0);
  t.equal(await page.locator('input[name=max_celsius]').getAttribute('readonly'), '');
});

t.test('the pages ran without errors', async (t) => {
  t.same(pageErrors, []);
});

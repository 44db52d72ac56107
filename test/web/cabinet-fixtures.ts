import type { Test } from 'tap';
import { localDate, zonedMidnight, type LocalDate } from '../../core/time-zones.ts';
import { ensureWebBuild, launchBrowser, signIn, watchPageErrors } from '../helpers/browser.ts';
import { startTestPlatform } from '../helpers/platform.ts';

/** The organizations' time zone: "today" and the visits below are days there, not in UTC. */
export const TZ = 'Europe/Moscow';

/**
 * What the cabinet walk-throughs (features, fixes) start from: the platform and Chromium, one active WiFi
 * organization in TZ with its owner signed in over the API, a receiver bound to it, and a way to give that
 * receiver WiFi visits at the organization's time.
 */
export async function startCabinet(t: Test, spec: { organization: string; owner: { email: string; password: string; name: string }; mac: string }) {
  await ensureWebBuild();
  const p = await startTestPlatform(t, { INGEST_MAX_EVENT_AGE_DAYS: '30' });
  const context = await launchBrowser(t);
  const page = await context.newPage();
  const pageErrors = watchPageErrors(page);
  const admin = await p.adminToken();
  const org = (await p.api('POST', '/superadmin/organizations', {
    token: admin,
    body: { name: spec.organization, status: 'active', products: ['wifi'], timezone: TZ, owner: spec.owner },
  })).body;
  const owner = await p.login(spec.owner.email, spec.owner.password);
  /** The bound receiver: `device` and its MQTT / HTTP bridge `token`. */
  const receiver = (await p.api('POST', '/superadmin/devices', { token: admin, body: { mac: spec.mac, organization_id: org.id } })).body;

  const today = localDate(new Date(), TZ);
  /** A day relative to today in the organization's zone (-1: yesterday). */
  const day = (offset: number): LocalDate => ({ ...today, day: today.day + offset });
  const at = (d: LocalDate, hh: number, mm = 0) => zonedMidnight(d, TZ).getTime() + (hh * 60 + mm) * 60_000;

  /** One phone heard by the receiver on day `d` from hh:00 for `minutes`, a probe every `every` minutes. */
  async function visit(mac: string, d: LocalDate, hh: number, minutes: number, every: number): Promise<void> {
    const events = [];
    for (let m = 0; m <= minutes; m += every) events.push({ mac, rssi: -55, ts: at(d, hh, m) });
    const { device } = receiver;
    await p.platform.api.ingest.submit({ deviceId: device.id, mac: device.mac, organizationId: org.id, products: ['wifi' as const] }, 'wifi', Buffer.from(JSON.stringify(events)));
  }

  /** A fresh sign-in through the login page, waiting for the page it lands on. */
  async function signInAs(email: string, password: string, landing: string): Promise<void> {
    await context.clearCookies();
    await page.goto(`${p.url}/login`);
    await signIn(page, email, password);
    await page.waitForURL(`**${landing}`);
  }

  return { p, context, page, pageErrors, admin, org, owner, receiver, day, visit, signInAs };
}

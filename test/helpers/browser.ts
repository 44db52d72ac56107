import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Test } from 'tap';
import { WEB_BUILD_DIR } from '../../platform.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.resolve(import.meta.dirname, '../../test-artifacts/web');

// Debian's Chromium, headless, with everything that phones home or updates switched off.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The browser tests need the built UI (CI runs `npm run build:web` first). Builds it once when missing,
 * and fails with a message that says what to do when that is impossible. Test files run in parallel
 * processes, so one builds under a lock directory while the others wait for it.
 */
export async function ensureWebBuild(): Promise<void> {
  const index = path.join(WEB_BUILD_DIR, 'index.html');
  const root = path.resolve(WEB_BUILD_DIR, '../..');
  const lock = path.join(os.tmpdir(), `mybeacon-web-build-${createHash('sha1').update(root).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + BUILD_WAIT_MS;
  for (;;) {
    if (existsSync(index) && !existsSync(lock)) return;
    try {
      mkdirSync(lock); // atomic: only one process gets it
    } catch {
      // A build that died long ago leaves its lock behind.
      if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > BUILD_WAIT_MS) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Timed out waiting for another process to build the web UI (lock ${lock})`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    try {
      if (existsSync(index)) return;
      const build = spawnSync('npm', ['run', '-s', 'build:web'], { cwd: root, encoding: 'utf8' });
      if (build.status !== 0 || !existsSync(index)) {
        throw new Error(`The web UI is not built and \`npm run build:web\` failed:\n${build.stdout}\n${build.stderr}`);
      }
      return;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

const BUILD_WAIT_MS = 5 * 60_000;

/** A fresh Chromium profile (its own user-data-dir), closed and removed when the test ends. */
export async function launchBrowser(t: Test): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH)`);
  }
  const profile = await mkdtemp(path.join(os.tmpdir(), 'mybeacon-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    viewport: { width: 1360, height: 860 },
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(15_000);
  t.teardown(async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  });
  return context;
}

/** Saves a full-page screenshot to test-artifacts/web/<name>.png for people to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Collects uncaught page errors and console errors, so a test can assert the UI ran cleanly. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // 4xx answers the UI handles on purpose (wrong password, expired token) are logged by Chromium as failed loads.
    if (msg.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) errors.push(`console: ${msg.text()}`);
  });
  return errors;
}

/** Fills and submits the login form of the page currently shown. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form[data-testid=login-form] button[type=submit]').click();
}

/** Signs out through the user menu and waits for the login page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await page.waitForURL('**/login');
}

const AXE_SCRIPT = path.resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js');

/** One WCAG problem axe-core found: its rule, impact and where (CSS selectors of the offending nodes). */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (Deque's accessibility engine, injected into the page) against WCAG 2.x A/AA rules, up to
 * 2.2 AA, and returns the violations in a form a test can print and compare.
 */
export async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol rather than a <script> tag: the platform's CSP rightly refuses
  // inline scripts, and the test must not weaken it to look at the page.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await readFile(AXE_SCRIPT, 'utf8'));
  // Judged as a person sees the page once it has settled: a region still loading (aria-busy) is dimmed on
  // purpose, and one fading back in is half-drawn — axe would count both as contrast failures.
  await page.waitForFunction(
    () =>
      !document.querySelector('[aria-busy="true"]') &&
      document.getAnimations().every((a) => !(a instanceof CSSTransition && a.transitionProperty === 'opacity' && a.playState === 'running')),
    undefined,
    { timeout: 15_000 },
  );
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

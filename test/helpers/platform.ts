import { mkdtemp, rm, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Test } from 'tap';
import { loadConfig } from '../../core/config.ts';
import { startPlatform, type Platform } from '../../platform.ts';
import { externalPostgresEnv } from './postgres-server.ts';

export const ADMIN = { email: 'root@test.local', password: 'root-password-1' } as const;

export interface TestPlatform {
  platform: Platform;
  dataDir: string;
  url: string;
  /** JSON request against /api/v1; returns status, parsed body and headers. */
  api(method: string, route: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<ApiResult>;
  /** Logs in and returns the access token. */
  login(email: string, password: string): Promise<string>;
  adminToken(): Promise<string>;
  /** Stops the platform (keeping its data) and starts it again on the same data dir. */
  restart(): Promise<void>;
}

export interface ApiResult {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests inspect arbitrary JSON
  headers: Headers;
}

/**
 * Starts a whole platform (embedded PostgreSQL + chDB, HTTP on a spare port) in a fresh temp data dir,
 * and tears it down when the test ends. One per test file: chDB allows one data dir per process.
 */
export async function startTestPlatform(t: Test, env: Record<string, string> = {}): Promise<TestPlatform> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mybeacon-test-'));
  await chmod(dataDir, 0o755);
  const config = loadConfig({
    ...(await externalPostgresEnv(t)),
    MYBEACON_DATA_DIR: dataDir,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    MQTT_HOST: '127.0.0.1',
    MQTT_PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MYBEACON_ADMIN_EMAIL: ADMIN.email,
    MYBEACON_ADMIN_PASSWORD: ADMIN.password,
    ...env,
  });
  let platform = await startPlatform(config);
  let adminToken: string | undefined;

  const handle: TestPlatform = {
    get platform() {
      return platform;
    },
    dataDir,
    get url() {
      return platform.httpUrl;
    },
    async api(method, route, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let body: string | undefined;
      if (opts.body !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      }
      const res = await fetch(`${platform.httpUrl}/api/v1${route}`, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // non-JSON bodies (CSV, HTML) are returned as text
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async login(email, password) {
      const res = await handle.api('POST', '/auth/login', { body: { email, password } });
      if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.access_token as string;
    },
    async adminToken() {
      adminToken ??= await handle.login(ADMIN.email, ADMIN.password);
      return adminToken;
    },
    async restart() {
      await platform.stop();
      adminToken = undefined;
      platform = await startPlatform(config);
    },
  };
  t.teardown(async () => {
    await platform.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  return handle;
}

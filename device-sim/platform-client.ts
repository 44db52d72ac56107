import type { ConfigObject } from '../core/device-config.ts';

/** A setup step failed in a way the person running the simulator can fix; `hint` says how. */
export class SimSetupError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'SimSetupError';
  }
}

export interface ApiAnswer {
  status: number;
  body: { error?: { code: string; message: string } } & Record<string, unknown>;
}

/** One JSON call to the platform's API; an unreachable platform is a SimSetupError. */
export async function call(baseUrl: string, method: string, route: string, opts: { token?: string; body?: unknown } = {}): Promise<ApiAnswer> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`${baseUrl}/api/v1${route}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  } catch (err) {
    throw new SimSetupError(`cannot reach ${baseUrl}: ${(err as Error).message}`, 'start the platform (npm start) or pass --url');
  }
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}

export const describe = (a: ApiAnswer) => `${a.status} ${a.body.error?.code ?? ''} ${a.body.error?.message ?? ''}`.trim();

/** POST /registration: the device's token, or a SimSetupError saying what to change on the platform. */
export async function registerSimDevice(baseUrl: string, mac: string): Promise<{ token: string } | { alreadyRegistered: true }> {
  const res = await call(baseUrl, 'POST', '/registration', { body: { mac } });
  if (res.status === 200) return { token: String(res.body.device_token) };
  if (res.body.error?.code === 'device_already_registered') return { alreadyRegistered: true };
  if (res.body.error?.code === 'auto_registration_disabled') {
    throw new SimSetupError(
      `registration of ${mac} refused: auto-registration is off`,
      'enable it as superadmin (Settings → Auto-registration, or PATCH /api/v1/superadmin/settings {"auto_registration":{"enabled":true}}), or pass --admin-email/--admin-password to let the simulator do it',
    );
  }
  throw new SimSetupError(`registration of ${mac} failed: ${describe(res)}`, 'see the platform log');
}

/**
 * The superadmin steps the simulator can take for itself when given credentials: switch on
 * auto-registration, bind the simulated devices to an organization (the broker lets only bound
 * devices in) and set their config overrides (e.g. switch on WiFi monitoring).
 */
export class SuperadminClient {
  private constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  static async login(baseUrl: string, email: string, password: string): Promise<SuperadminClient> {
    const res = await call(baseUrl, 'POST', '/auth/login', { body: { email, password } });
    if (res.status !== 200) throw new SimSetupError(`superadmin login failed: ${describe(res)}`, 'check --admin-email / --admin-password');
    return new SuperadminClient(baseUrl, String(res.body.access_token));
  }

  async enableAutoRegistration(): Promise<void> {
    await this.expect('PATCH', '/superadmin/settings', { auto_registration: { enabled: true } });
  }

  /** The organization to bind to: the given id, or one named `name` (created with every product when missing). */
  async organization(id: number | undefined, name: string, products: readonly string[]): Promise<number> {
    if (id !== undefined) return id;
    const found = await this.expect('GET', `/superadmin/organizations?q=${encodeURIComponent(name)}&page_size=100`);
    const match = (found.items as Array<{ id: number; name: string }>).find((o) => o.name === name);
    if (match) return match.id;
    const created = await this.expect('POST', '/superadmin/organizations', { name, status: 'active', products });
    return Number(created.id);
  }

  async deviceId(mac: string): Promise<number> {
    const res = await this.expect('GET', `/superadmin/devices?mac=${encodeURIComponent(mac)}`);
    const device = (res.items as Array<{ id: number; mac: string }>).find((d) => d.mac === mac);
    if (!device) throw new SimSetupError(`device ${mac} not found after registration`, 'see the platform log');
    return device.id;
  }

  async bind(deviceId: number, organizationId: number): Promise<void> {
    await this.expect('PATCH', `/superadmin/devices/${deviceId}`, { organization_id: organizationId });
  }

  async setConfig(deviceId: number, overrides: ConfigObject): Promise<void> {
    await this.expect('PUT', `/superadmin/devices/${deviceId}/config`, { overrides });
  }

  async rotateToken(deviceId: number): Promise<string> {
    return String((await this.expect('POST', `/superadmin/devices/${deviceId}/token`)).token);
  }

  private async expect(method: string, route: string, body?: unknown): Promise<Record<string, unknown>> {
    const res = await call(this.baseUrl, method, route, { token: this.token, body });
    if (res.status >= 300) throw new SimSetupError(`${method} ${route} failed: ${describe(res)}`, 'see the platform log');
    return res.body;
  }
}

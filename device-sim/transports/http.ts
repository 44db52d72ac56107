import type { ConfigObject } from '../../core/device-config.ts';
import type { ProductName } from '../../core/products.ts';
import type { SimDevice } from '../device.ts';
import type { SimStats } from '../stats.ts';
import { Backoff, type Transport } from './transport.ts';

const CONFIG_POLL_MS = 30_000;

/** A batch the platform refused (4xx): sending the same bytes again cannot help. */
export class BatchRefused extends Error {}

/**
 * A legacy daemon on the HTTP bridge: polls GET /config?device_id=MAC, posts `{"events":[…]}` to
 * /ble and /wifi with its Bearer token, and retries a failed post with the same body (the platform
 * stores a retried batch once).
 */
export class HttpTransport implements Transport {
  private pollTimer?: NodeJS.Timeout;
  private stopped = false;
  connected = false;

  constructor(
    private readonly baseUrl: string,
    private readonly device: SimDevice,
    private readonly token: string,
    private readonly stats: SimStats,
    private readonly log: (line: string) => void,
  ) {}

  start(): void {
    const poll = () => void this.pollConfig();
    poll();
    this.pollTimer = setInterval(poll, CONFIG_POLL_MS).unref();
  }

  async send(product: ProductName, payload: Buffer): Promise<void> {
    const backoff = new Backoff(200, 10_000);
    while (!this.stopped) {
      let status = 0;
      try {
        const res = await this.request('POST', `/${product}`, payload);
        status = res.status;
        await res.arrayBuffer();
      } catch {
        // network failure: retried below
      }
      this.setConnected(status > 0 && status < 500);
      if (status === 200) return;
      if (status >= 400 && status < 500) throw new BatchRefused(`${this.device.mac}: POST /${product} refused with ${status}`);
      await new Promise((r) => setTimeout(r, backoff.next()));
    }
    throw new Error('stopped');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    this.setConnected(false);
  }

  private async pollConfig(): Promise<void> {
    try {
      const res = await this.request('GET', `/config?device_id=${encodeURIComponent(this.device.mac)}`);
      const body = (await res.json()) as ConfigObject & { version?: number };
      this.setConnected(res.ok);
      if (!res.ok) {
        this.log(`${this.device.mac}: GET /config answered ${res.status} ${JSON.stringify(body)}`);
        return;
      }
      const { version, ...config } = body;
      if (typeof version === 'number' && version !== this.device.configVersion) {
        this.device.applyConfig(version, config);
        this.stats.configsApplied++;
      }
    } catch (err) {
      this.setConnected(false);
      this.log(`${this.device.mac}: GET /config failed: ${(err as Error).message}`);
    }
  }

  private request(method: string, route: string, body?: Buffer): Promise<Response> {
    return fetch(`${this.baseUrl}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      // JSON the simulator wrote is valid UTF-8, so the string carries exactly the batch's bytes.
      body: body?.toString('utf8'),
    });
  }

  private setConnected(up: boolean): void {
    if (up !== this.connected) this.stats.connected += up ? 1 : -1;
    this.connected = up;
  }
}

import mqtt, { type MqttClient } from 'mqtt';
import type { ConfigObject } from '../../core/device-config.ts';
import type { ProductName } from '../../core/products.ts';
import { deviceTopic } from '../../core/topics.ts';
import type { SimDevice } from '../device.ts';
import type { SimStats } from '../stats.ts';
import type { TunnelAgent } from '../tunnel/agent.ts';
import { Backoff, type Transport } from './transport.ts';

const STATUS_EVERY_MS = 30_000;
const FIRMWARE = 'mybeacon-sim/1';

/**
 * A device on the native protocol: client id = username = MAC, password = token, MQTT 3.1.1.
 * It takes its config from the retained `devices/<mac>/config` and acks it, answers commands on
 * `/cmd/ack`, reports status, and reconnects with back-off when the broker goes away or refuses it.
 */
export class MqttTransport implements Transport {
  private client?: MqttClient;
  private statusTimer?: NodeJS.Timeout;
  private readonly backoff = new Backoff();
  private readonly startedAt = Date.now();
  private lastRefusal = '';
  connected = false;

  constructor(
    private readonly url: string,
    private readonly device: SimDevice,
    private readonly token: string,
    private readonly stats: SimStats,
    private readonly log: (line: string) => void,
    /** Answers `tunnel.open` / `tunnel.close` when the device serves remote access. */
    private readonly tunnel?: TunnelAgent,
  ) {}

  start(): void {
    const mac = this.device.mac;
    const client = mqtt.connect(this.url, {
      clientId: mac,
      username: mac,
      password: this.token,
      protocolVersion: 4,
      clean: true,
      keepalive: 60,
      connectTimeout: 10_000,
      reconnectPeriod: this.backoff.next(),
    });
    this.client = client;
    client.on('connect', () => {
      this.connected = true;
      this.stats.connected++;
      this.backoff.reset();
      this.lastRefusal = '';
      client.subscribe([deviceTopic(mac, 'config'), deviceTopic(mac, 'cmd')], { qos: 1 });
      this.publishStatus();
    });
    client.on('close', () => {
      if (this.connected) this.stats.connected--;
      this.connected = false;
      client.options.reconnectPeriod = this.backoff.next();
    });
    client.on('reconnect', () => this.stats.reconnects++);
    client.on('error', (err) => {
      // A refusal repeats on every retry; say it once per reason.
      if (err.message === this.lastRefusal) return;
      this.lastRefusal = err.message;
      const hint = /not authorized/i.test(err.message)
        ? ' (blocked, or not bound to an organization yet: bind it, or run the simulator with --admin-email/--admin-password)'
        : '';
      this.log(`${mac}: ${err.message}${hint}`);
    });
    client.on('message', (topic, payload) => {
      if (topic === deviceTopic(mac, 'config')) this.onConfig(payload);
      else if (topic === deviceTopic(mac, 'cmd')) this.onCommand(payload);
    });
    this.statusTimer = setInterval(() => this.publishStatus(), STATUS_EVERY_MS).unref();
  }

  send(product: ProductName, payload: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.client!.publish(deviceTopic(this.device.mac, product), payload, { qos: 1 }, (err) => (err ? reject(err) : resolve()));
    });
  }

  async stop(): Promise<void> {
    clearInterval(this.statusTimer);
    this.tunnel?.stop();
    await this.client?.endAsync(true);
    if (this.connected) this.stats.connected--;
    this.connected = false;
  }

  private onConfig(payload: Buffer): void {
    const doc = parseJson(payload) as { version?: unknown; config?: unknown } | null;
    if (typeof doc?.version !== 'number' || typeof doc.config !== 'object' || doc.config === null) {
      this.log(`${this.device.mac}: ignoring malformed config ${payload.toString('utf8').slice(0, 120)}`);
      return;
    }
    this.device.applyConfig(doc.version, doc.config as ConfigObject);
    this.stats.configsApplied++;
    this.client!.publish(deviceTopic(this.device.mac, 'config/ack'), JSON.stringify({ version: doc.version }), { qos: 1 });
  }

  private onCommand(payload: Buffer): void {
    const cmd = parseJson(payload) as { id?: unknown; name?: unknown; args?: unknown } | null;
    if (typeof cmd?.id !== 'string') return;
    const answer = { id: cmd.id, ...this.execute(cmd.name, cmd.args) };
    this.client!.publish(deviceTopic(this.device.mac, 'cmd/ack'), JSON.stringify(answer), { qos: 1 }, () => {
      this.stats.commandsAcked++;
      // A reboot drops the session and comes back like a real scanner would.
      if (cmd.name === 'reboot') this.client!.stream.destroy();
    });
  }

  private execute(name: unknown, args: unknown): { ok: boolean; result?: unknown; error?: string } {
    switch (name) {
      case 'ping':
        return { ok: true, result: { pong: Date.now() } };
      case 'status':
        return { ok: true, result: this.statusDoc() };
      case 'reboot':
        return { ok: true, result: { rebooting: true } };
      case 'tunnel.open': {
        if (!this.tunnel) break;
        const error = this.tunnel.open(args);
        return error ? { ok: false, error } : { ok: true };
      }
      case 'tunnel.close':
        if (!this.tunnel) break;
        this.tunnel.stop();
        return { ok: true };
    }
    return { ok: false, error: 'unknown_command' };
  }

  private publishStatus(): void {
    if (!this.connected) return;
    this.client!.publish(deviceTopic(this.device.mac, 'status'), JSON.stringify(this.statusDoc()), { qos: 1 });
  }

  private statusDoc() {
    return {
      firmware: FIRMWARE,
      uptime_s: Math.round((Date.now() - this.startedAt) / 1000),
      config_version: this.device.configVersion,
      scanning: this.device.enabledProducts(),
    };
  }
}

function parseJson(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return null;
  }
}

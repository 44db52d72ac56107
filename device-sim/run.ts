import type { ConfigObject } from '../core/device-config.ts';
import type { ProductName } from '../core/products.ts';
import { SimDevice, simDeviceMac, type Batch } from './device.ts';
import { registerSimDevice, SimSetupError, SuperadminClient } from './platform-client.ts';
import { simProducts } from './products/index.ts';
import { SimStats } from './stats.ts';
import { GroundTruth } from './truth.ts';
import { HttpTransport } from './transports/http.ts';
import { MqttTransport } from './transports/mqtt.ts';
import type { Transport } from './transports/transport.ts';

export interface SimOptions {
  devices: number;
  mode: 'mqtt' | 'http';
  /** Platform HTTP base URL (registration, legacy bridge, superadmin API). */
  url: string;
  mqttUrl: string;
  seed: number;
  products: ProductName[];
  /** Simulated time the run starts at (epoch ms). */
  startMs: number;
  /** Simulated seconds per real second; Infinity = as fast as acks and the per-device rate allow. */
  speed: number;
  /** Simulated time to stop at; undefined = run until stopped or `durationMs`. */
  endMs?: number;
  /** Real time to run for. */
  durationMs?: number;
  truthPath?: string;
  /** With superadmin credentials the simulator enables auto-registration, binds its devices and sets their config. */
  admin?: { email: string; password: string; organizationId?: number; organizationName: string; config?: ConfigObject };
  /** Tokens of devices provisioned already (in order), e.g. by the platform's own demo; skips registration. */
  tokens?: readonly string[];
  /** Unacknowledged batches per device. */
  maxInFlight: number;
  /** Per device, below the broker's MQTT_MAX_MESSAGES_PER_SECOND. */
  maxBatchesPerSecond: number;
  /** Print a stats line this often (0 = never). */
  statsEveryMs: number;
  log: (line: string) => void;
}

export const SIM_DEFAULTS = {
  mode: 'mqtt',
  url: 'http://127.0.0.1:8080',
  mqttUrl: 'mqtt://127.0.0.1:1883',
  seed: 42,
  speed: 1,
  maxInFlight: 4,
  maxBatchesPerSecond: 40,
  statsEveryMs: 2000,
  organizationName: 'Simulated sites',
} as const;

export interface Simulation {
  stats: SimStats;
  truth: GroundTruth;
  devices: SimDevice[];
  simNow(): number;
  /** Resolves when the run has ended (end of simulated time, duration, or stop) and the truth is written. */
  done: Promise<void>;
  stop(): Promise<void>;
}

const TICK_MS = 25;
const DRAIN_TIMEOUT_MS = 15_000;

/** Registers the fleet, connects it and drives it until the end of simulated time (or stop()). */
export async function startSimulation(opts: SimOptions): Promise<Simulation> {
  const products = simProducts(opts.products);
  const devices = Array.from({ length: opts.devices }, (_, i) => new SimDevice(i, simDeviceMac(opts.seed, i), opts.seed, products, opts.startMs, opts.endMs));
  const stats = new SimStats();
  const truth = new GroundTruth(
    { seed: opts.seed, mode: opts.mode, start: new Date(opts.startMs).toISOString(), end: opts.endMs ? new Date(opts.endMs).toISOString() : null },
    products,
  );

  const tokens = opts.tokens ?? (await provision(opts, devices));
  const transports: Transport[] = devices.map((d, i) =>
    opts.mode === 'mqtt'
      ? new MqttTransport(opts.mqttUrl, d, tokens[i]!, stats, opts.log)
      : new HttpTransport(opts.url, d, tokens[i]!, stats, opts.log),
  );
  for (const t of transports) t.start();

  const realStart = Date.now();
  const simNow = () =>
    opts.speed === Infinity ? (opts.endMs ?? Infinity) : Math.min(opts.endMs ?? Infinity, opts.startMs + (Date.now() - realStart) * opts.speed);
  const inFlight = new Array<number>(devices.length).fill(0);
  const budget = new Array<number>(devices.length).fill(opts.maxBatchesPerSecond);
  let producing = true;
  let lastTick = Date.now();

  const send = (i: number, batch: Batch) => {
    const device = devices[i]!;
    const events = batch.items.map((it) => it.event);
    // MQTT devices send a bare array, legacy daemons `{"events": […]}`: the platform accepts both.
    const payload = Buffer.from(JSON.stringify(opts.mode === 'mqtt' ? events : { events }));
    inFlight[i]!++;
    stats.sent(events.length);
    const t0 = performance.now();
    transports[i]!.send(batch.product, payload).then(
      () => {
        stats.acked(events.length, performance.now() - t0);
        truth.recordSent(device.mac, batch.product, batch.items);
      },
      (err: Error) => {
        stats.failures++;
        opts.log(`${device.mac}: ${batch.product} batch not stored: ${err.message}`);
      },
    ).finally(() => inFlight[i]!--);
  };

  const tick = () => {
    const now = Date.now();
    const refill = ((now - lastTick) / 1000) * opts.maxBatchesPerSecond;
    lastTick = now;
    if (!producing) return;
    const t = simNow();
    devices.forEach((device, i) => {
      budget[i] = Math.min(opts.maxBatchesPerSecond, budget[i]! + refill);
      const room = Math.min(opts.maxInFlight - inFlight[i]!, Math.floor(budget[i]!));
      // A scanner starts scanning once it runs the platform's config (retained on MQTT, polled over HTTP).
      if (room <= 0 || !transports[i]!.connected || device.configVersion === 0) return;
      for (const batch of device.dueBatches(t, room)) {
        budget[i]!--;
        send(i, batch);
      }
    });
    if (devices.every((d) => d.finished())) end();
  };

  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  const ticker = setInterval(tick, TICK_MS);
  const printer = opts.statsEveryMs > 0 ? setInterval(() => opts.log(stats.line(devices.length, simNow())), opts.statsEveryMs) : undefined;
  const durationTimer = opts.durationMs !== undefined ? setTimeout(end, opts.durationMs) : undefined;

  const done = ended.then(async () => {
    producing = false;
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while (inFlight.some((n) => n > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    clearInterval(ticker);
    clearInterval(printer);
    clearTimeout(durationTimer);
    await Promise.all(transports.map((t) => t.stop()));
    if (opts.statsEveryMs > 0) opts.log(`done: ${stats.line(devices.length, simNow())}`);
    if (opts.truthPath) await truth.write(opts.truthPath);
  });
  return {
    stats,
    truth,
    devices,
    simNow,
    done,
    stop: () => {
      end();
      return done;
    },
  };
}

/** Registers every device (and, with superadmin credentials, binds and configures it); returns their tokens. */
async function provision(opts: SimOptions, devices: SimDevice[]): Promise<string[]> {
  const admin = opts.admin ? await SuperadminClient.login(opts.url, opts.admin.email, opts.admin.password) : undefined;
  let organizationId: number | undefined;
  if (admin && opts.admin) {
    await admin.enableAutoRegistration();
    organizationId = await admin.organization(opts.admin.organizationId, opts.admin.organizationName, opts.products);
  }
  const tokens: string[] = [];
  await inBatches(devices, 16, async (device) => {
    const reg = await registerSimDevice(opts.url, device.mac);
    let token = 'token' in reg ? reg.token : undefined;
    if (admin && organizationId !== undefined) {
      const id = await admin.deviceId(device.mac);
      token ??= await admin.rotateToken(id);
      await admin.bind(id, organizationId);
      if (opts.admin?.config) await admin.setConfig(id, opts.admin.config);
    }
    if (!token) {
      throw new SimSetupError(
        `${device.mac} is already registered and in service`,
        'use another --seed (it names the simulated devices), or pass --admin-email/--admin-password so the simulator can rotate their tokens',
      );
    }
    tokens[device.index] = token;
  });
  return tokens;
}

async function inBatches<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

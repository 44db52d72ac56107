import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDevice } from '../api/services/devices.ts';
import { loadConfig } from '../core/config.ts';
import { insertOrganization } from '../db/repositories/organizations.ts';
import { startPlatform, type Platform } from '../platform.ts';
import { startGenerator } from './generator.ts';
import type { BenchDevice, GeneratorRequest, PublishReport, StormReport } from './load-generator.ts';
import { startMosquitto } from './mosquitto.ts';
import { describeBreakdown, insertCostBySize, readHistograms, type HistogramReading } from './profile.ts';
import { runSoak } from './soak.ts';

/**
 * Ingest benchmark: the embedded platform (broker + ingest + chDB) in this process, a fleet of real
 * MQTT devices in a child process publishing 40-event QoS 1 batches, then a reconnect storm (cold and
 * warm credential cache), and the same publish workload against a plain Mosquitto for reference.
 *
 * Each broker gets two publish runs: at the target load (`--events-per-second`, spread evenly over the
 * devices: latency under that load), then saturated (every device at `--max-rate` batches/s, just
 * under the broker's per-device limit, ≤ `--in-flight` unacknowledged: the most it sustains).
 *
 *   npm run bench:ingest -- [--publishers 400] [--batch 40] [--seconds 15] [--storm 10000] [--no-mosquitto]
 *                            [--runs target,saturated,storm] [--profile]
 *   npm run bench:ingest -- --soak [--soak-devices 10000] [--soak-interval-ms 2500] [--soak-batch 20] [--soak-minutes 10]
 *
 * `--profile` adds INSERT cost by flush size; every publish run prints where its PUBACK time went
 * (bench/profile.ts). `--soak`: bench/soak.ts. Ingest settings under test: INGEST_* environment variables.
 */
const { values: opts } = parseArgs({
  options: {
    publishers: { type: 'string', default: '400' },
    batch: { type: 'string', default: '40' },
    warmup: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '15' },
    'in-flight': { type: 'string', default: '8' },
    // Offered load of the target run; the saturation run offers as much as the per-device limit allows.
    'events-per-second': { type: 'string', default: '150000' },
    // The broker disconnects a device above MQTT_MAX_MESSAGES_PER_SECOND (50 by default).
    'max-rate': { type: 'string', default: '45' },
    storm: { type: 'string', default: '10000' },
    'no-mosquitto': { type: 'boolean', default: false },
    // Which runs: any of target, saturated, storm (a short look at one figure need not wait for the rest).
    runs: { type: 'string', default: 'target,saturated,storm' },
    // Before the runs: INSERT cost by flush size on an idle platform, and where a PUBACK's time goes.
    profile: { type: 'boolean', default: false },
    // Instead of the runs: many devices publishing at a scanner's pace for minutes (bench/soak.ts).
    soak: { type: 'boolean', default: false },
    'soak-devices': { type: 'string', default: '10000' },
    'soak-interval-ms': { type: 'string', default: '2500' },
    'soak-batch': { type: 'string', default: '20' },
    'soak-minutes': { type: 'string', default: '10' },
    // The same workload through the scale-out path (bench/scale-out.ts): 2 brokers + 1 ingest worker on Redis.
    'scale-out': { type: 'boolean', default: false },
  },
});
const runs = new Set(opts.runs.split(','));
const num = (name: keyof typeof opts) => Number(opts[name]);
const TARGETS = { storedPerSecond: 150_000, p99Ms: 250, warmStormSeconds: 5 };

if (opts['scale-out']) {
  const { benchScaleOut } = await import('./scale-out.ts');
  await benchScaleOut({
    publishers: num('publishers'),
    batchEvents: num('batch'),
    warmupS: num('warmup'),
    measureS: num('seconds'),
    maxInFlight: num('in-flight'),
    eventsPerSecond: num('events-per-second'),
    maxRate: num('max-rate'),
  });
  process.exit(0);
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function storedEvents(platform: Platform): Promise<number> {
  const result = await platform.clickhouse.ch.query({ query: 'SELECT count() AS n FROM ble_events', format: 'JSONEachRow' });
  return Number((await result.json<{ n: number | string }>())[0]!.n);
}

async function createDevices(platform: Platform, count: number): Promise<BenchDevice[]> {
  const org = await insertOrganization(platform.pg.db, { name: 'Bench', status: 'active', products: ['ble', 'wifi'] });
  const deps = { db: platform.pg.db, ch: platform.clickhouse.ch, bus: platform.bus };
  const devices: BenchDevice[] = [];
  for (let i = 0; i < count; i += 50) {
    const chunk = Array.from({ length: Math.min(50, count - i) }, (_, k) => {
      const n = i + k;
      const mac = `0e:be:00:${((n >> 16) & 255).toString(16).padStart(2, '0')}:${((n >> 8) & 255).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`;
      return createDevice(deps, { mac, organization_id: org.id }).then((c) => ({ mac, token: c.token }));
    });
    devices.push(...(await Promise.all(chunk)));
  }
  return devices;
}

function publishRequest(url: string, devices: BenchDevice[], ratePerDevice: number): GeneratorRequest {
  return {
    cmd: 'publish',
    url,
    devices,
    batchEvents: num('batch'),
    warmupS: num('warmup'),
    measureS: num('seconds'),
    maxInFlight: num('in-flight'),
    ratePerDevice,
  };
}

/** One publish run; `stored` counts ClickHouse rows at both edges of the measured window (platform only). */
async function measurePublish(
  generator: ReturnType<typeof startGenerator>,
  request: GeneratorRequest,
  platform?: Platform,
): Promise<{ report: PublishReport; stored?: number; loopDelayP99?: number; breakdown?: string }> {
  const counts = new Map<string, Promise<{ n: number; at: number }>>();
  const histograms = new Map<string, Promise<HistogramReading>>();
  // How long the platform's event loop was blocked: is its main thread the limit?
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const report = await generator.ask<PublishReport>(request, (phase) => {
    const at = performance.now();
    if (phase === 'measure-start') loopDelay.enable();
    else loopDelay.disable();
    if (!platform) return;
    counts.set(phase, storedEvents(platform).then((n) => ({ n, at })));
    histograms.set(phase, readHistograms(platform));
  });
  if (!platform) return { report };
  const [start, end] = await Promise.all([counts.get('measure-start')!, counts.get('measure-end')!]);
  const seconds = (end.at - start.at) / 1000;
  const breakdown = describeBreakdown(await histograms.get('measure-start')!, await histograms.get('measure-end')!, seconds);
  return { report, stored: (end.n - start.n) / seconds, loopDelayP99: loopDelay.percentile(99) / 1e6, breakdown };
}

const describePublish = (r: PublishReport) =>
  `acked ${fmt(r.events / r.seconds)} events/s (${fmt(r.batches / r.seconds)} batches/s) | PUBACK p50 ${r.p50.toFixed(1)} ms p99 ${r.p99.toFixed(1)} ms${r.reconnects ? ` | reconnects ${r.reconnects}` : ''}`;
const describeStorm = (r: StormReport) =>
  `${fmt(r.connected)} connected in ${r.seconds.toFixed(2)} s = ${fmt(r.connected / r.seconds)} connects/s${r.failed ? ` (${r.failed} failed: ${JSON.stringify(r.reasons)})` : ''}`;

const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

/** INSERT cost by flush size on the idle platform: the fixed part per INSERT against the part per event. */
async function profileInserts(platform: Platform, device: { mac: string }): Promise<void> {
  const row = (await platform.pg.db('devices').where({ mac: device.mac }).first()) as { id: number; organization_id: number };
  log('profile: one INSERT into ble_events by flush size (idle platform, median of 5)');
  for (const { events, ms } of await insertCostBySize(platform, row.id, row.organization_id)) {
    log(`  ${fmt(events).padStart(6)} events: ${ms.toFixed(1).padStart(6)} ms = ${((ms * 1000) / events).toFixed(2)} µs/event`);
  }
}

/** The target and saturated publish runs against the platform; the figures of each, and the targets. */
async function publishRuns(platform: Platform, publishing: BenchDevice[]): Promise<void> {
  const mqttUrl = platform.endpoints.MQTT!;
  const targetRate = num('events-per-second') / (publishing.length * num('batch'));
  log(
    `publish: ${publishing.length} devices × ${num('batch')}-event QoS 1 batches, ≤${num('in-flight')} unacked per device; ${num('warmup')} s warm-up + ${num('seconds')} s measured per run`,
  );
  log(`  target run: ${fmt(num('events-per-second'))} events/s offered (${targetRate.toFixed(1)} batches/s per device); saturated run: ${num('max-rate')} batches/s per device`);
  const results: Record<string, Awaited<ReturnType<typeof measurePublish>>> = {};
  for (const [name, rate] of [['target', targetRate], ['saturated', num('max-rate')]] as const) {
    if (!runs.has(name)) continue;
    const r = await measurePublish(generator, publishRequest(mqttUrl, publishing, rate), platform);
    results[name] = r;
    log(`platform @ ${name}: stored ${fmt(r.stored!)} events/s (counted in ClickHouse) | ${describePublish(r.report)} | event-loop delay p99 ${r.loopDelayP99!.toFixed(0)} ms`);
    log(`  ${r.breakdown}`);
  }
  const ingest = platform.api.ingest.stats();
  log(
    `  ingest: ${fmt(ingest.flushes)} group commits, ${fmt(ingest.storedEvents / Math.max(1, ingest.flushes))} events and ${fmt(ingest.flushMillis / Math.max(1, ingest.flushes))} ms each; overloaded ${ingest.overloadedBatches}, failed inserts ${ingest.failedInserts}`,
  );
  const sustained = Math.max(results.target?.stored ?? 0, results.saturated?.stored ?? 0);
  log(`target: ≥ ${fmt(TARGETS.storedPerSecond)} stored events/s sustained: ${fmt(sustained)} — ${verdict(sustained >= TARGETS.storedPerSecond)}`);
  if (results.target) {
    const p99 = results.target.report.p99;
    log(`target: PUBACK p99 < ${TARGETS.p99Ms} ms at the target load: ${p99.toFixed(1)} ms — ${verdict(p99 < TARGETS.p99Ms)}`);
  }
}

/** Cold and warm reconnect storms of `devices` against the platform's broker. */
async function storms(platform: Platform, devices: BenchDevice[]): Promise<StormReport> {
  const mqttUrl = platform.endpoints.MQTT!;
  log(`reconnect storm: ${fmt(devices.length)} devices connecting at once (≤1000 handshakes in flight)`);
  const cold = await generator.ask<StormReport>({ cmd: 'storm', url: mqttUrl, devices, concurrency: 1000 });
  log(`  cold credential cache: ${describeStorm(cold)}`);
  await generator.ask({ cmd: 'disconnect' });
  await new Promise((r) => setTimeout(r, 2000));
  const warm = await generator.ask<StormReport>({ cmd: 'storm', url: mqttUrl, devices, concurrency: 1000 });
  log(`  warm credential cache: ${describeStorm(warm)}`);
  await generator.ask({ cmd: 'disconnect' });
  log(`target: ${fmt(devices.length)}-device warm storm < ${TARGETS.warmStormSeconds} s: ${warm.seconds.toFixed(2)} s — ${verdict(warm.seconds < TARGETS.warmStormSeconds && warm.failed === 0)}`);
  return warm;
}

/** The same publish runs and storm against a plain Mosquitto, for reference. */
async function mosquittoReference(publishing: BenchDevice[], stormDevices: BenchDevice[]): Promise<void> {
  const mosquitto = await startMosquitto(dir);
  try {
    const targetRate = num('events-per-second') / (publishing.length * num('batch'));
    if (runs.has('target')) log(`mosquitto @ target:    ${describePublish((await measurePublish(generator, publishRequest(mosquitto.url, publishing, targetRate))).report)} (relays only: nothing stored)`);
    if (runs.has('saturated')) log(`mosquitto @ saturated: ${describePublish((await measurePublish(generator, publishRequest(mosquitto.url, publishing, num('max-rate')))).report)}`);
    if (runs.has('storm')) {
      log(`  storm: ${describeStorm(await generator.ask<StormReport>({ cmd: 'storm', url: mosquitto.url, devices: stormDevices, concurrency: 1000 }))}`);
      await generator.ask({ cmd: 'disconnect' });
    }
  } finally {
    await mosquitto.stop();
  }
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'mybeacon-bench-'));
const generator = startGenerator();
let platform: Platform | undefined;
try {
  const config = loadConfig({
    MYBEACON_DATA_DIR: dir,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    MQTT_HOST: '127.0.0.1',
    MQTT_PORT: '0',
    LOG_LEVEL: 'warn',
    MYBEACON_ADMIN_EMAIL: 'bench@mybeacon.local',
    MYBEACON_ADMIN_PASSWORD: 'bench-password-1',
    // The ingest settings under test come from the environment (INGEST_FLUSH_INTERVAL_MS=… npm run bench:ingest).
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('INGEST_'))),
  });
  platform = await startPlatform(config);
  log(`MyBeacon ingest benchmark — ${os.cpus().length} cores, Node ${process.version}, platform embedded (chDB) at ${platform.endpoints.MQTT}`);
  log(`  ingest: flush at ${fmt(config.ingest.flushMaxEvents)} events or ${config.ingest.flushIntervalMs} ms, ≤${fmt(config.ingest.maxPendingEvents)} pending`);

  if (opts.soak) {
    const t0 = performance.now();
    const devices = await createDevices(platform, num('soak-devices'));
    log(`created ${fmt(devices.length)} devices in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await runSoak({ platform, generator, devices, batchEvents: num('soak-batch'), intervalMs: num('soak-interval-ms'), minutes: Number(opts['soak-minutes']), log });
  } else {
    const publishers = num('publishers');
    const stormSize = runs.has('storm') ? num('storm') : 0;
    const t0 = performance.now();
    const devices = await createDevices(platform, publishers + stormSize);
    log(`created ${fmt(devices.length)} devices in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const publishing = devices.slice(0, publishers);
    if (opts.profile) await profileInserts(platform, publishing[0]!);
    if (runs.has('target') || runs.has('saturated')) await publishRuns(platform, publishing);
    if (stormSize) await storms(platform, devices.slice(publishers));
    if (!opts['no-mosquitto']) {
      await platform.stop();
      platform = undefined;
      await mosquittoReference(publishing, devices.slice(publishers));
    }
  }
} finally {
  generator.child.send({ cmd: 'exit' } satisfies GeneratorRequest);
  await new Promise((resolve) => generator.child.once('exit', resolve));
  await platform?.stop();
  await rm(dir, { recursive: true, force: true });
}

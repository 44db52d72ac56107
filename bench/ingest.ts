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
    // The same workload through the scale-out path (bench/scale-out.ts): 2 brokers + 1 ingest worker on Redis.
    'scale-out': { type: 'boolean', default: false },
  },
});
const num = (name: keyof typeof opts) => Number(opts[name]);
const TARGETS = { storedPerSecond: 150_000, p99Ms: 250, warmStormSeconds: 5 };

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
): Promise<{ report: PublishReport; stored?: number; loopDelayP99?: number; cpuPerThousand?: number }> {
  const counts = new Map<string, Promise<{ n: number; at: number }>>();
  const cpu = new Map<string, NodeJS.CpuUsage>();
  // How long the platform's event loop was blocked: is its main thread the limit?
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const report = await generator.ask<PublishReport>(request, (phase) => {
    const at = performance.now();
    if (phase === 'measure-start') loopDelay.enable();
    else loopDelay.disable();
    cpu.set(phase, process.cpuUsage());
    if (platform) counts.set(phase, storedEvents(platform).then((n) => ({ n, at })));
  });
  if (!platform) return { report };
  const [start, end] = await Promise.all([counts.get('measure-start')!, counts.get('measure-end')!]);
  // The whole platform (broker, ingest, chDB's threads) runs in this process: its CPU per event stored.
  const cpuMs = (cpu.get('measure-end')!.user + cpu.get('measure-end')!.system - cpu.get('measure-start')!.user - cpu.get('measure-start')!.system) / 1000;
  return {
    report,
    stored: (end.n - start.n) / ((end.at - start.at) / 1000),
    loopDelayP99: loopDelay.percentile(99) / 1e6,
    cpuPerThousand: (cpuMs / Math.max(1, end.n - start.n)) * 1000,
  };
}

const describePublish = (r: PublishReport) =>
  `acked ${fmt(r.events / r.seconds)} events/s (${fmt(r.batches / r.seconds)} batches/s) | PUBACK p50 ${r.p50.toFixed(1)} ms p99 ${r.p99.toFixed(1)} ms${r.reconnects ? ` | reconnects ${r.reconnects}` : ''}`;
const describeStorm = (r: StormReport) =>
  `${fmt(r.connected)} connected in ${r.seconds.toFixed(2)} s = ${fmt(r.connected / r.seconds)} connects/s${r.failed ? ` (${r.failed} failed: ${JSON.stringify(r.reasons)})` : ''}`;

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
  });
  platform = await startPlatform(config);
  const mqttUrl = platform.endpoints.MQTT!;
  log(`MyBeacon ingest benchmark — ${os.cpus().length} cores, Node ${process.version}, platform embedded (chDB) at ${mqttUrl}`);

  const publishers = num('publishers');
  const stormSize = num('storm');
  const t0 = performance.now();
  const devices = await createDevices(platform, publishers + stormSize);
  log(`created ${fmt(devices.length)} devices in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const publishing = devices.slice(0, publishers);
  const targetRate = num('events-per-second') / (publishers * num('batch'));
  const runs = {
    target: (url: string) => publishRequest(url, publishing, targetRate),
    saturated: (url: string) => publishRequest(url, publishing, num('max-rate')),
  };
  log(
    `publish: ${publishers} devices × ${num('batch')}-event QoS 1 batches, ≤${num('in-flight')} unacked per device; ${num('warmup')} s warm-up + ${num('seconds')} s measured per run`,
  );
  log(`  target run: ${fmt(num('events-per-second'))} events/s offered (${targetRate.toFixed(1)} batches/s per device); saturated run: ${num('max-rate')} batches/s per device`);

  const target = await measurePublish(generator, runs.target(mqttUrl), platform);
  log(`platform @ target:    stored ${fmt(target.stored!)} events/s (counted in ClickHouse) | ${describePublish(target.report)} | event-loop delay p99 ${target.loopDelayP99!.toFixed(0)} ms | CPU ${target.cpuPerThousand!.toFixed(0)} ms per 1,000 events stored`);
  const saturated = await measurePublish(generator, runs.saturated(mqttUrl), platform);
  log(`platform @ saturated: stored ${fmt(saturated.stored!)} events/s | ${describePublish(saturated.report)} | event-loop delay p99 ${saturated.loopDelayP99!.toFixed(0)} ms | CPU ${saturated.cpuPerThousand!.toFixed(0)} ms per 1,000 events stored`);
  const ingest = platform.api.ingest.stats();
  log(
    `  ingest: ${fmt(ingest.flushes)} group commits, ${fmt(ingest.storedEvents / Math.max(1, ingest.flushes))} events and ${fmt(ingest.flushMillis / Math.max(1, ingest.flushes))} ms each; overloaded ${ingest.overloadedBatches}, failed inserts ${ingest.failedInserts}`,
  );

  log(`reconnect storm: ${fmt(stormSize)} devices connecting at once (≤1000 handshakes in flight)`);
  const cold = await generator.ask<StormReport>({ cmd: 'storm', url: mqttUrl, devices: devices.slice(publishers), concurrency: 1000 });
  log(`  cold credential cache: ${describeStorm(cold)}`);
  await generator.ask({ cmd: 'disconnect' });
  await new Promise((r) => setTimeout(r, 2000));
  const warm = await generator.ask<StormReport>({ cmd: 'storm', url: mqttUrl, devices: devices.slice(publishers), concurrency: 1000 });
  log(`  warm credential cache: ${describeStorm(warm)}`);
  await generator.ask({ cmd: 'disconnect' });

  if (!opts['no-mosquitto']) {
    await platform.stop();
    platform = undefined;
    const mosquitto = await startMosquitto(dir);
    try {
      const reference = await measurePublish(generator, runs.target(mosquitto.url));
      log(`mosquitto @ target:    ${describePublish(reference.report)} (relays only: nothing stored)`);
      const referenceMax = await measurePublish(generator, runs.saturated(mosquitto.url));
      log(`mosquitto @ saturated: ${describePublish(referenceMax.report)}`);
      const storm = await generator.ask<StormReport>({ cmd: 'storm', url: mosquitto.url, devices: devices.slice(publishers), concurrency: 1000 });
      log(`  storm: ${describeStorm(storm)}`);
      await generator.ask({ cmd: 'disconnect' });
      const relayed = referenceMax.report.events / referenceMax.report.seconds;
      log(
        `platform / mosquitto: saturated throughput ${(saturated.stored! / relayed).toFixed(2)} (stored vs relayed); p99 at target ${target.report.p99.toFixed(0)} vs ${reference.report.p99.toFixed(0)} ms; warm storm ${(warm.seconds / storm.seconds).toFixed(2)}× the time`,
      );
    } finally {
      await mosquitto.stop();
    }
  }

  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  log('targets:');
  const sustained = Math.max(target.stored!, saturated.stored!);
  log(`  ≥ ${fmt(TARGETS.storedPerSecond)} stored events/s sustained: ${fmt(sustained)} — ${verdict(sustained >= TARGETS.storedPerSecond)}`);
  log(`  PUBACK p99 < ${TARGETS.p99Ms} ms at the target load: ${target.report.p99.toFixed(1)} ms — ${verdict(target.report.p99 < TARGETS.p99Ms)}`);
  log(`  ${fmt(stormSize)}-device warm storm < ${TARGETS.warmStormSeconds} s: ${warm.seconds.toFixed(2)} s — ${verdict(warm.seconds < TARGETS.warmStormSeconds && warm.failed === 0)}`);
} finally {
  generator.child.send({ cmd: 'exit' } satisfies GeneratorRequest);
  await new Promise((resolve) => generator.child.once('exit', resolve));
  await platform?.stop();
  await rm(dir, { recursive: true, force: true });
}

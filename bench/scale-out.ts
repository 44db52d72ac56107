import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../core/config.ts';
import { newDeviceToken, sha256Hex } from '../core/ids.ts';
import { createLogger } from '../core/logger.ts';
import { freePort, startPostgres } from '../core/postgres.ts';
import { createRedis, type Redis } from '../core/redis.ts';
import { insertDevice } from '../db/repositories/devices.ts';
import { insertOrganization } from '../db/repositories/organizations.ts';
import { appendedKey, CONSUMER_GROUP, fields, streamKey } from '../ingest/streams.ts';
import { spawnRole, type RoleProcessHandle } from '../test/helpers/processes.ts';
import { spawnRedisServer } from '../test/helpers/redis-server.ts';
import { startGenerator } from './generator.ts';
import type { BenchDevice, GeneratorRequest, PublishReport } from './load-generator.ts';

export interface ScaleOutBenchOptions {
  publishers: number;
  batchEvents: number;
  warmupS: number;
  measureS: number;
  maxInFlight: number;
  eventsPerSecond: number;
  maxRate: number;
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** CPU time (user + system, ms) a process has used so far, from /proc (clock ticks of 10 ms). */
function cpuMillis(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fieldsAfterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fieldsAfterName[11]) + Number(fieldsAfterName[12])) * 10;
}

/** Entries of the BLE stream the ingest workers have acknowledged (written to ClickHouse) so far. */
async function ackedEntries(redis: Redis): Promise<number> {
  const groups = (await redis.xinfo('GROUPS', streamKey('ble'))) as unknown[][];
  for (const g of groups.map(fields)) {
    if (g.name === CONSUMER_GROUP) return Number(g['entries-read']) - Number(g.pending);
  }
  return 0;
}

/**
 * `npm run bench:ingest -- --scale-out`: the embedded benchmark's publish workload through the scale-out
 * path — two broker processes and one ingest worker (owning embedded chDB), a real redis-server (AOF,
 * fsync per write) and PostgreSQL — half the devices on each broker. "Stored" counts the stream entries
 * the worker acknowledged after their INSERT (every batch has the same number of events).
 */
export async function benchScaleOut(opts: ScaleOutBenchOptions): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mybeacon-bench-scale-'));
  // The embedded PostgreSQL runs as an unprivileged user that must reach its folder.
  await chmod(dir, 0o755);
  const quiet = createLogger('silent');
  const pg = await startPostgres(loadConfig({ MYBEACON_DATA_DIR: path.join(dir, 'pg') }).postgres, quiet);
  const redisServer = await spawnRedisServer();
  const redis = createRedis(redisServer.url, 'bench', quiet);
  const processes: RoleProcessHandle[] = [];
  const generators = [startGenerator(), startGenerator()];
  try {
    const env = async (name: string): Promise<Record<string, string>> => ({
      MYBEACON_DATA_DIR: path.join(dir, name),
      DATABASE_URL: pg.url,
      REDIS_URL: redisServer.url,
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0',
      LOG_LEVEL: 'warn',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(await freePort()),
      MQTT_HOST: '127.0.0.1',
      MQTT_PORT: String(await freePort()),
    });
    const ingest = spawnRole('ingest', ['ingest'], await env('ingest'));
    processes.push(ingest);
    await ingest.start(); // migrates PostgreSQL before devices are created
    const brokers = [spawnRole('broker1', ['broker'], await env('broker1')), spawnRole('broker2', ['broker'], await env('broker2'))];
    processes.push(...brokers);
    await Promise.all(brokers.map((b) => b.start()));
    const urls = brokers.map((b) => b.endpoints.MQTT!);
    log(`MyBeacon scale-out ingest benchmark — ${os.cpus().length} cores (shared by every process below), Node ${process.version}`);
    log(`  2 broker processes (${urls.join(', ')}), 1 ingest worker (embedded chDB), redis-server (appendfsync always), PostgreSQL`);

    const org = await insertOrganization(pg.db, { name: 'Bench', status: 'active', products: ['ble', 'wifi'] });
    const devices: BenchDevice[] = [];
    for (let n = 0; n < opts.publishers; n++) {
      const mac = `0e:5c:00:00:${((n >> 8) & 255).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`;
      const token = newDeviceToken();
      await insertDevice(pg.db, { mac, token_hash: sha256Hex(token), device_password: '12345678', organization_id: org.id });
      devices.push({ mac, token });
    }
    const halves = [devices.filter((_, i) => i % 2 === 0), devices.filter((_, i) => i % 2 === 1)];
    const request = (url: string, part: BenchDevice[], ratePerDevice: number): GeneratorRequest => ({
      cmd: 'publish',
      url,
      devices: part,
      batchEvents: opts.batchEvents,
      warmupS: opts.warmupS,
      measureS: opts.measureS,
      maxInFlight: opts.maxInFlight,
      ratePerDevice,
    });

    // Who spends the CPU, per event stored: the figure to size with (throughput here is bounded by a shared, busy box).
    const roles = { brokers: () => brokers.reduce((ms, b) => ms + cpuMillis(b.pid), 0), ingest: () => cpuMillis(ingest.pid), redis: () => cpuMillis(redisServer.pid) };
    const cpuNow = () => Object.fromEntries(Object.entries(roles).map(([k, f]) => [k, f()])) as Record<keyof typeof roles, number>;
    const run = async (label: string, ratePerDevice: number) => {
      const edges = new Map<string, Promise<{ n: number; at: number; cpu: Record<keyof typeof roles, number> }>>();
      const reports = await Promise.all(
        generators.map((g, i) =>
          g.ask<PublishReport>(request(urls[i]!, halves[i]!, ratePerDevice), (phase) => {
            if (i === 0) edges.set(phase, ackedEntries(redis).then((n) => ({ n, at: performance.now(), cpu: cpuNow() })));
          }),
        ),
      );
      const [start, end] = await Promise.all([edges.get('measure-start')!, edges.get('measure-end')!]);
      const storedEvents = (end.n - start.n) * opts.batchEvents;
      const acceptedEvents = reports.reduce((n, r) => n + r.events, 0);
      const perThousand = (role: keyof typeof roles, events: number) => (((end.cpu[role] - start.cpu[role]) / Math.max(1, events)) * 1000).toFixed(0);
      const stored = storedEvents / ((end.at - start.at) / 1000);
      const acked = reports.reduce((n, r) => n + r.events / r.seconds, 0);
      // A broker starved of CPU for the whole window may have no PUBACK in it at all.
      const ms = (v: number | undefined) => (Number.isFinite(v) ? `${v!.toFixed(1)} ms` : 'n/a');
      const perBroker = reports.map((r, i) => `broker${i + 1} PUBACK p50 ${ms(r.p50)} p99 ${ms(r.p99)}`).join(' | ');
      log(`scale-out @ ${label}: stored ${fmt(stored)} events/s (acknowledged by the worker after INSERT) | acked ${fmt(acked)} events/s | ${perBroker}`);
      log(
        `  CPU per 1,000 events: brokers ${perThousand('brokers', acceptedEvents)} ms (per event acked), ingest worker ${perThousand('ingest', storedEvents)} ms, redis-server ${perThousand('redis', acceptedEvents)} ms (per event stored/acked)`,
      );
    };
    const targetRate = opts.eventsPerSecond / (opts.publishers * opts.batchEvents);
    log(`publish: ${opts.publishers} devices × ${opts.batchEvents}-event QoS 1 batches, ≤${opts.maxInFlight} unacked per device; ${opts.warmupS} s warm-up + ${opts.measureS} s measured per run`);
    await run('target', targetRate);
    await run('saturated', opts.maxRate);

    const memory = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);
    const keys = await redis.dbsize();
    // Replay keys (one per batch in the dedup window) are nearly all the keys; memory also holds the streams'
    // unwritten backlog and Aedes' sessions, so the quotient is an upper bound of a replay key's cost.
    const backlog = (await redis.xlen(streamKey('ble'))) + (await redis.xlen(streamKey('wifi')));
    const [, sample] = await redis.scan('0', 'MATCH', appendedKey('*'), 'COUNT', 1000);
    const keyBytes = sample[0] ? Number(await redis.memory('USAGE', sample[0])) : 0;
    log(
      `  redis: ${fmt(keys)} keys, ${fmt(backlog)} stream entries kept, ${(memory / 1e6).toFixed(1)} MB in all (≤ ${fmt(memory / Math.max(1, keys))} bytes per key); one replay key: ${keyBytes} bytes (MEMORY USAGE, + ~50 of hash-table and expiry entries)`,
    );
  } finally {
    for (const g of generators) {
      g.child.send({ cmd: 'exit' } satisfies GeneratorRequest);
      await new Promise((resolve) => g.child.once('exit', resolve));
    }
    await Promise.all(processes.map((p) => p.kill()));
    redis.disconnect();
    await redisServer.kill();
    await pg.stop();
    await rm(redisServer.dir, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  }
}

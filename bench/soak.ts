import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Platform } from '../platform.ts';
import type { BenchDevice, GeneratorRequest, SoakReport } from './load-generator.ts';

export interface SoakOptions {
  platform: Platform;
  generator: { ask<T>(req: GeneratorRequest, onPhase?: (phase: string) => void): Promise<T>; child: ChildProcess };
  devices: BenchDevice[];
  batchEvents: number;
  intervalMs: number;
  minutes: number;
  log(line: string): void;
}

const TARGETS = { rssMb: 500, p99Ms: 250 };
// RSS is read this often; growth is judged on the readings after the first minute (caches and pools warm up).
const SAMPLE_MS = 10_000;
const WARM_MS = 60_000;
const mb = (bytes: number) => bytes / 1024 / 1024;

/**
 * RSS split as Linux counts it: anonymous memory (heap, buffers, chDB's allocations: what grows with
 * connections and leaks) and file-backed pages (mostly the 560 MB libchdb.so's code as it is touched:
 * shared with the page cache, reclaimable, and absent from a broker-only process in scale-out mode).
 */
function rssParts(): { anon: number; file: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) / 1024;
  return { anon: kb('RssAnon'), file: kb('RssFile') };
}
const describeRss = () => {
  const { anon, file } = rssParts();
  return `RSS ${mb(process.memoryUsage.rss()).toFixed(0)} MB (anonymous ${anon.toFixed(0)} MB, file-backed ${file.toFixed(0)} MB)`;
};

/** Least-squares slope of (t, y) in y per minute: growth that a first/last difference would hide in noise. */
function slopePerMinute(points: Array<{ t: number; y: number }>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mt = points.reduce((a, p) => a + p.t, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const num = points.reduce((a, p) => a + (p.t - mt) * (p.y - my), 0);
  const den = points.reduce((a, p) => a + (p.t - mt) ** 2, 0);
  return den ? (num / den) * 60_000 : 0;
}

/**
 * The soak: every device connected at once (bare MQTT sockets, as real scanners' small clients), each
 * publishing one QoS 1 batch per interval, staggered, for minutes. Prints the platform process's RSS
 * with all devices connected and over time (it must stay flat), PUBACK latency, and every device the
 * broker refused or dropped (there must be none).
 */
export async function runSoak(o: SoakOptions): Promise<void> {
  const { platform, log } = o;
  const url = platform.endpoints.MQTT!;
  const offered = (o.devices.length / (o.intervalMs / 1000)) * o.batchEvents;
  log(`soak: ${o.devices.length} devices, one ${o.batchEvents}-event QoS 1 batch each per ${o.intervalMs} ms (${Math.round(offered).toLocaleString('en-US')} events/s offered) for ${o.minutes} min`);
  const idleRss = mb(process.memoryUsage.rss());
  log(`  before connecting: platform ${describeRss()} (embedded chDB, Node heap, ${o.devices.length} devices created)`);
  const rss: Array<{ t: number; y: number }> = [];
  let started = 0;
  let sampler: NodeJS.Timeout | undefined;
  const report = await o.generator.ask<SoakReport>(
    { cmd: 'soak', url, devices: o.devices, batchEvents: o.batchEvents, intervalMs: o.intervalMs, seconds: o.minutes * 60, concurrency: 1000 },
    (phase) => {
      if (phase === 'connected') {
        const conns = platform.api.deviceLink.stats().connections.current;
        const now = mb(process.memoryUsage.rss());
        log(`  connected: ${conns.toLocaleString('en-US')} devices; platform ${describeRss()}: +${(now - idleRss).toFixed(0)} MB for the connections`);
      } else if (phase === 'publishing') {
        started = Date.now();
        sampler = setInterval(() => {
          const at = Date.now() - started;
          rss.push({ t: at, y: mb(process.memoryUsage.rss()) });
          const s = platform.api.deviceLink.stats();
          log(`  ${Math.round(at / 1000)} s: ${describeRss()}, ${s.connections.current} connected, ${platform.api.ingest.stats().storedEvents.toLocaleString('en-US')} events stored`);
        }, SAMPLE_MS);
      }
    },
  );
  clearInterval(sampler);
  const broker = platform.api.deviceLink.stats();
  const warm = rss.filter((p) => p.t >= WARM_MS);
  const judged = warm.length >= 2 ? warm : rss;
  const peak = Math.max(...rss.map((p) => p.y), 0);
  const growth = slopePerMinute(judged);
  const refused = report.failedConnects + report.dropped;
  log(`soak result: ${report.batches.toLocaleString('en-US')} batches acked in ${report.seconds.toFixed(0)} s; PUBACK p50 ${report.p50.toFixed(1)} ms, p99 ${report.p99.toFixed(1)} ms`);
  log(`  RSS: ${judged[0]?.y.toFixed(0) ?? '?'} MB → ${judged.at(-1)?.y.toFixed(0) ?? '?'} MB after warm-up, peak ${peak.toFixed(0)} MB; trend ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB/min`);
  log(`  refused or dropped devices: ${refused} (connect failures ${report.failedConnects}, dropped ${report.dropped}); broker refusals ${JSON.stringify(broker.authFailures)}, kicks ${JSON.stringify(broker.kicks)}`);
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  log(`target: RSS < ${TARGETS.rssMb} MB at ${o.devices.length} connections: ${peak.toFixed(0)} MB — ${verdict(peak < TARGETS.rssMb)}`);
  log(`target: no RSS growth (trend < 1 MB/min after warm-up): ${growth.toFixed(1)} MB/min — ${verdict(growth < 1)}`);
  log(`target: PUBACK p99 < ${TARGETS.p99Ms} ms: ${report.p99.toFixed(1)} ms — ${verdict(report.p99 < TARGETS.p99Ms)}`);
  log(`target: no refused device: ${refused} — ${verdict(refused === 0)}`);
}

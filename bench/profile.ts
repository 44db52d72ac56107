import type { Platform } from '../platform.ts';
import { insertRows } from '../ingest/clickhouse-writer.ts';
import { encodeRows, tableTarget } from '../ingest/enrich.ts';
import { INGEST_PRODUCTS } from '../ingest/products/index.ts';
import type { TimedEvent } from '../ingest/products/product.ts';
import { percentile } from '../device-sim/stats.ts';

/**
 * Where a PUBACK's time goes, for `bench:ingest -- --profile`. Two views:
 * - what one INSERT costs by flush size on an otherwise idle platform (fixed cost per INSERT vs cost per
 *   event decides how large group commits must be to keep up, and how long a batch then waits);
 * - during a run, the platform's own histograms (the /metrics ones) read at both edges of the measured
 *   window: broker-side wait (arrival → durable) split into INSERT time and the time before it.
 */

const SIZES = [1000, 5000, 10_000, 20_000, 40_000];
const REPEATS = 5;

/** Median INSERT time per flush size into ble_events, rows encoded exactly as ingest encodes them. */
export async function insertCostBySize(platform: Platform, deviceId: number, organizationId: number): Promise<Array<{ events: number; ms: number }>> {
  const ble = INGEST_PRODUCTS.ble;
  const target = tableTarget(ble);
  const device = { deviceId, organizationId, mac: '0e:be:ff:00:00:01' };
  const out: Array<{ events: number; ms: number }> = [];
  let seq = 0;
  for (const size of SIZES) {
    const times: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      const now = Date.now();
      const events = Array.from({ length: size }, (_, i) => ({ mac: 'f9:29:de:16:00:01', rssi: -60, ts: now - 1000 + (i % 1000), type: 'ibeacon', uuid: 'b9407f30f5f8466eaff925556b57fe6d', major: (seq % 65_535) + 1, minor: i, tx_power: -59 }));
      const rows = Buffer.from(encodeRows(ble, device, { id: String(9_000_000_000 + seq++), receivedAt: now }, events as unknown as TimedEvent[]));
      const started = performance.now();
      await insertRows(platform.clickhouse.ch, target, rows);
      times.push(performance.now() - started);
    }
    out.push({ events: size, ms: percentile(times, 50) });
  }
  return out;
}

interface Histogram {
  buckets: Map<number, number>;
  sum: number;
  count: number;
}

/** One histogram of the platform's registry (summed over labels): cumulative bucket counts, sum, count. */
async function readHistogram(platform: Platform, name: string): Promise<Histogram> {
  const metric = (await platform.monitoring.metrics.registry.getSingleMetric(name)?.get()) as
    | { values: Array<{ metricName?: string; labels: Record<string, string | number>; value: number }> }
    | undefined;
  const h: Histogram = { buckets: new Map(), sum: 0, count: 0 };
  for (const v of metric?.values ?? []) {
    if (v.metricName === `${name}_bucket`) {
      const le = v.labels.le === '+Inf' ? Infinity : Number(v.labels.le);
      h.buckets.set(le, (h.buckets.get(le) ?? 0) + v.value);
    } else if (v.metricName === `${name}_sum`) h.sum += v.value;
    else if (v.metricName === `${name}_count`) h.count += v.value;
  }
  return h;
}

/** What was observed between two readings. */
function delta(a: Histogram, b: Histogram): Histogram {
  const buckets = new Map<number, number>();
  for (const [le, n] of b.buckets) buckets.set(le, n - (a.buckets.get(le) ?? 0));
  return { buckets, sum: b.sum - a.sum, count: b.count - a.count };
}

/** The bucket bound under which p % of the observations fall (Prometheus's histogram_quantile without interpolation). */
function quantileBound(h: Histogram, p: number): number {
  const rank = (p / 100) * h.count;
  for (const [le, n] of [...h.buckets].sort((x, y) => x[0] - y[0])) if (n >= rank) return le;
  return Infinity;
}

const HISTOGRAMS = ['mybeacon_puback_latency_seconds', 'mybeacon_ingest_insert_seconds', 'mybeacon_ingest_flush_events'] as const;
export type HistogramReading = Record<(typeof HISTOGRAMS)[number], Histogram>;

export async function readHistograms(platform: Platform): Promise<HistogramReading> {
  const entries = await Promise.all(HISTOGRAMS.map(async (name) => [name, await readHistogram(platform, name)] as const));
  return Object.fromEntries(entries) as HistogramReading;
}

/** One line: broker-side wait, INSERT time and flush size over the `seconds` between two readings. */
export function describeBreakdown(before: HistogramReading, after: HistogramReading, seconds: number): string {
  const ack = delta(before.mybeacon_puback_latency_seconds, after.mybeacon_puback_latency_seconds);
  const insert = delta(before.mybeacon_ingest_insert_seconds, after.mybeacon_ingest_insert_seconds);
  const size = delta(before.mybeacon_ingest_flush_events, after.mybeacon_ingest_flush_events);
  const ms = (s: number) => (s === Infinity ? '>5000' : (s * 1000).toFixed(0));
  const meanAck = ack.count ? (ack.sum / ack.count) * 1000 : 0;
  const meanInsert = insert.count ? (insert.sum / insert.count) * 1000 : 0;
  return (
    `broker-side (arrival → durable) mean ${meanAck.toFixed(0)} ms, p99 ≤ ${ms(quantileBound(ack, 99))} ms | ` +
    `${insert.count} INSERTs of ${size.count ? Math.round(size.sum / size.count) : 0} events mean, ${meanInsert.toFixed(0)} ms mean, p99 ≤ ${ms(quantileBound(insert, 99))} ms ` +
    `(INSERTs running ${((insert.sum / seconds) * 100).toFixed(0)}% of the time) | waiting before the INSERT ≈ ${Math.max(0, meanAck - meanInsert).toFixed(0)} ms mean`
  );
}

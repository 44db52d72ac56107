/** The p-th percentile (0–100) of samples, nearest-rank; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

// Beyond this many latency samples the run keeps a uniform random subset (reservoir sampling).
const RESERVOIR = 200_000;

/** Live counters of a simulation run, printed as one line every few seconds. */
export class SimStats {
  connected = 0;
  reconnects = 0;
  batchesSent = 0;
  batchesAcked = 0;
  eventsSent = 0;
  eventsAcked = 0;
  failures = 0;
  configsApplied = 0;
  commandsAcked = 0;
  private latencies: number[] = [];
  private window: number[] = [];
  private seen = 0;

  sent(events: number): void {
    this.batchesSent++;
    this.eventsSent += events;
  }

  acked(events: number, latencyMs: number): void {
    this.batchesAcked++;
    this.eventsAcked += events;
    this.window.push(latencyMs);
    this.seen++;
    if (this.latencies.length < RESERVOIR) this.latencies.push(latencyMs);
    else {
      const slot = Math.floor(Math.random() * this.seen);
      if (slot < RESERVOIR) this.latencies[slot] = latencyMs;
    }
  }

  /** Ack latency percentiles over the whole run. */
  latency(): { p50: number; p99: number } {
    return { p50: percentile(this.latencies, 50), p99: percentile(this.latencies, 99) };
  }

  /** One status line; latency percentiles cover the acks since the previous line. */
  line(devices: number, simNow?: number): string {
    const ms = (v: number) => (Number.isNaN(v) ? '-' : `${v.toFixed(0)}ms`);
    const w = this.window;
    this.window = [];
    const parts = [
      `connected ${this.connected}/${devices}`,
      `events sent ${this.eventsSent} acked ${this.eventsAcked}`,
      `batches ${this.batchesAcked}/${this.batchesSent}`,
      `ack p50 ${ms(percentile(w, 50))} p99 ${ms(percentile(w, 99))}`,
    ];
    if (this.reconnects) parts.push(`reconnects ${this.reconnects}`);
    if (this.failures) parts.push(`failures ${this.failures}`);
    if (simNow !== undefined) parts.push(`sim ${new Date(simNow).toISOString().slice(0, 16)}Z`);
    return parts.join(' | ');
  }
}

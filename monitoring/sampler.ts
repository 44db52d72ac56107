import type { Logger } from '../core/logger.ts';
import type { IngestStats } from '../ingest/types.ts';
import { hostSnapshot, readHostCounters, type HostCounters, type HostSnapshot } from './host.ts';

/** What the platform itself reports, read once per sample. */
export interface PlatformReadings {
  /** Devices connected to the broker right now. */
  devicesOnline(): number;
  ingest(): IngestStats;
}

/** One point of the live charts: host rates and the platform's own figures over the interval before `at`. */
export interface MonitoringSample {
  at: string;
  cpu_percent: number;
  memory_percent: number;
  load_1m: number;
  disk_percent: number;
  network_rx_bytes_per_second: number;
  network_tx_bytes_per_second: number;
  disk_read_bytes_per_second: number;
  disk_write_bytes_per_second: number;
  devices_online: number;
  events_per_second: number;
  queue_depth: number;
  /** Mean INSERT (group commit) time over the interval; null when nothing was flushed. */
  insert_ms: number | null;
}

/** Samples kept for the charts: an hour at the default 5 s interval. */
export const HISTORY_POINTS = 720;

const perSecond = (delta: number, ms: number) => (ms > 0 ? Math.max(0, Math.round((delta * 1000) / ms)) : 0);

/**
 * Reads host counters and platform figures every interval into a bounded history (the dashboard's
 * charts), and keeps the newest host snapshot (`GET /monitoring/host`). Rates need two readings, so
 * the first one is taken at start.
 */
export class MonitoringSampler {
  private readonly history: MonitoringSample[] = [];
  private latestHost: HostSnapshot | undefined;
  private previous: { host: HostCounters; ingest: IngestStats } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private listeners: Array<(sample: MonitoringSample, host: HostSnapshot) => void> = [];

  constructor(
    private readonly deps: { dataDir: string; platform: PlatformReadings; intervalMs: number; log: Logger },
  ) {}

  async start(): Promise<void> {
    this.previous = { host: await readHostCounters(), ingest: this.deps.platform.ingest() };
    this.timer = setInterval(() => {
      this.tick().catch((err: unknown) => this.deps.log.warn({ err }, 'monitoring sample failed'));
    }, this.deps.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Called after every sample (the alert evaluator follows the same beat). */
  onSample(listener: (sample: MonitoringSample, host: HostSnapshot) => void): void {
    this.listeners.push(listener);
  }

  /** Takes one sample now. */
  async tick(): Promise<MonitoringSample> {
    const before = this.previous ?? { host: await readHostCounters(), ingest: this.deps.platform.ingest() };
    const host = await readHostCounters();
    const ingest = this.deps.platform.ingest();
    const snapshot = await hostSnapshot(before.host, host, this.deps.dataDir);
    const ms = host.at - before.host.at;
    const flushes = ingest.flushes - before.ingest.flushes;
    const sample: MonitoringSample = {
      at: snapshot.timestamp,
      cpu_percent: snapshot.cpu.usage,
      memory_percent: snapshot.memory.percent,
      load_1m: snapshot.load['1m'],
      disk_percent: snapshot.disk.usage.percent,
      network_rx_bytes_per_second: perSecond(host.network.rxBytes - before.host.network.rxBytes, ms),
      network_tx_bytes_per_second: perSecond(host.network.txBytes - before.host.network.txBytes, ms),
      disk_read_bytes_per_second: perSecond(host.diskIo.readBytes - before.host.diskIo.readBytes, ms),
      disk_write_bytes_per_second: perSecond(host.diskIo.writeBytes - before.host.diskIo.writeBytes, ms),
      devices_online: this.deps.platform.devicesOnline(),
      events_per_second: perSecond(ingest.storedEvents - before.ingest.storedEvents, ms),
      queue_depth: ingest.pendingEvents,
      insert_ms: flushes > 0 ? Math.round(((ingest.flushMillis - before.ingest.flushMillis) / flushes) * 10) / 10 : null,
    };
    this.previous = { host, ingest };
    this.latestHost = snapshot;
    this.history.push(sample);
    if (this.history.length > HISTORY_POINTS) this.history.splice(0, this.history.length - HISTORY_POINTS);
    for (const listener of this.listeners) listener(sample, snapshot);
    return sample;
  }

  /** The newest host snapshot, taken now if no sample exists yet. */
  async host(): Promise<HostSnapshot> {
    if (this.latestHost) return this.latestHost;
    await this.tick();
    return this.latestHost!;
  }

  /** Samples newer than `since` (all kept ones without it), oldest first. */
  samples(since?: Date): MonitoringSample[] {
    if (!since) return [...this.history];
    const after = since.toISOString();
    return this.history.filter((s) => s.at > after);
  }
}

import { writeIsolating } from '../core/isolating-write.ts';
import type { Logger } from '../core/logger.ts';
import type { Db } from '../core/postgres.ts';
import { addDeviceRejections, type DeviceRejections } from '../db/repositories/device-ingest-stats.ts';

/**
 * Per-device counts of refused events, kept in memory and written to devices.rejected_events /
 * last_error / last_error_at every interval in one statement — a chatty broken scanner costs one
 * row update per interval, not one per message. If PostgreSQL is down, counts are kept for the next try;
 * a row it refuses is dropped alone.
 */
export class RejectStats {
  private pending = new Map<number, DeviceRejections>();
  private writing: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    intervalMs: number,
  ) {
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  record(deviceId: number, count: number, error: string, at = new Date()): void {
    this.merge({ deviceId, count, lastError: error, lastErrorAt: at });
  }

  /** Writes what has accumulated; concurrent calls share the write in progress. */
  flush(): Promise<void> {
    if (this.writing) return this.writing;
    if (this.pending.size === 0) return Promise.resolve();
    const entries = [...this.pending.values()];
    this.pending = new Map();
    this.writing = writeIsolating(
      entries,
      (some) => addDeviceRejections(this.db, some),
      (entry, err) => this.log.error({ err, deviceId: entry.deviceId }, 'rejected-event counter refused by PostgreSQL; dropped'),
    )
      .then(({ retry, error }) => {
        if (retry.length === 0) return;
        this.log.warn({ err: error, devices: retry.length }, 'could not write rejected-event counters; keeping them');
        for (const entry of retry) this.merge(entry);
      })
      .finally(() => {
        this.writing = null;
      });
    return this.writing;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.writing;
    await this.flush();
  }

  private merge(entry: DeviceRejections): void {
    const current = this.pending.get(entry.deviceId);
    if (!current) {
      this.pending.set(entry.deviceId, { ...entry });
      return;
    }
    current.count += entry.count;
    if (entry.lastErrorAt >= current.lastErrorAt) {
      current.lastError = entry.lastError;
      current.lastErrorAt = entry.lastErrorAt;
    }
  }
}

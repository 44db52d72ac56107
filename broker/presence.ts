import type { Logger } from '../core/logger.ts';
import { writeIsolating } from '../core/isolating-write.ts';
import type { Db } from '../core/postgres.ts';
import { applyPresence, markAllDevicesOffline, type PresenceUpdate } from '../db/repositories/device-presence.ts';
import type { DeviceSession } from './sessions.ts';

// last_seen_at is for people ("seen 2 minutes ago"), so a busy device rewrites its row at most this
// often instead of on every batch; online/offline changes are always written at the next flush.
const SEEN_RESOLUTION_MS = 10_000;

/**
 * Device presence (online, last_seen_at) and what devices report about themselves (status document,
 * applied config version). Changes accumulate in memory per device — the latest wins — and are
 * written for all devices in one statement per flush interval.
 */
export class Presence {
  private pending = new Map<number, PresenceUpdate>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly flushIntervalMs: number,
    /** Names this broker on the sessions it records; `only` = no other broker shares the devices. */
    private readonly broker: { id: string; only: boolean },
  ) {}

  /**
   * Starts flushing. The only broker also marks every device offline first (no session exists before
   * it listens); one of several must not, since the others hold live sessions.
   */
  async start(): Promise<void> {
    if (this.broker.only) {
      const count = await markAllDevicesOffline(this.db);
      if (count > 0) this.log.info({ count }, 'devices marked offline at start');
    }
    this.timer = setInterval(() => void this.flush(), this.flushIntervalMs);
    this.timer.unref();
  }

  connected(session: DeviceSession): void {
    session.seenAt = Date.now();
    this.update(session.identity.deviceId, { online: true, lastSeenAt: new Date(session.seenAt), session: this.sessionOf(session) });
  }

  disconnected(session: DeviceSession): void {
    this.update(session.identity.deviceId, { online: false, lastSeenAt: new Date(), session: this.sessionOf(session) });
  }

  private sessionOf(session: DeviceSession): { startedAt: Date; broker: string } {
    return { startedAt: new Date(session.startedAt), broker: this.broker.id };
  }

  /** Any packet from the device (publish, ping). */
  seen(session: DeviceSession): void {
    const now = Date.now();
    if (now - session.seenAt < SEEN_RESOLUTION_MS) return;
    session.seenAt = now;
    this.update(session.identity.deviceId, { lastSeenAt: new Date(now) });
  }

  reportStatus(session: DeviceSession, status: Record<string, unknown>): void {
    this.update(session.identity.deviceId, { reportedStatus: status });
  }

  reportConfigVersion(session: DeviceSession, version: number): void {
    this.update(session.identity.deviceId, { reportedConfigVersion: version });
  }

  /**
   * Writes what accumulated; one flush at a time. A row PostgreSQL refuses is dropped (logged), so one
   * device never holds back the others; if the database is down, rows are merged back under newer changes.
   */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pending.size === 0) return;
      const batch = [...this.pending.values()];
      this.pending = new Map();
      const { retry, error } = await writeIsolating(
        batch,
        (updates) => applyPresence(this.db, updates),
        (update, err) => this.log.error({ err, deviceId: update.deviceId }, 'presence update refused by PostgreSQL; dropped'),
      );
      if (retry.length === 0) return;
      this.log.error({ err: error, devices: retry.length }, 'presence flush failed; will retry');
      for (const older of retry) this.pending.set(older.deviceId, { ...older, ...this.pending.get(older.deviceId) });
    });
    return this.flushing;
  }

  /** Stops the timer and writes what is left (call after the broker closed its sessions). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private update(deviceId: number, change: Omit<PresenceUpdate, 'deviceId'>): void {
    const current = this.pending.get(deviceId);
    this.pending.set(deviceId, current ? { ...current, ...change } : { deviceId, ...change });
  }
}

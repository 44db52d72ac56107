import type { Db } from '../core/postgres.ts';
import { findDeviceCredentials, type DeviceCredentials } from '../db/repositories/device-credentials.ts';

/** What the broker knows about a device to let it in and route its messages. */
export type CachedDevice = DeviceCredentials;

interface Entry {
  device: CachedDevice | null;
  expiresAt: number;
}

interface Waiting {
  promise: Promise<CachedDevice | null>;
  resolve(device: CachedDevice | null): void;
  reject(err: unknown): void;
}

// Unknown MACs are cached too (a reconnect storm of unregistered scanners must not become a query
// storm), but briefly: a device registered by a path that forgets to announce it still gets in soon.
const UNKNOWN_TTL_MS = 10_000;
// MACs looked up in one query at most (well under Postgres' 65535 bind parameters).
const MAX_BATCH = 1000;

/**
 * Device credentials by MAC, loaded from Postgres once per TTL; `invalidate` (driven by the bus's
 * 'device.changed') drops an entry at once so a rotated token or a block takes effect immediately.
 * One lookup query runs at a time and the misses arriving meanwhile share the next one, so the
 * reconnect storm after a restart costs a handful of queries, not one per device, with no added delay.
 */
export class CredentialsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Waiting>();
  // Misses waiting for the next query, with their own waiter (an invalidation may drop it from `loading`).
  private queued: Array<[string, Waiting]> = [];
  private querying = false;

  constructor(
    private readonly db: Db,
    private readonly ttlMs: number,
  ) {}

  get(mac: string): Promise<CachedDevice | null> {
    const entry = this.entries.get(mac);
    if (entry && entry.expiresAt > Date.now()) return Promise.resolve(entry.device);
    const pending = this.loading.get(mac);
    if (pending) return pending.promise;
    let resolve!: Waiting['resolve'];
    let reject!: Waiting['reject'];
    const promise = new Promise<CachedDevice | null>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const waiting: Waiting = { promise, resolve, reject };
    this.loading.set(mac, waiting);
    this.queued.push([mac, waiting]);
    if (!this.querying) this.next();
    return promise;
  }

  invalidate(mac: string): void {
    this.entries.delete(mac);
    this.loading.delete(mac);
  }

  /** Drops every entry (an organization's entitlement changed; which MACs it has is not known here). */
  clear(): void {
    this.entries.clear();
    this.loading.clear();
  }

  private next(): void {
    this.querying = this.queued.length > 0;
    if (this.querying) void this.load(this.queued.splice(0, MAX_BATCH));
  }

  private async load(batch: Array<[string, Waiting]>): Promise<void> {
    try {
      const rows = await findDeviceCredentials(this.db, [...new Set(batch.map(([mac]) => mac))]);
      const found = new Map(rows.map((row) => [row.mac, row]));
      for (const [mac, waiting] of batch) {
        const device = found.get(mac) ?? null;
        // An invalidation during the query means this row may already be stale: answer with it, don't keep it.
        if (this.loading.get(mac) === waiting) {
          this.loading.delete(mac);
          const ttl = device ? this.ttlMs : Math.min(this.ttlMs, UNKNOWN_TTL_MS);
          this.entries.set(mac, { device, expiresAt: Date.now() + ttl });
        }
        waiting.resolve(device);
      }
    } catch (err) {
      for (const [mac, waiting] of batch) {
        if (this.loading.get(mac) === waiting) this.loading.delete(mac);
        waiting.reject(err);
      }
    } finally {
      this.next();
    }
  }
}

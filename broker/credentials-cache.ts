import type { Db } from '../core/postgres.ts';
import { findDeviceByMac, type DeviceRow } from '../db/repositories/devices.ts';

/** What the broker needs to know about a device to let it in and route its messages. */
export type CachedDevice = Pick<
  DeviceRow,
  'id' | 'mac' | 'organization_id' | 'status' | 'token_hash' | 'config_overrides' | 'config_version'
>;

interface Entry {
  device: CachedDevice | null;
  expiresAt: number;
}

// Unknown MACs are cached too (a reconnect storm of unregistered scanners must not become a query
// storm), but briefly: a device registered by a path that forgets to announce it still gets in soon.
const UNKNOWN_TTL_MS = 10_000;

/**
 * Device credentials by MAC, loaded from Postgres once per TTL; `invalidate` (driven by the bus's
 * 'device.changed') drops an entry at once so a rotated token or a block takes effect immediately.
 */
export class CredentialsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<CachedDevice | null>>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs: number,
  ) {}

  get(mac: string): Promise<CachedDevice | null> {
    const entry = this.entries.get(mac);
    if (entry && entry.expiresAt > Date.now()) return Promise.resolve(entry.device);
    const pending = this.loading.get(mac);
    if (pending) return pending;
    const load: Promise<CachedDevice | null> = findDeviceByMac(this.db, mac).then(
      (row) => {
        const device = row ? pick(row) : null;
        // An invalidation during the query means this row may already be stale: answer with it, don't keep it.
        if (this.loading.get(mac) === load) {
          this.loading.delete(mac);
          const ttl = device ? this.ttlMs : Math.min(this.ttlMs, UNKNOWN_TTL_MS);
          this.entries.set(mac, { device, expiresAt: Date.now() + ttl });
        }
        return device;
      },
      (err: unknown) => {
        if (this.loading.get(mac) === load) this.loading.delete(mac);
        throw err;
      },
    );
    this.loading.set(mac, load);
    return load;
  }

  invalidate(mac: string): void {
    this.entries.delete(mac);
    this.loading.delete(mac);
  }
}

const pick = (row: DeviceRow): CachedDevice => ({
  id: row.id,
  mac: row.mac,
  organization_id: row.organization_id,
  status: row.status,
  token_hash: row.token_hash,
  config_overrides: row.config_overrides,
  config_version: row.config_version,
});

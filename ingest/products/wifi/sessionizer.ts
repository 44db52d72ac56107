import type { Bus } from '../../../core/bus.ts';
import type { ClickHouseClient } from '../../../core/clickhouse.ts';
import type { Logger } from '../../../core/logger.ts';
import type { Db } from '../../../core/postgres.ts';
import { thresholdsOf } from '../../../core/products/wifi.ts';
import { findOrganization } from '../../../db/repositories/organizations.ts';
import { latestVersion, rederiveVisits, touchedMacs, touchedOrganizations, type SessionRules } from './visits-store.ts';

export interface SessionizerOptions {
  ch: ClickHouseClient;
  /** An organization's floor and gap; undefined when it no longer exists. */
  rulesOf(organizationId: number): Promise<SessionRules | undefined>;
  bus: Bus;
  log: Logger;
  intervalMs: number;
}

// Presence written within this long before a run may not have been visible to it (an insert in flight):
// each run looks back this far again. Re-deriving is idempotent, so overlap costs only a little work.
const OVERLAP_MS = 30_000;
// Past this many changed MACs one full re-derivation is cheaper than listing them (and their query params).
const FULL_REBUILD_MACS = 50_000;

/**
 * Keeps wifi_visits in step with wifi_presence_minute: every interval it re-derives the visits of the
 * MACs whose presence changed, and an organization's whole history when it changes its floor or gap.
 * Runs are serialized; a failed run is retried at the next tick from the same point.
 */
export class WifiSessionizer {
  private sinceMs = -1;
  private readonly rebuild = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private offBus: (() => void) | undefined;

  constructor(private readonly opts: SessionizerOptions) {}

  /** Runs every interval and on rule changes; only in the process holding the job (run-once across processes). */
  start(): void {
    this.offBus = this.opts.bus.on('product.settings_changed', ({ organizationId, product }) => {
      // Only the floor and the gap shape visits; the service announces a change of either.
      if (product !== 'wifi') return;
      this.rebuild.add(organizationId);
      void this.runOnce();
    });
    this.timer = setInterval(() => void this.runOnce(), this.opts.intervalMs);
    this.timer.unref();
  }

  /** Brings visits up to date with everything written so far (tests and benchmarks call it directly). */
  runOnce(): Promise<void> {
    this.running = this.running.then(() =>
      this.catchUp().catch((err: unknown) => this.opts.log.error({ err }, 'wifi sessionizer run failed; retrying next tick')),
    );
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.offBus?.();
    this.offBus = undefined;
    await this.running;
  }

  private async catchUp(): Promise<void> {
    const { ch } = this.opts;
    if (this.sinceMs < 0) this.sinceMs = await latestVersion(ch);
    const version = Date.now();
    const since = this.sinceMs - OVERLAP_MS;
    const touched = await touchedOrganizations(ch, since);
    const orgs = new Map(touched.map((t) => [t.organizationId, t.macs]));
    for (const id of this.rebuild) orgs.set(id, Infinity);
    for (const [organizationId, macs] of orgs) {
      const rules = await this.opts.rulesOf(organizationId);
      if (!rules) continue;
      // The very first run knows no visits at all: everything is new.
      const full = macs > FULL_REBUILD_MACS || this.sinceMs === 0;
      if (full) await rederiveVisits(ch, rules, { all: true }, version);
      else {
        const scope = await touchedMacs(ch, rules, since);
        if (scope.macs.length) await rederiveVisits(ch, rules, scope, version);
      }
      this.rebuild.delete(organizationId);
    }
    this.sinceMs = version;
    if (orgs.size) this.opts.log.debug({ organizations: orgs.size, ms: Date.now() - version }, 'wifi visits re-derived');
  }
}

/** The floor and gap an organization set (defaults otherwise), read from its settings in Postgres. */
export async function sessionRulesFromDb(db: Db, organizationId: number): Promise<SessionRules | undefined> {
  const org = await findOrganization(db, organizationId);
  if (!org) return undefined;
  const t = thresholdsOf(org.settings);
  return { organizationId, floorDbm: t.rssi_floor_dbm, gapMs: t.visit_gap_minutes * 60_000 };
}

import type { Bus } from '../../../core/bus.ts';
import type { ClickHouseClient } from '../../../core/clickhouse.ts';
import type { LiveFix, LiveFixes } from '../../../core/products/ble-live.ts';
import { queryLatestFixes, type PlanScope } from './positions-repository.ts';

// brief: a tag not heard for more than 10 minutes is "not seen": it leaves the live map too.
export const LIVE_WINDOW_MS = 10 * 60_000;
// How stale the ClickHouse part of a snapshot may be (the bus carries everything newer).
const STORED_TTL_MS = 30_000;

/**
 * What the live map shows now, per plan: the latest fix of each tag. The positioning engine may run in
 * another process (scale-out), so the state starts from ClickHouse (the latest stored fix per tag) and
 * is kept fresh from the bus's 'ble.fixes' events; a fix only ever replaces an older one.
 */
export class LiveState {
  private readonly plans = new Map<number, Map<number, LiveFix>>();
  /** The plan each tag was last placed on: a tag that changes floors leaves the old floor's map at once. */
  private readonly planOf = new Map<number, number>();
  private readonly storedByPlan = new Map<number, { at: number; rows: ReturnType<typeof queryLatestFixes> }>();
  private readonly listeners = new Set<(round: LiveFixes) => void>();
  private readonly off: () => void;

  constructor(
    private readonly ch: ClickHouseClient,
    bus: Bus,
  ) {
    this.off = bus.on('ble.fixes', (round) => this.apply(round));
  }

  /** Calls `fn` with every round of fixes after it was applied; returns the unsubscribe function. */
  onRound(fn: (round: LiveFixes) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The plan's tags seen in the last LIVE_WINDOW_MS, newest fix of each. */
  async current(s: PlanScope, now = Date.now()): Promise<LiveFix[]> {
    const since = now - LIVE_WINDOW_MS;
    const stored = await this.stored(s, now);
    const merged = new Map<number, LiveFix>();
    for (const r of stored) {
      // Stored on this plan, but the bus has since placed it on another floor.
      const elsewhere = this.planOf.get(r.tag_id);
      if (elsewhere !== undefined && elsewhere !== s.planId) continue;
      merged.set(r.tag_id, { tagId: r.tag_id, ts: r.at_ms, x: r.fx, y: r.fy, errorM: r.err, zoneId: r.zone || null, bestDeviceId: r.device, bestRssi: r.rssi });
    }
    for (const fix of this.plans.get(s.planId)?.values() ?? []) {
      const known = merged.get(fix.tagId);
      if (!known || known.ts < fix.ts) merged.set(fix.tagId, fix);
    }
    return [...merged.values()].filter((f) => f.ts >= since).sort((a, b) => a.tagId - b.tagId);
  }

  /**
   * The plan's latest stored fixes, read at most every STORED_TTL_MS per plan: the bus keeps the state
   * fresh in between, so polling browsers cost memory reads, while a round lost on the way (a Redis
   * reconnect) is mended from ClickHouse within the TTL.
   */
  private stored(s: PlanScope, now: number) {
    const cached = this.storedByPlan.get(s.planId);
    if (cached && now - cached.at < STORED_TTL_MS) return cached.rows;
    const rows = queryLatestFixes(this.ch, s, new Date(now - LIVE_WINDOW_MS));
    this.storedByPlan.set(s.planId, { at: now, rows });
    rows.catch(() => this.storedByPlan.delete(s.planId));
    return rows;
  }

  stop(): void {
    this.off();
    this.listeners.clear();
  }

  private apply(round: LiveFixes): void {
    let plan = this.plans.get(round.planId);
    if (!plan) this.plans.set(round.planId, (plan = new Map()));
    for (const fix of round.fixes) {
      const known = plan.get(fix.tagId);
      if (known && known.ts > fix.ts) continue;
      plan.set(fix.tagId, fix);
      const before = this.planOf.get(fix.tagId);
      if (before !== undefined && before !== round.planId) this.plans.get(before)?.delete(fix.tagId);
      this.planOf.set(fix.tagId, round.planId);
    }
    // Tags that went quiet: memory stays bounded by the tags heard in the window.
    const cutoff = Date.now() - LIVE_WINDOW_MS;
    if (plan.size > round.fixes.length) {
      for (const [id, f] of plan) {
        if (f.ts >= cutoff) continue;
        plan.delete(id);
        this.planOf.delete(id);
      }
    }
    for (const fn of this.listeners) fn(round);
  }
}

/**
 * One receiver's recent readings of one tag, smoothed: the median of the readings of the last
 * `windowMs` after dropping outliers beyond 1.5×IQR (ESPresense's firmware filter). A median shrugs
 * off the simulator's and the real world's −6 dB body-shadowing dips, which a mean would follow.
 */
export class RssiWindow {
  private readonly ts: number[] = [];
  private readonly rssi: number[] = [];

  constructor(
    /** The tag's calibrated RSSI at 1 m from its latest advertisement (0 = unknown). */
    public txPower: number,
  ) {}

  /** Adds a reading; readings arrive nearly in order, so an older one is inserted in place. */
  add(ts: number, rssi: number, txPower: number): void {
    let i = this.ts.length;
    while (i > 0 && this.ts[i - 1]! > ts) i--;
    this.ts.splice(i, 0, ts);
    this.rssi.splice(i, 0, rssi);
    this.txPower = txPower;
  }

  /** Forgets readings older than `oldest`; true when none is left. */
  prune(oldest: number): boolean {
    let n = 0;
    while (n < this.ts.length && this.ts[n]! < oldest) n++;
    if (n > 0) {
      this.ts.splice(0, n);
      this.rssi.splice(0, n);
    }
    return this.ts.length === 0;
  }

  /** Newest reading's time, or -Infinity when empty. */
  get latest(): number {
    return this.ts.length > 0 ? this.ts[this.ts.length - 1]! : -Infinity;
  }

  /**
   * The smoothed RSSI at `now`: median of readings in (now − windowMs, now] after the IQR cut; when
   * the window is empty, the newest reading not older than maxAgeMs; null when there is none.
   */
  smoothed(now: number, windowMs: number, maxAgeMs: number): number | null {
    const recent: number[] = [];
    for (let i = this.ts.length - 1; i >= 0; i--) {
      const t = this.ts[i]!;
      if (t > now) continue;
      if (t <= now - windowMs) {
        if (recent.length === 0 && t > now - maxAgeMs) recent.push(this.rssi[i]!);
        break;
      }
      recent.push(this.rssi[i]!);
    }
    return recent.length === 0 ? null : robustMedian(recent);
  }
}

/** Median after dropping values beyond 1.5×IQR of the quartiles (sorts `values` in place). */
export function robustMedian(values: number[]): number {
  values.sort((a, b) => a - b);
  if (values.length >= 4) {
    const q1 = quantile(values, 0.25);
    const q3 = quantile(values, 0.75);
    const fence = 1.5 * (q3 - q1);
    const kept = values.filter((v) => v >= q1 - fence && v <= q3 + fence);
    if (kept.length > 0) return quantile(kept, 0.5);
  }
  return quantile(values, 0.5);
}

/** Linear-interpolated quantile of sorted values. */
function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

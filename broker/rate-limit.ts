/**
 * A token bucket: `ratePerSecond` tokens refill continuously up to a burst of one second's worth.
 * `take()` is a couple of arithmetic operations, fit for every publish.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt = performance.now();

  constructor(private readonly ratePerSecond: number) {
    this.tokens = ratePerSecond;
  }

  /** Takes one token; false when the bucket is empty (the caller is over its rate). */
  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.ratePerSecond, this.tokens + ((now - this.refilledAt) / 1000) * this.ratePerSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Idle long enough to have refilled completely: indistinguishable from a new bucket. */
  get full(): boolean {
    return performance.now() - this.refilledAt >= 1000;
  }
}

// A new device beyond this many buckets triggers a sweep of the full ones (then the bar doubles from
// what is left), so memory follows the devices active in the last second at amortized O(1) per take.
const SWEEP_AT = 1024;

/**
 * Each device's message budget, one bucket per device however it sends: MQTT publishes and HTTP bridge
 * uploads draw on the same one, so a device cannot double its rate by using both, or escape it by
 * reconnecting.
 */
export class DeviceBudgets {
  private readonly buckets = new Map<number, TokenBucket>();
  private sweepAt = SWEEP_AT;

  constructor(private readonly ratePerSecond: number) {}

  /** Takes one message from the device's budget; false when it is over its rate. */
  take(deviceId: number): boolean {
    let bucket = this.buckets.get(deviceId);
    if (!bucket) {
      if (this.buckets.size >= this.sweepAt) this.sweep();
      bucket = new TokenBucket(this.ratePerSecond);
      this.buckets.set(deviceId, bucket);
    }
    return bucket.take();
  }

  private sweep(): void {
    for (const [id, bucket] of this.buckets) if (bucket.full) this.buckets.delete(id);
    this.sweepAt = Math.max(SWEEP_AT, 2 * this.buckets.size);
  }
}

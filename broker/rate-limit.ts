/**
 * A token bucket: `ratePerSecond` tokens refill continuously up to a burst of one second's worth.
 * One per device session; `take()` is a couple of arithmetic operations, fit for every publish.
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
}

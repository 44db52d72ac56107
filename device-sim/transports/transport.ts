import type { ProductName } from '../../core/products.ts';

/** How a simulated device talks to the platform: MQTT (the native protocol) or the legacy HTTP bridge. */
export interface Transport {
  readonly connected: boolean;
  start(): void;
  /**
   * Resolves once the platform acknowledged the batch as durable (PUBACK / HTTP 200). Lost
   * connections are retried with the same bytes; rejects only when the platform refuses the batch.
   */
  send(product: ProductName, payload: Buffer): Promise<void>;
  stop(): Promise<void>;
}

/** Exponential reconnect back-off with jitter, capped; reset after a good connection. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly baseMs = 1000,
    private readonly maxMs = 30_000,
  ) {}

  next(): number {
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** this.attempt++);
    // Full jitter: a fleet that lost the broker together must not come back in lock-step.
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  reset(): void {
    this.attempt = 0;
  }
}

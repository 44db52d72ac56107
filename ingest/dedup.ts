import { createHash } from 'node:crypto';
import type { ProductName } from '../core/products.ts';
import type { DeviceIdentity } from './types.ts';

/**
 * A batch's identity: the first 8 bytes of sha256(device id, product, raw payload) as a decimal UInt64.
 * A QoS 1 DUP or an HTTP retry resends the same bytes, so it gets the same id; the device id keeps two
 * devices that happen to send identical bytes apart.
 */
export function batchIdentity(device: DeviceIdentity, product: ProductName, payload: Buffer): string {
  const digest = createHash('sha256').update(`${device.deviceId}\0${product}\0`).update(payload).digest();
  return digest.readBigUInt64BE(0).toString();
}

/**
 * Batch ids stored in the last window. Group commit merges many batches into one INSERT, so ClickHouse's
 * block-level insert dedup cannot recognise a replayed batch; this index does, in process. It is seeded
 * from the event tables at start, so a replay after a restart is caught too. Map insertion order is
 * storage order, which lets pruning stop at the first entry still inside the window.
 */
export class DedupIndex {
  // Seconds since `base`, rounded up: a small integer is stored inline in the Map (a millisecond epoch
  // would be a heap number, +16 bytes per entry); rounding up keeps an id up to 1 s longer, never shorter.
  private readonly storedAt = new Map<string, number>();
  constructor(
    private readonly windowMs: number,
    private readonly base = Date.now(),
  ) {}

  get size(): number {
    return this.storedAt.size;
  }

  has(batchId: string, now = Date.now()): boolean {
    this.prune(now);
    return this.storedAt.has(batchId);
  }

  /** Records a batch id once its rows are durable. */
  add(batchId: string, at = Date.now()): void {
    this.storedAt.delete(batchId);
    this.storedAt.set(batchId, Math.ceil((at - this.base) / 1000));
  }

  /** Loads ids already stored (oldest first), e.g. from ClickHouse at start. */
  seed(entries: Iterable<{ batchId: string; at: number }>): void {
    for (const { batchId, at } of entries) this.add(batchId, at);
  }

  private prune(now: number): void {
    const cutoff = (now - this.windowMs - this.base) / 1000;
    for (const [batchId, at] of this.storedAt) {
      if (at > cutoff) break;
      this.storedAt.delete(batchId);
    }
  }
}

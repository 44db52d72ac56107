import { jsonPreview } from '../core/json-limits.ts';
import type { ProductIngest, TimedEvent } from './products/product.ts';

/**
 * Why one event was refused: a stable code, listed in docs/device-protocol.md. The common codes are
 * these; each product adds its own (e.g. `invalid_uuid`) for its fields.
 */
export type CommonRejectReason = 'not_an_object' | 'invalid_timestamp' | 'timestamp_in_future' | 'timestamp_too_old';

/** A whole batch refused before validation: the organization does not have the product (or is pending). */
export type BatchRejectReason = 'product_not_enabled';

/** A refused event; only allocated on failure, valid events pass through untouched. */
export class Rejection<R extends string = string> {
  constructor(
    readonly reason: R,
    readonly field: string,
    readonly value: unknown,
  ) {}

  /** Short human-readable form for devices.last_error, e.g. `rssi_out_of_range: rssi=12`. */
  describe(index: number): string {
    // Bounded by construction: a value nested thousands deep must not throw here (it did with JSON.stringify).
    const shown = this.value === undefined ? 'missing' : jsonPreview(this.value, 40);
    return `${this.reason}: event ${index} ${this.field}=${shown}`;
  }
}

export interface TimeWindow {
  /** Oldest acceptable event time, epoch ms. */
  minTs: number;
  /** Newest acceptable event time, epoch ms (now + allowed clock skew). */
  maxTs: number;
}

export const isIntIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/** Checks what every product's event has: when it happened, within the accepted window. */
function checkTimestamp(event: Record<string, unknown>, window: TimeWindow): Rejection<CommonRejectReason> | null {
  const { ts } = event;
  if (typeof ts !== 'number' || !Number.isSafeInteger(ts)) return new Rejection('invalid_timestamp', 'ts', ts);
  if (ts > window.maxTs) return new Rejection('timestamp_in_future', 'ts', ts);
  if (ts < window.minTs) return new Rejection('timestamp_too_old', 'ts', ts);
  return null;
}

export interface ValidatedBatch<E extends TimedEvent> {
  valid: E[];
  rejected: number;
  /** Rejected events per reason. */
  reasons: Map<string, number>;
  /** The first refused event, described for devices.last_error, with a count of the others. */
  firstError: string | null;
}

/** Step 2: keeps the events that pass the common and the product's checks; counts the others by reason. */
export function validateBatch<E extends TimedEvent>(product: ProductIngest<E>, events: unknown[], window: TimeWindow): ValidatedBatch<E> {
  const valid: E[] = [];
  const reasons = new Map<string, number>();
  let firstError: string | null = null;
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const problem =
      event === null || typeof event !== 'object' || Array.isArray(event)
        ? new Rejection<CommonRejectReason>('not_an_object', 'event', event)
        : (checkTimestamp(event as Record<string, unknown>, window) ?? product.validate(event as Record<string, unknown>));
    if (problem === null) {
      valid.push(event as E);
    } else {
      reasons.set(problem.reason, (reasons.get(problem.reason) ?? 0) + 1);
      firstError ??= problem.describe(i);
    }
  }
  const rejected = events.length - valid.length;
  return { valid, rejected, reasons, firstError: firstError && rejected > 1 ? `${firstError} ${othersSummary(reasons, rejected)}` : firstError };
}

/**
 * issue 17: devices.last_error keeps one line, so when a batch had several refusals it says how many and
 * why — "(3 refused in this batch: invalid_rssi ×2, timestamp_too_old ×1)" — rather than hiding the others.
 */
function othersSummary(reasons: Map<string, number>, rejected: number): string {
  const counts = [...reasons].map(([reason, n]) => `${reason} ×${n}`).join(', ');
  return `(${rejected} refused in this batch: ${counts})`;
}

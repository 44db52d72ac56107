import { MAC_PATTERN, normalizeMac } from '../core/mac.ts';
import type { ProductIngest, Sighting } from './products/product.ts';

/** Why one event was refused; stable codes, listed in docs/device-protocol.md. */
export type RejectReason =
  | 'not_an_object'
  | 'invalid_mac'
  | 'invalid_rssi'
  | 'rssi_out_of_range'
  | 'invalid_timestamp'
  | 'timestamp_in_future'
  | 'timestamp_too_old'
  | 'unsupported_type'
  | 'invalid_uuid'
  | 'invalid_major'
  | 'invalid_minor'
  | 'invalid_tx_power'
  | 'invalid_ssid'
  | 'invalid_channel'
  | 'invalid_frame_type';

/** A refused event; only allocated on failure, valid events pass through untouched. */
export class Rejection {
  constructor(
    readonly reason: RejectReason,
    readonly field: string,
    readonly value: unknown,
  ) {}

  /** Short human-readable form for devices.last_error, e.g. `rssi_out_of_range: rssi=12`. */
  describe(index: number): string {
    const shown = JSON.stringify(this.value) ?? 'missing';
    return `${this.reason}: event ${index} ${this.field}=${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}`;
  }
}

// Int8 column; 0 dBm is the strongest a scanner can meaningfully report, -127 the floor of the
// Bluetooth/802.11 RSSI scale. Anything else is a firmware bug, not a sighting.
export const RSSI_MIN = -127;
export const RSSI_MAX = 0;

export interface TimeWindow {
  /** Oldest acceptable event time, epoch ms. */
  minTs: number;
  /** Newest acceptable event time, epoch ms (now + allowed clock skew). */
  maxTs: number;
}

export const isIntIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/** Checks the fields every product's event has (who was seen, how strong, when), normalizing `mac` in place. */
function checkSighting(event: Record<string, unknown>, window: TimeWindow): Rejection | null {
  const raw = event.mac;
  // Firmware sends canonical MACs; testing first spares normalizeMac's allocations on the hot path.
  if (typeof raw !== 'string') return new Rejection('invalid_mac', 'mac', raw);
  if (!MAC_PATTERN.test(raw)) {
    const mac = normalizeMac(raw);
    if (mac === null) return new Rejection('invalid_mac', 'mac', raw);
    event.mac = mac;
  }
  const { rssi, ts } = event;
  if (typeof rssi !== 'number' || !Number.isInteger(rssi)) return new Rejection('invalid_rssi', 'rssi', rssi);
  if (rssi < RSSI_MIN || rssi > RSSI_MAX) return new Rejection('rssi_out_of_range', 'rssi', rssi);
  if (typeof ts !== 'number' || !Number.isSafeInteger(ts)) return new Rejection('invalid_timestamp', 'ts', ts);
  if (ts > window.maxTs) return new Rejection('timestamp_in_future', 'ts', ts);
  if (ts < window.minTs) return new Rejection('timestamp_too_old', 'ts', ts);
  return null;
}

export interface ValidatedBatch<E extends Sighting> {
  valid: E[];
  rejected: number;
  /** Rejected events per reason. */
  reasons: Map<RejectReason, number>;
  /** The first refused event, described for devices.last_error, with a count of the others. */
  firstError: string | null;
}

/** Step 2: keeps the events that pass the common and the product's checks; counts the others by reason. */
export function validateBatch<E extends Sighting>(product: ProductIngest<E>, events: unknown[], window: TimeWindow): ValidatedBatch<E> {
  const valid: E[] = [];
  const reasons = new Map<RejectReason, number>();
  let firstError: string | null = null;
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const problem =
      event === null || typeof event !== 'object' || Array.isArray(event)
        ? new Rejection('not_an_object', 'event', event)
        : (checkSighting(event as Record<string, unknown>, window) ?? product.validate(event as Record<string, unknown>));
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
function othersSummary(reasons: Map<RejectReason, number>, rejected: number): string {
  const counts = [...reasons].map(([reason, n]) => `${reason} ×${n}`).join(', ');
  return `(${rejected} refused in this batch: ${counts})`;
}

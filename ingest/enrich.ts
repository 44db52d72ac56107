import { AppError } from '../core/errors.ts';
import { MAC_PATTERN } from '../core/mac.ts';
import type { ProductIngest, TimedEvent } from './products/product.ts';
import type { DeviceIdentity } from './types.ts';
import { isIntIn } from './validate.ts';

const UINT32_MAX = 0xffff_ffff;

/**
 * The identity goes unchecked into every row of a shared INSERT, where one bad value (an unbound
 * device's null organization, say) would fail the whole group commit on every retry. So it is checked
 * once per batch; a failure is the caller's bug, answered as a 500 so nothing is acknowledged.
 */
export function checkIdentity(device: DeviceIdentity): void {
  if (!isIntIn(device.deviceId, 1, UINT32_MAX) || !isIntIn(device.organizationId, 1, UINT32_MAX) || !MAC_PATTERN.test(device.mac)) {
    throw new AppError(500, 'invalid_device_identity', 'The batch has no complete device identity; it was not stored', {
      deviceId: device.deviceId,
      organizationId: device.organizationId,
    });
  }
}

/** Where a product's rows go: the table and its columns in the order `encodeRows` writes them. */
export interface TableTarget {
  table: string;
  columns: readonly string[];
}

/** The target of a product: identity, timestamp, the product's own columns, arrival time, batch id. */
export const tableTarget = (product: ProductIngest): TableTarget => ({
  table: product.table,
  columns: ['organization_id', 'device_id', 'device_mac', 'timestamp', ...product.columns, 'received_at', 'batch_id'],
});

/**
 * Step 3: valid events → TabSeparated rows carrying the sender's identity (from the connection, never
 * the payload), the arrival time and the batch id. One string per batch, built by concatenation: no
 * per-event objects. Every value is fixed here, so a retried INSERT is byte-identical to the first.
 */
export function encodeRows<E extends TimedEvent>(
  product: ProductIngest<E>,
  device: DeviceIdentity,
  batch: { id: string; receivedAt: number },
  events: readonly E[],
): string {
  const prefix = `${device.organizationId}\t${device.deviceId}\t${device.mac}\t`;
  const suffix = `\t${batch.receivedAt}\t${batch.id}\n`;
  let rows = '';
  for (const e of events) rows += `${prefix}${e.ts}\t${product.encode(e)}${suffix}`;
  return rows;
}

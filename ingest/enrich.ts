import type { ProductIngest, Sighting } from './products/product.ts';
import type { DeviceIdentity } from './types.ts';

/** Where a product's rows go: the table and its columns in the order `encodeRows` writes them. */
export interface TableTarget {
  table: string;
  columns: readonly string[];
}

/** The target of a product: identity columns, the common sighting columns, the product's own, the batch id. */
export const tableTarget = (product: ProductIngest<Sighting>): TableTarget => ({
  table: product.table,
  columns: ['organization_id', 'device_id', 'device_mac', 'timestamp', product.macColumn, 'rssi', ...product.columns, 'batch_id'],
});

/**
 * Step 3: valid events → TabSeparated rows carrying the sender's identity (from the connection, never
 * the payload) and the batch id. One string per batch, built by concatenation: no per-event objects.
 */
export function encodeRows<E extends Sighting>(product: ProductIngest<E>, device: DeviceIdentity, batchId: string, events: readonly E[]): string {
  const prefix = `${device.organizationId}\t${device.deviceId}\t${device.mac}\t`;
  const suffix = `\t${batchId}\n`;
  let rows = '';
  for (const e of events) rows += `${prefix}${e.ts}\t${e.mac}\t${e.rssi}\t${product.encode(e)}${suffix}`;
  return rows;
}

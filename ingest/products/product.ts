import type { ProductName } from '../../core/products.ts';
import type { Rejection } from '../validate.ts';

/** What every product's event carries: the sighted MAC (canonical after validation), its RSSI, epoch ms. */
export interface Sighting {
  mac: string;
  rssi: number;
  ts: number;
}

/**
 * A product's slice of the ingest path: its event schema (checked after the common sighting fields)
 * and how a valid event maps onto its ClickHouse table.
 */
export interface ProductIngest<E extends Sighting> {
  name: ProductName;
  table: string;
  /** Column that stores the event's `mac`. */
  macColumn: string;
  /** Columns after timestamp, mac and rssi, in the order `encode` writes them. */
  columns: readonly string[];
  /** Checks the product's own fields, normalizing them in place; null when the event is valid. */
  validate(event: Record<string, unknown>): Rejection | null;
  /** The product columns of one valid event as TabSeparated fields (no leading/trailing tab). */
  encode(event: E): string;
}

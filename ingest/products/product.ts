import type { Bus } from '../../core/bus.ts';
import type { ClickHouseClient } from '../../core/clickhouse.ts';
import type { Logger } from '../../core/logger.ts';
import type { Db } from '../../core/postgres.ts';
import type { ProductName, ProductSettings } from '../../core/products.ts';
import type { Rejection } from '../validate.ts';

/** What every product's event carries: when it happened (epoch ms, checked against the ingest time window). */
export interface TimedEvent {
  ts: number;
}

/** What a product's background work gets: the stores, the bus and the product's own settings. */
export interface ProductRuntime<P extends ProductName = ProductName> {
  ch: ClickHouseClient;
  db: Db;
  bus: Bus;
  log: Logger;
  settings: ProductSettings[P];
}

/** A product's running background work (sessionizers, positioning engines, retention jobs). */
export interface ProductWorkers {
  /** Brings derived data up to date with everything stored so far (tests and benchmarks wait on it). */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A product's slice of the ingest path: its event schema (checked after the common timestamp), how a
 * valid event maps onto its ClickHouse table, and the lifecycle hook of its background work.
 */
export interface ProductIngest<E extends TimedEvent = TimedEvent, P extends ProductName = ProductName> {
  name: P;
  table: string;
  /** Columns after the timestamp, in the order `encode` writes them. */
  columns: readonly string[];
  /** Checks the product's own fields, normalizing them in place; null when the event is valid. */
  validate(event: Record<string, unknown>): Rejection | null;
  /** The product columns of one valid event as TabSeparated fields (no leading/trailing tab). */
  encode(event: E): string;
  /**
   * Its background work reads its events live: each batch is announced on the bus ('ingest.stored')
   * once it is durable in ClickHouse, in whichever process wrote it (relayed over Redis in scale-out).
   */
  announceStored?: boolean;
  /** Starts the product's background work once the stores are migrated; stopped before they close. */
  start?(runtime: ProductRuntime<P>): Promise<ProductWorkers>;
}

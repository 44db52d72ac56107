import type { ClickHouseClient } from '../core/clickhouse.ts';
import type { Config } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';
import type { ProductName } from '../core/products.ts';
import type { Db } from '../core/postgres.ts';
import type { Redis } from '../core/redis.ts';
import { createIntake } from './intake.ts';
import { createLocalStore, type StoredListener } from './local-store.ts';
import { createStreamStore } from './stream-store.ts';
import type { IngestQueue } from './types.ts';

export interface IngestQueueOptions {
  ch: ClickHouseClient;
  db: Db;
  log: Logger;
  config: Config['ingest'];
  /** Back-off while ClickHouse fails (default 100 ms doubling to 5 s). */
  retry?: { minMs: number; maxMs: number };
  /** How long stop() keeps retrying a failing flush before giving up on it (default 10 s). */
  stopTimeoutMs?: number;
  /** Sees each durable flush of a product's table (the metrics: events by product, flush size, INSERT time). */
  onFlushed?: (product: ProductName, events: number, ms: number) => void;
  /** The queue's clock (epoch ms): arrival times and the dedup window; tests move it instead of waiting. */
  clock?: () => number;
  /** Hears durable batches of the products that read their events live (local-store.ts announceStored). */
  onStored?: StoredListener;
}

/**
 * The in-process ingest queue: parse → validate → enrich → group commit to ClickHouse, in this process.
 * Async because the replay index is first seeded from what ClickHouse stored in the dedup window.
 */
export async function createIngestQueue(opts: IngestQueueOptions): Promise<IngestQueue> {
  const clock = opts.clock ?? Date.now;
  const store = await createLocalStore({
    ch: opts.ch,
    log: opts.log,
    config: opts.config,
    retry: opts.retry ?? { minMs: 100, maxMs: 5000 },
    stopTimeoutMs: opts.stopTimeoutMs ?? 10_000,
    onFlushed: opts.onFlushed,
    onStored: opts.onStored,
    clock,
  });
  return createIntake({ db: opts.db, log: opts.log, config: opts.config, store, clock });
}

export interface StreamIngestQueueOptions {
  redis: Redis;
  db: Db;
  log: Logger;
  config: Config['ingest'];
  /** Stream entries beyond which appends are refused (INGEST_STREAM_MAX_BATCHES). */
  maxStreamBatches: number;
}

/**
 * The scale-out ingest queue: the same parse → validate → enrich, then an append to the product's Redis
 * stream; ingest workers (stream-worker.ts) move the entries to ClickHouse.
 */
export async function createStreamIngestQueue(opts: StreamIngestQueueOptions): Promise<IngestQueue> {
  const store = await createStreamStore({ redis: opts.redis, config: opts.config, maxStreamBatches: opts.maxStreamBatches });
  return createIntake({ db: opts.db, log: opts.log, config: opts.config, store });
}

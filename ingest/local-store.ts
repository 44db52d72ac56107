import type { Bus } from '../core/bus.ts';
import type { ClickHouseClient } from '../core/clickhouse.ts';
import type { Config } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';
import { insertRows, recentBatchIds, refusedAsData } from './clickhouse-writer.ts';
import { DedupIndex } from './dedup.ts';
import { tableTarget } from './enrich.ts';
import { GroupCommit } from './group-commit.ts';
import type { BatchStore } from './intake.ts';
import { INGEST_PRODUCTS } from './products/index.ts';
import type { ProductName } from '../core/products.ts';
import type { ProductIngest } from './products/product.ts';

export interface ProductCommitOptions {
  ch: ClickHouseClient;
  log: Logger;
  config: Config['ingest'];
  retry: { minMs: number; maxMs: number };
  /** Defaults to config.maxPendingEvents. */
  maxPendingEvents?: number;
  /** Sees each durable flush of a product's table (the metrics: events by product, flush size, INSERT time). */
  onFlushed?: (product: ProductName, events: number, ms: number) => void;
  /** Hears each durable batch of a product that reads its events live (`announceStored`): see announceStored(). */
  onStored?: StoredListener;
}

/** Gets a batch's rows once they are in ClickHouse. */
export type StoredListener = (product: ProductName, rows: string) => void;

/** The listener that announces durable batches on the bus, for the products that read them live (the BLE engine). */
export const announceStored =
  (bus: Bus): StoredListener =>
  (product, rows) =>
    bus.emit('ingest.stored', { product, rows });

/**
 * One group commit per product table: each flush is one INSERT, and a table that fails (a broken
 * migration, say) holds back only its own product. Used by the in-process store and the stream worker.
 */
export function productCommits(opts: ProductCommitOptions): Map<ProductIngest, GroupCommit> {
  return new Map(
    Object.values(INGEST_PRODUCTS).map((product) => {
      const target = tableTarget(product);
      const commit = new GroupCommit({
        table: target.table,
        write: (rows) => insertRows(opts.ch, target, rows),
        refusedAsData,
        maxEvents: opts.config.flushMaxEvents,
        intervalMs: opts.config.flushIntervalMs,
        concurrency: opts.config.flushConcurrency,
        maxPendingEvents: opts.maxPendingEvents ?? opts.config.maxPendingEvents,
        retry: opts.retry,
        log: opts.log,
        onFlushed: opts.onFlushed && ((events, ms) => opts.onFlushed!(product.name, events, ms)),
      });
      return [product, commit];
    }),
  );
}

/** Counters of a set of group commits, summed. */
export function commitStats(commits: Iterable<GroupCommit>) {
  const all = [...commits];
  const sum = (pick: (c: GroupCommit) => number) => all.reduce((n, c) => n + pick(c), 0);
  return {
    storedEvents: sum((c) => c.counters.storedEvents),
    flushes: sum((c) => c.counters.flushes),
    flushMillis: Math.round(sum((c) => c.counters.flushMillis)),
    failedInserts: sum((c) => c.counters.failedInserts),
    pendingEvents: sum((c) => c.pendingEvents),
    pendingBatches: sum((c) => c.pendingBatches),
  };
}

/**
 * The in-process store: batches go straight into a group commit to ClickHouse; durable = INSERTed.
 * Replays are recognised by a dedup index of batch ids, seeded from what ClickHouse stored in the
 * window (async for that reason), so a replay after a restart is caught too.
 */
export async function createLocalStore(
  opts: Omit<ProductCommitOptions, 'maxPendingEvents'> & { stopTimeoutMs: number; clock: () => number },
): Promise<BatchStore> {
  const { ch, log, config, clock } = opts;
  const dedup = new DedupIndex(config.dedupWindowSeconds * 1000, clock());
  dedup.seed(await recentBatchIds(ch, Object.values(INGEST_PRODUCTS).map((p) => p.table), config.dedupWindowSeconds));
  log.info({ batches: dedup.size }, 'ingest replay index seeded');
  const commits = productCommits(opts);

  return {
    isStored: (batchId, now) => dedup.has(batchId, now),
    async store(product, batch) {
      if (batch.events > 0) {
        await commits.get(product)!.enqueue(batch.rows, batch.events);
        if (product.announceStored) opts.onStored?.(product.name, batch.rows);
      }
      // Recorded only once durable, so a batch that failed is not mistaken for a replay when resent.
      dedup.add(batch.id, clock());
      return 'stored';
    },
    stats: () => ({ ...commitStats(commits.values()), dedupEntries: dedup.size }),
    async stop() {
      await Promise.all([...commits.values()].map((c) => c.stop(opts.stopTimeoutMs)));
    },
  };
}

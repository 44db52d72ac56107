import type { Config } from '../core/config.ts';
import type { Redis } from '../core/redis.ts';
import { DedupIndex } from './dedup.ts';
import { ingestOverloaded, ingestUnavailable } from './group-commit.ts';
import type { BatchStore, EncodedBatch } from './intake.ts';
import { INGEST_PRODUCTS } from './products/index.ts';
import type { ProductIngest } from './products/product.ts';
import { ALREADY_APPENDED, appendedKey, defineStreamCommands, ensureConsumerGroup, STREAM_FULL, streamKey } from './streams.ts';

export interface StreamStoreOptions {
  redis: Redis;
  config: Config['ingest'];
  /** Stream entries beyond which appends are refused. */
  maxStreamBatches: number;
}

/**
 * The scale-out store: a batch is durable once it is in its product's Redis stream (Redis runs with
 * appendfsync always, checked at start, so the reply comes after the fsync); ingest workers move it to
 * ClickHouse later. Replays are recognised in Redis across every broker and bridge for the dedup
 * window; batches this process appended are also remembered locally, sparing Redis a round trip.
 */
export async function createStreamStore(opts: StreamStoreOptions): Promise<BatchStore> {
  const redis = defineStreamCommands(opts.redis);
  for (const product of Object.values(INGEST_PRODUCTS)) await ensureConsumerGroup(redis, streamKey(product.name));
  const windowSeconds = opts.config.dedupWindowSeconds;
  const appendedHere = new DedupIndex(windowSeconds * 1000);
  const counters = { storedEvents: 0 };
  const appending = new Set<Promise<unknown>>();
  let stopped = false;

  // An append whose reply was lost in a Redis restart is sent again by the client; the second run finds
  // the batch's key and answers ALREADY_APPENDED, so the batch is acknowledged (it is durable) and
  // counted as a duplicate rather than stored twice.
  async function append(product: ProductIngest, batch: EncodedBatch): Promise<'stored' | 'duplicate'> {
    const answer = await redis.mybeaconAppend(
      streamKey(product.name),
      appendedKey(batch.id),
      opts.maxStreamBatches,
      windowSeconds,
      batch.id,
      batch.events,
      batch.receivedAt,
      batch.rows,
    );
    if (answer === STREAM_FULL) throw ingestOverloaded();
    appendedHere.add(batch.id);
    if (answer === ALREADY_APPENDED) return 'duplicate';
    counters.storedEvents += batch.events;
    return 'stored';
  }

  return {
    isStored: (batchId, now) => appendedHere.has(batchId, now),
    store(product, batch) {
      if (stopped) return Promise.reject(ingestUnavailable());
      const work = append(product, batch);
      appending.add(work);
      void work.finally(() => appending.delete(work)).catch(() => undefined);
      return work;
    },
    stats: () => ({
      storedEvents: counters.storedEvents,
      flushes: 0,
      flushMillis: 0,
      failedInserts: 0,
      pendingEvents: 0,
      pendingBatches: appending.size,
      dedupEntries: appendedHere.size,
    }),
    async stop() {
      stopped = true;
      // Appends already sent finish (or fail) on their own; the caller closes the connection after.
      await Promise.allSettled([...appending]);
    },
  };
}

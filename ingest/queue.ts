import type { ClickHouseClient } from '../core/clickhouse.ts';
import type { Config } from '../core/config.ts';
import { AppError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { Db } from '../core/postgres.ts';
import type { ProductName } from '../core/products.ts';
import { insertRows, recentBatchIds } from './clickhouse-writer.ts';
import { batchIdentity, DedupIndex } from './dedup.ts';
import { checkIdentity, encodeRows, tableTarget } from './enrich.ts';
import { GroupCommit, ingestUnavailable } from './group-commit.ts';
import { parseBatch } from './parse.ts';
import { INGEST_PRODUCTS } from './products/index.ts';
import type { ProductIngest, TimedEvent } from './products/product.ts';
import { RejectStats } from './reject-stats.ts';
import type { BatchSender, IngestQueue, IngestStats, SubmitResult } from './types.ts';
import { validateBatch, type BatchRejectReason, type TimeWindow, type ValidatedBatch } from './validate.ts';

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
}

const DUPLICATE: SubmitResult = Object.freeze({ stored: 0, rejected: 0, duplicate: true });
const DAY_MS = 86_400_000;

/**
 * The in-process ingest queue: parse → validate → enrich → enqueue into a group commit to ClickHouse.
 * `submit` resolves only once the batch's events are durable (or the batch was stored before), so the
 * broker may PUBACK and the HTTP bridge may answer 200 on resolution, and must not on rejection.
 * Async because the replay index is first seeded from what ClickHouse stored in the dedup window.
 */
export async function createIngestQueue(opts: IngestQueueOptions): Promise<IngestQueue> {
  const { ch, db, log, config } = opts;
  const clock = opts.clock ?? Date.now;
  const products = Object.values(INGEST_PRODUCTS);

  const dedup = new DedupIndex(config.dedupWindowSeconds * 1000, clock());
  dedup.seed(await recentBatchIds(ch, products.map((p) => p.table), config.dedupWindowSeconds));
  log.info({ batches: dedup.size }, 'ingest replay index seeded');

  const rejects = new RejectStats(db, log, config.statsIntervalMs);
  // One group commit per product table: each flush is one INSERT, and a table that fails (a broken
  // migration, say) holds back only its own product.
  const commits = new Map<ProductIngest, GroupCommit>(
    products.map((product) => {
      const target = tableTarget(product);
      const commit = new GroupCommit({
        table: target.table,
        write: (rows) => insertRows(ch, target, rows),
        maxEvents: config.flushMaxEvents,
        intervalMs: config.flushIntervalMs,
        concurrency: config.flushConcurrency,
        maxPendingEvents: config.maxPendingEvents,
        retry: opts.retry ?? { minMs: 100, maxMs: 5000 },
        log,
        onFlushed: opts.onFlushed && ((events, ms) => opts.onFlushed!(product.name, events, ms)),
      });
      return [product, commit];
    }),
  );
  const sum = (pick: (c: GroupCommit) => number) => [...commits.values()].reduce((n, c) => n + pick(c), 0);
  const counters = { batches: 0, rejectedEvents: 0, malformedBatches: 0, duplicateBatches: 0, overloadedBatches: 0 };
  const rejectedByReason: Record<string, number> = {};
  // Batches parsed but not yet durable, by id: an identical batch arriving meanwhile waits for this one.
  const inFlight = new Map<string, Promise<SubmitResult>>();
  let stopped = false;

  const timeWindow = (now: number): TimeWindow => ({
    minTs: now - config.maxEventAgeDays * DAY_MS,
    maxTs: now + config.maxClockSkewSeconds * 1000,
  });

  async function ingest(device: BatchSender, product: ProductIngest, payload: Buffer, batchId: string): Promise<SubmitResult> {
    let events: unknown[];
    try {
      events = parseBatch(payload);
    } catch (err) {
      // The batch's size is unknown, so a malformed one counts as one refused event.
      counters.malformedBatches++;
      rejects.record(device.deviceId, 1, `${(err as AppError).code}: ${(err as AppError).message}`);
      throw err;
    }
    const receivedAt = clock();
    const checked = device.products.includes(product.name) ? validateBatch(product, events, timeWindow(receivedAt)) : notEnabled(product, events);
    if (checked.valid.length > 0) {
      const rows = encodeRows(product, device, { id: batchId, receivedAt }, checked.valid);
      try {
        await commits.get(product)!.enqueue(rows, checked.valid.length);
      } catch (err) {
        if ((err as AppError).code === 'ingest_overloaded') counters.overloadedBatches++;
        throw err;
      }
    }
    // Recorded only once durable: a batch that failed and is sent again is neither lost nor counted twice.
    dedup.add(batchId, clock());
    counters.batches++;
    if (checked.rejected > 0) {
      counters.rejectedEvents += checked.rejected;
      for (const [reason, n] of checked.reasons) rejectedByReason[reason] = (rejectedByReason[reason] ?? 0) + n;
      rejects.record(device.deviceId, checked.rejected, checked.firstError!);
    }
    return { stored: checked.valid.length, rejected: checked.rejected, duplicate: false };
  }

  return {
    async submit(device, productName: ProductName, payload) {
      if (stopped) throw ingestUnavailable();
      const product = INGEST_PRODUCTS[productName];
      if (!product) throw new AppError(400, 'unknown_product', `No ingest path for product "${String(productName)}"`);
      checkIdentity(device);
      const batchId = batchIdentity(device, productName, payload);
      if (dedup.has(batchId, clock())) {
        counters.duplicateBatches++;
        return DUPLICATE;
      }
      const pending = inFlight.get(batchId);
      if (pending) {
        return pending.then(() => {
          counters.duplicateBatches++;
          return DUPLICATE;
        });
      }
      const work = ingest(device, product, payload, batchId).finally(() => inFlight.delete(batchId));
      inFlight.set(batchId, work);
      return work;
    },

    stats(): IngestStats {
      return {
        ...counters,
        rejectedByReason: { ...rejectedByReason },
        storedEvents: sum((c) => c.counters.storedEvents),
        flushes: sum((c) => c.counters.flushes),
        flushMillis: Math.round(sum((c) => c.counters.flushMillis)),
        failedInserts: sum((c) => c.counters.failedInserts),
        pendingEvents: sum((c) => c.pendingEvents),
        pendingBatches: sum((c) => c.pendingBatches),
        dedupEntries: dedup.size,
      };
    },

    async stop() {
      stopped = true;
      await Promise.all([...commits.values()].map((c) => c.stop(opts.stopTimeoutMs ?? 10_000)));
      await rejects.stop();
    },
  };
}

/**
 * Every event of a product the sender's organization does not have (or of a pending organization) is
 * refused and counted like any invalid event: acknowledged, so the device does not resend it forever,
 * and visible on the device page as its last error.
 */
function notEnabled(product: ProductIngest, events: unknown[]): ValidatedBatch<TimedEvent> {
  return {
    valid: [],
    rejected: events.length,
    reasons: new Map<string, number>([['product_not_enabled' satisfies BatchRejectReason, events.length]]),
    firstError: `product_not_enabled: ${product.name} is not enabled for this organization`,
  };
}

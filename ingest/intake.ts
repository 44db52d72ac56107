import type { Config } from '../core/config.ts';
import { AppError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { Db } from '../core/postgres.ts';
import type { ProductName } from '../core/products.ts';
import { batchIdentity } from './dedup.ts';
import { checkIdentity, encodeRows } from './enrich.ts';
import { ingestUnavailable } from './group-commit.ts';
import { parseBatch } from './parse.ts';
import { INGEST_PRODUCTS } from './products/index.ts';
import type { ProductIngest, TimedEvent } from './products/product.ts';
import { RejectStats } from './reject-stats.ts';
import type { BatchSender, IngestQueue, IngestStats, SubmitResult } from './types.ts';
import { validateBatch, type BatchRejectReason, type TimeWindow, type ValidatedBatch } from './validate.ts';

/** One device batch, checked and encoded, ready to be made durable. */
export interface EncodedBatch {
  /** batchIdentity(): the same bytes resent by the same device get the same id. */
  id: string;
  /** TabSeparated rows of the product's table (empty when every event was refused). */
  rows: string;
  events: number;
  receivedAt: number;
}

/** What the store behind the intake counts; the intake adds its own counters around it. */
export type BatchStoreStats = Pick<
  IngestStats,
  'storedEvents' | 'flushes' | 'flushMillis' | 'failedInserts' | 'pendingEvents' | 'pendingBatches' | 'dedupEntries'
>;

/**
 * Where the intake makes batches durable: the in-process group commit to ClickHouse (local-store.ts)
 * or a Redis stream (stream-store.ts). The one seam between the two ingest modes.
 */
export interface BatchStore {
  /** Cheap local answer: this batch id is known to be stored already (a replay); `now` is the intake's clock. */
  isStored(batchId: string, now: number): boolean;
  /**
   * Resolves once the batch is durable ('stored') or turned out to have been stored before
   * ('duplicate'); rejects with `ingest_overloaded` / `ingest_unavailable` when it is not durable.
   */
  store(product: ProductIngest, batch: EncodedBatch): Promise<'stored' | 'duplicate'>;
  stats(): BatchStoreStats;
  stop(): Promise<void>;
}

export interface IntakeOptions {
  db: Db;
  log: Logger;
  config: Config['ingest'];
  store: BatchStore;
  /** The intake's clock (epoch ms): arrival times and the dedup window; tests move it instead of waiting. */
  clock?: () => number;
}

const DUPLICATE: SubmitResult = Object.freeze({ stored: 0, rejected: 0, duplicate: true });
const DAY_MS = 86_400_000;

/**
 * The uplink path both modes share: parse → validate → enrich → store. `submit` resolves only once the
 * batch's events are durable (or the batch was stored before), so the broker may PUBACK and the HTTP
 * bridge may answer 200 on resolution, and must not on rejection.
 */
export function createIntake(opts: IntakeOptions): IngestQueue {
  const { db, log, config, store } = opts;
  const clock = opts.clock ?? Date.now;
  const rejects = new RejectStats(db, log, config.statsIntervalMs);
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
    const rows = checked.valid.length > 0 ? encodeRows(product, device, { id: batchId, receivedAt }, checked.valid) : '';
    let outcome: 'stored' | 'duplicate';
    try {
      outcome = await store.store(product, { id: batchId, rows, events: checked.valid.length, receivedAt });
    } catch (err) {
      if ((err as AppError).code === 'ingest_overloaded') counters.overloadedBatches++;
      // Refused by ClickHouse as data: counted like other refused events (a resend would fail the same way).
      if ((err as AppError).code === 'unstorable_batch') {
        const reasons: Array<[string, number]> = [...checked.reasons, ['unstorable_batch', checked.valid.length]];
        countRejected(device, reasons, events.length, `unstorable_batch: ClickHouse refused the ${product.name} rows`);
      }
      throw err;
    }
    // Counted only once durable: a batch that failed and is sent again is neither lost nor counted twice.
    if (outcome === 'duplicate') {
      counters.duplicateBatches++;
      return DUPLICATE;
    }
    counters.batches++;
    if (checked.rejected > 0) countRejected(device, checked.reasons, checked.rejected, checked.firstError!);
    return { stored: checked.valid.length, rejected: checked.rejected, duplicate: false };
  }

  function countRejected(device: BatchSender, reasons: Iterable<[string, number]>, total: number, error: string): void {
    counters.rejectedEvents += total;
    for (const [reason, n] of reasons) rejectedByReason[reason] = (rejectedByReason[reason] ?? 0) + n;
    rejects.record(device.deviceId, total, error);
  }

  return {
    async submit(device, productName: ProductName, payload) {
      if (stopped) throw ingestUnavailable();
      const product = INGEST_PRODUCTS[productName];
      if (!product) throw new AppError(400, 'unknown_product', `No ingest path for product "${String(productName)}"`);
      checkIdentity(device);
      const batchId = batchIdentity(device, productName, payload);
      if (store.isStored(batchId, clock())) {
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
      return { ...counters, rejectedByReason: { ...rejectedByReason }, ...store.stats() };
    },

    async stop() {
      stopped = true;
      await store.stop();
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

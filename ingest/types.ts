import type { ProductName } from '../core/products.ts';

/** Who sent a batch — always taken from the authenticated connection or token, never from the payload. */
export interface DeviceIdentity {
  deviceId: number;
  mac: string;
  organizationId: number;
}

/** A batch's sender as the ingest path needs it: who it is, and what its organization may store now. */
export interface BatchSender extends DeviceIdentity {
  /** The organization's products while it is active; none while it is pending. Events of any other product are refused. */
  products: readonly ProductName[];
}

export interface SubmitResult {
  /** Events stored (0 for a replay of a batch already stored). */
  stored: number;
  /** Events refused by validation (counted per device, never stored). */
  rejected: number;
  /** True when this exact batch was stored before (QoS 1 DUP, HTTP retry). */
  duplicate: boolean;
}

/** Counters since the queue started, plus what is waiting right now; for benchmarks, metrics and the API. */
export interface IngestStats {
  /** Batches taken in and durable, including those whose every event was refused; duplicates and malformed
   *  batches are counted apart. */
  batches: number;
  storedEvents: number;
  rejectedEvents: number;
  /** Refused events by reason code (see docs/device-protocol.md). */
  rejectedByReason: Record<string, number>;
  /** Whole batches refused as unusable (malformed JSON, not a batch). */
  malformedBatches: number;
  duplicateBatches: number;
  /** Batches refused with `ingest_overloaded` because too much was pending. */
  overloadedBatches: number;
  /** Group commits completed; each is one INSERT into one product's table. */
  flushes: number;
  /** Time spent in completed flushes (retries included); divided by `flushes`, the mean flush time. */
  flushMillis: number;
  /** INSERT attempts that failed and were retried. */
  failedInserts: number;
  /** Events parsed and validated but not yet durable (INGEST_MAX_PENDING_EVENTS applies per product). */
  pendingEvents: number;
  pendingBatches: number;
  /** Batch ids remembered for replay detection. */
  dedupEntries: number;
}

/**
 * The uplink path shared by the MQTT broker and the legacy HTTP bridge:
 * parse → validate → enrich → enqueue, resolved only when the batch is durable.
 * Implementations: in-process group commit to ClickHouse now, Redis Streams later.
 */
export interface IngestQueue {
  /**
   * Resolves once every valid event of the batch is durable (or the batch was already stored). Events of a
   * product the sender's organization does not have are all refused (`product_not_enabled`) and counted.
   * Rejects with an AppError when the payload is unusable as a whole (`malformed_payload`), when too
   * much is pending (`ingest_overloaded`), or when the queue stopped before durability was reached
   * (`ingest_unavailable`): the caller must then NOT acknowledge, and the device sends it again.
   */
  submit(device: BatchSender, product: ProductName, payload: Buffer): Promise<SubmitResult>;
  stats(): IngestStats;
  /** Stops accepting work, flushes what is pending (giving up after a deadline) and writes counters. */
  stop(): Promise<void>;
}

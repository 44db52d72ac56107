import type { ProductName } from '../core/products.ts';

/** Who sent a batch — always taken from the authenticated connection or token, never from the payload. */
export interface DeviceIdentity {
  deviceId: number;
  mac: string;
  organizationId: number;
}

export interface SubmitResult {
  /** Events stored (0 for a replay of a batch already stored). */
  stored: number;
  /** Events refused by validation (counted per device, never stored). */
  rejected: number;
  /** True when this exact batch was stored before (QoS 1 DUP, HTTP retry). */
  duplicate: boolean;
}

/**
 * The uplink path shared by the MQTT broker and the legacy HTTP bridge:
 * parse → validate → enrich → enqueue, resolved only when the batch is durable.
 * Implementations: in-process group commit to ClickHouse now, Redis Streams later.
 */
export interface IngestQueue {
  /**
   * Resolves once every valid event of the batch is durable (or the batch was already stored).
   * Rejects with an AppError when the payload is unusable as a whole (malformed JSON, not a batch),
   * or when durability could not be reached (store down): the caller must then NOT acknowledge.
   */
  submit(device: DeviceIdentity, product: ProductName, payload: Buffer): Promise<SubmitResult>;
  /** Flushes what is pending and stops accepting work. */
  stop(): Promise<void>;
}

import type { Bus } from '../core/bus.ts';
import type { ClickHouseHandle } from '../core/clickhouse.ts';
import type { Config } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';
import type { Db } from '../core/postgres.ts';
import { announceStored } from '../ingest/local-store.ts';
import { createIngestQueue, createStreamIngestQueue, type IngestQueueOptions } from '../ingest/queue.ts';
import { startStreamWorker, type StreamWorker } from '../ingest/stream-worker.ts';
import type { IngestQueue } from '../ingest/types.ts';
import type { ScaleOut } from './scale-out.ts';

/**
 * The uplink path of the broker and the HTTP bridge: into the Redis streams in scale-out (durable =
 * appended with fsync), else the in-process group commit to ClickHouse (durable = INSERTed).
 */
export async function openIngestQueue(deps: {
  config: Readonly<Config>;
  log: Logger;
  db: Db;
  clickhouse?: ClickHouseHandle;
  scaleOut: ScaleOut | null;
  /** Sees each durable flush (the metrics); only the in-process queue flushes here. */
  onFlushed?: IngestQueueOptions['onFlushed'];
  /** Where durable batches are announced to the products that read them live; only the in-process queue stores here. */
  bus?: Bus;
}): Promise<IngestQueue> {
  const { config, log, db, scaleOut } = deps;
  if (scaleOut) return createStreamIngestQueue({ redis: scaleOut.redis, db, log, config: config.ingest, maxStreamBatches: scaleOut.settings.maxStreamBatches });
  if (!deps.clickhouse) throw new Error('the in-process ingest queue needs ClickHouse in this process');
  return createIngestQueue({ ch: deps.clickhouse.ch, db, log, config: config.ingest, onFlushed: deps.onFlushed, onStored: deps.bus && announceStored(deps.bus) });
}

/** The `ingest` role's work in scale-out: one consumer of the streams' group, writing to ClickHouse. */
export function startIngestWorker(deps: { config: Readonly<Config>; log: Logger; clickhouse: ClickHouseHandle; scaleOut: ScaleOut; bus: Bus }): Promise<StreamWorker> {
  const { config, scaleOut } = deps;
  return startStreamWorker({
    redis: scaleOut.redis,
    ch: deps.clickhouse.ch,
    log: deps.log,
    config: config.ingest,
    claimIdleMs: scaleOut.settings.claimIdleMs,
    readBatches: scaleOut.settings.readBatches,
    // Relayed over Redis to the one process running the product workers (the BLE engine).
    onStored: announceStored(deps.bus),
  });
}

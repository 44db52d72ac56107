import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { ClickHouseClient } from '../core/clickhouse.ts';
import type { Config } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';
import type { Redis } from '../core/redis.ts';
import { storedBatchIds } from './clickhouse-writer.ts';
import type { GroupCommit } from './group-commit.ts';
import { commitStats, productCommits, type StoredListener } from './local-store.ts';
import { INGEST_PRODUCTS } from './products/index.ts';
import { CONSUMER_GROUP, defineStreamCommands, ensureConsumerGroup, fields, streamKey, type StreamCommands } from './streams.ts';

export interface StreamWorkerOptions {
  /** Commands (acks, claims, trims); the worker opens its own connection for blocking reads. */
  redis: Redis;
  ch: ClickHouseClient;
  log: Logger;
  config: Config['ingest'];
  /** Another worker's unacknowledged entries idle this long are taken over. */
  claimIdleMs: number;
  /** Entries read per call. */
  readBatches: number;
  retry?: { minMs: number; maxMs: number };
  /** How long stop() keeps retrying a failing flush before giving up on it (default 10 s). */
  stopTimeoutMs?: number;
  /** How often acknowledged entries are trimmed (default 1 s). */
  trimIntervalMs?: number;
  /** Hears each entry of a product that reads its events live once its INSERT is done (local-store.ts announceStored). */
  onStored?: StoredListener;
}

export interface StreamWorkerStats {
  consumer: string;
  storedEvents: number;
  flushes: number;
  failedInserts: number;
  pendingEvents: number;
  /** Entries acknowledged after their INSERT (or found already stored). */
  acked: number;
  /** Entries taken over from a worker that stopped acknowledging (XAUTOCLAIM). */
  claimed: number;
  /** Taken-over entries whose batch ClickHouse already had: acknowledged without a second INSERT. */
  alreadyStored: number;
  trimmed: number;
}

export interface StreamWorker {
  stats(): StreamWorkerStats;
  stop(): Promise<void>;
}

interface Entry {
  id: string;
  batchId: string;
  events: number;
  receivedAt: number;
  rows: string;
}

type StreamReply = Array<[key: string, entries: Array<[id: string, fields: string[]]>]>;

const BLOCK_MS = 1000;
// Consumers that hold nothing and were idle this many claim intervals are dead workers' names: dropped.
const STALE_CONSUMER_FACTOR = 20;

/**
 * An ingest worker of scale-out mode: reads the product streams as one consumer of the group, writes
 * their rows to ClickHouse through the same per-product group commit as the in-process queue, and
 * acknowledges each entry only after its INSERT — so a worker killed at any point leaves its entries
 * pending, and another worker (or this one restarted) takes them over with XAUTOCLAIM once they have
 * been idle `claimIdleMs`. A taken-over entry may already be in ClickHouse (the worker died between its
 * INSERT and its XACK): its batch id is looked up first, so it is never stored twice.
 */
export async function startStreamWorker(opts: StreamWorkerOptions): Promise<StreamWorker> {
  const { ch, log, config } = opts;
  const redis: Redis & StreamCommands = defineStreamCommands(opts.redis);
  const reader = opts.redis.duplicate({ connectionName: 'mybeacon:ingest-reader' });
  const consumer = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const products = Object.values(INGEST_PRODUCTS);
  const byStream = new Map(products.map((p) => [streamKey(p.name), p]));
  const keys = [...byStream.keys()];
  for (const key of keys) await ensureConsumerGroup(redis, key);

  // No limit inside the commits: the worker bounds what it holds by not reading while too much waits.
  const commits = productCommits({ ch, log, config, retry: opts.retry ?? { minMs: 100, maxMs: 5000 }, maxPendingEvents: Number.MAX_SAFE_INTEGER });
  const counters = { acked: 0, claimed: 0, alreadyStored: 0, trimmed: 0 };
  // Entries this worker holds, by stream: refreshed so no other worker claims them while they are written.
  const holding = new Map<string, Set<string>>(keys.map((k) => [k, new Set()]));
  const toAck = new Map<string, string[]>(keys.map((k) => [k, []]));
  let ackScheduled = false;
  let stopping = false;
  let wakeReader: (() => void) | undefined;
  const pendingEvents = () => commitStats(commits.values()).pendingEvents;

  function accept(key: string, entry: Entry): void {
    const product = byStream.get(key)!;
    holding.get(key)!.add(entry.id);
    commits
      .get(product)!
      .enqueue(entry.rows, entry.events)
      .then(
        () => {
          if (product.announceStored) opts.onStored?.(product.name, entry.rows);
          acknowledge(key, entry.id);
        },
        // Only when stop() gave up on a failing INSERT: the entry stays pending for the next worker.
        (err: unknown) => log.warn({ err, stream: key, id: entry.id }, 'stream entry left pending'),
      )
      .finally(() => {
        if (pendingEvents() < config.maxPendingEvents) wakeReader?.();
      });
  }

  function acknowledge(key: string, id: string): void {
    toAck.get(key)!.push(id);
    if (ackScheduled) return;
    ackScheduled = true;
    // One XACK per stream for every entry whose flush completed in this turn of the event loop.
    setImmediate(() => void flushAcks());
  }

  async function flushAcks(): Promise<void> {
    ackScheduled = false;
    for (const [key, ids] of toAck) {
      if (ids.length === 0) continue;
      toAck.set(key, []);
      try {
        await redis.xack(key, CONSUMER_GROUP, ...ids);
        counters.acked += ids.length;
        for (const id of ids) holding.get(key)!.delete(id);
      } catch (err) {
        // Redis away: keep the ids (and keep holding the entries) and try again shortly.
        log.warn({ err, stream: key, entries: ids.length }, 'XACK failed; retrying');
        toAck.get(key)!.push(...ids);
        setTimeout(() => void flushAcks(), 200).unref();
      }
    }
  }

  /** Entries another worker was given: acknowledge the ones ClickHouse already has, write the others. */
  async function takeOver(key: string, entries: Entry[]): Promise<void> {
    const fresh = entries.filter((e) => !holding.get(key)!.has(e.id));
    if (fresh.length === 0) return;
    counters.claimed += fresh.length;
    const product = byStream.get(key)!;
    const stored = await storedBatchIds(ch, product.table, fresh);
    for (const entry of fresh) {
      if (stored.has(entry.batchId)) {
        counters.alreadyStored++;
        holding.get(key)!.add(entry.id);
        acknowledge(key, entry.id);
      } else {
        accept(key, entry);
      }
    }
    log.info({ stream: key, claimed: fresh.length, alreadyStored: fresh.filter((e) => stored.has(e.batchId)).length }, 'took over stream entries of a silent worker');
  }

  async function readLoop(): Promise<void> {
    while (!stopping) {
      if (pendingEvents() >= config.maxPendingEvents) {
        await new Promise<void>((resolve) => (wakeReader = resolve));
        wakeReader = undefined;
        continue;
      }
      let reply: StreamReply | null;
      try {
        reply = (await reader.xreadgroup(
          'GROUP', CONSUMER_GROUP, consumer,
          'COUNT', opts.readBatches,
          'BLOCK', BLOCK_MS,
          'STREAMS', ...keys, ...keys.map(() => '>'),
        )) as StreamReply | null;
      } catch (err) {
        if (stopping) return;
        if (String((err as Error).message).startsWith('NOGROUP')) {
          // The stream was deleted (FLUSHALL, a new Redis): start the group again.
          for (const key of keys) await ensureConsumerGroup(redis, key).catch(() => undefined);
        } else {
          log.warn({ err }, 'stream read failed; retrying');
          await new Promise((r) => setTimeout(r, 200));
        }
        continue;
      }
      for (const [key, entries] of reply ?? []) {
        for (const [id, fields] of entries) accept(key, toEntry(id, fields));
      }
    }
  }

  async function claimRound(): Promise<void> {
    for (const key of keys) {
      // Reset the idle time of what this worker holds, so nobody takes over an entry being written.
      const held = [...holding.get(key)!];
      for (let i = 0; i < held.length; i += 1000) {
        await redis.xclaim(key, CONSUMER_GROUP, consumer, 0, ...held.slice(i, i + 1000), 'JUSTID');
      }
      let cursor = '0-0';
      do {
        const [next, claimed] = (await redis.xautoclaim(key, CONSUMER_GROUP, consumer, opts.claimIdleMs, cursor, 'COUNT', opts.readBatches)) as [
          string,
          Array<[string, string[] | null]>,
        ];
        const entries = claimed.filter((c): c is [string, string[]] => Array.isArray(c[1])).map(([id, fields]) => toEntry(id, fields));
        if (entries.length > 0) await takeOver(key, entries);
        cursor = next;
      } while (cursor !== '0-0' && !stopping && pendingEvents() < config.maxPendingEvents);
      await dropStaleConsumers(key);
    }
  }

  async function dropStaleConsumers(key: string): Promise<void> {
    const consumers = (await redis.xinfo('CONSUMERS', key, CONSUMER_GROUP)) as Array<Array<string | number>>;
    for (const reply of consumers) {
      const info = fields(reply);
      if (info.name !== consumer && Number(info.pending) === 0 && Number(info.idle) > STALE_CONSUMER_FACTOR * opts.claimIdleMs) {
        await redis.xgroup('DELCONSUMER', key, CONSUMER_GROUP, String(info.name));
      }
    }
  }

  async function trimRound(): Promise<void> {
    for (const key of keys) counters.trimmed += await redis.mybeaconTrim(key, CONSUMER_GROUP);
  }

  const every = (ms: number, round: () => Promise<void>, what: string): NodeJS.Timeout => {
    let busy = false;
    const timer = setInterval(() => {
      if (busy || stopping) return;
      busy = true;
      round()
        .catch((err: unknown) => log.warn({ err }, `${what} failed; retrying next round`))
        .finally(() => (busy = false));
    }, ms);
    timer.unref();
    return timer;
  };

  const claimTimer = every(Math.max(100, Math.floor(opts.claimIdleMs / 3)), claimRound, 'stream claim round');
  const trimTimer = every(opts.trimIntervalMs ?? 1000, trimRound, 'stream trim');
  const loop = readLoop();
  log.info({ consumer, streams: keys }, 'ingest stream worker started');

  return {
    stats: () => {
      const c = commitStats(commits.values());
      return { consumer, storedEvents: c.storedEvents, flushes: c.flushes, failedInserts: c.failedInserts, pendingEvents: c.pendingEvents, ...counters };
    },
    async stop() {
      stopping = true;
      clearInterval(claimTimer);
      clearInterval(trimTimer);
      wakeReader?.();
      reader.disconnect();
      await loop;
      await Promise.all([...commits.values()].map((c: GroupCommit) => c.stop(opts.stopTimeoutMs ?? 10_000)));
      await new Promise((r) => setImmediate(r));
      await flushAcks();
    },
  };
}

function toEntry(id: string, values: string[]): Entry {
  const f = fields(values);
  return { id, batchId: String(f.b), events: Number(f.n), receivedAt: Number(f.t), rows: String(f.r) };
}

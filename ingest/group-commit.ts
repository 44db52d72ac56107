import { AppError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';

/** 503: more is waiting for ClickHouse than the queue may hold; the device should send again later. */
export const ingestOverloaded = () =>
  new AppError(503, 'ingest_overloaded', 'Too many events are waiting to be stored; retry later');

/** 503: the queue stopped before the batch became durable; it was not stored and must be sent again. */
export const ingestUnavailable = () =>
  new AppError(503, 'ingest_unavailable', 'Event storage is unavailable; the batch was not stored');

export interface GroupCommitOptions {
  /** Names the target in logs. */
  table: string;
  /** Makes rows durable in one INSERT; throws if they may not be. */
  write(rows: string): Promise<void>;
  /** Flush as soon as this many events wait. */
  maxEvents: number;
  /** Otherwise flush this long after the first event arrived. */
  intervalMs: number;
  /** Events buffered plus being written beyond which new batches are refused. */
  maxPendingEvents: number;
  /** Back-off between attempts while the store fails: doubles from minMs up to maxMs. */
  retry: { minMs: number; maxMs: number };
  log: Logger;
}

interface Waiter {
  resolve(): void;
  reject(err: Error): void;
}

/** Rows of many batches waiting for one flush: their encoded chunks, and who waits for them. */
interface Pending {
  chunks: string[];
  events: number;
  waiters: Waiter[];
}

const emptyPending = (): Pending => ({ chunks: [], events: 0, waiters: [] });

/**
 * Step 4, for one table: batches from many devices accumulate and are written together, one INSERT
 * per flush, on size or time. Each batch's promise settles when its flush is durable. While the store
 * fails, the same flush is retried with back-off and nobody is resolved, so nothing acknowledged can
 * be lost; batches keep accumulating up to maxPendingEvents, then new ones are refused (not queued
 * without bound, which would only move the memory problem into a queue of waiters). Each product has
 * its own, so one product's failing table never holds back another's events.
 */
export class GroupCommit {
  readonly counters = { flushes: 0, failedInserts: 0, storedEvents: 0, flushMillis: 0 };
  private buffer = emptyPending();
  private writing: Pending | null = null;
  private timer: NodeJS.Timeout | undefined;
  private due = false;
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private stopping = false;
  private givenUp = false;
  private wakeRetry: (() => void) | undefined;

  constructor(private readonly opts: GroupCommitOptions) {}

  get pendingEvents(): number {
    return this.buffer.events + (this.writing?.events ?? 0);
  }

  get pendingBatches(): number {
    return this.buffer.waiters.length + (this.writing?.waiters.length ?? 0);
  }

  /** Adds one batch's encoded rows; resolves when they are durable. */
  enqueue(rows: string, events: number): Promise<void> {
    if (this.stopping) return Promise.reject(ingestUnavailable());
    // An empty queue always takes a batch, so one larger than the limit cannot be refused forever.
    if (this.pendingEvents > 0 && this.pendingEvents + events > this.opts.maxPendingEvents) {
      return Promise.reject(ingestOverloaded());
    }
    this.buffer.chunks.push(rows);
    this.buffer.events += events;
    const durable = new Promise<void>((resolve, reject) => this.buffer.waiters.push({ resolve, reject }));
    if (this.buffer.events >= this.opts.maxEvents) this.trigger();
    else this.timer ??= setTimeout(() => this.trigger(), this.opts.intervalMs);
    return durable;
  }

  /**
   * Stops taking batches and flushes what waits. If the store still fails after `timeoutMs`, the
   * remaining batches are rejected with `ingest_unavailable` (unacknowledged, so devices resend them).
   */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    if (this.buffer.events > 0) this.trigger();
    let deadline: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      this.loopDone.then(() => false),
      new Promise<boolean>((resolve) => (deadline = setTimeout(() => resolve(true), timeoutMs))),
    ]);
    clearTimeout(deadline);
    if (timedOut) {
      this.givenUp = true;
      this.wakeRetry?.();
      await this.loopDone;
    }
  }

  private trigger(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.due = true;
    if (this.running) return; // the running loop sees `due` when its current flush is done
    this.running = true;
    this.loopDone = this.loop();
  }

  private async loop(): Promise<void> {
    try {
      while ((this.due || this.stopping) && this.buffer.events > 0) {
        this.due = false;
        const flush = this.buffer;
        this.buffer = emptyPending();
        this.writing = flush;
        try {
          const started = performance.now();
          await this.writeUntilStored(flush.chunks.join(''));
          this.counters.flushes++;
          this.counters.storedEvents += flush.events;
          this.counters.flushMillis += performance.now() - started;
          for (const w of flush.waiters) w.resolve();
        } catch (err) {
          for (const w of flush.waiters) w.reject(err as Error);
        } finally {
          this.writing = null;
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async writeUntilStored(rows: string): Promise<void> {
    let delay = this.opts.retry.minMs;
    for (;;) {
      try {
        await this.opts.write(rows);
        return;
      } catch (err) {
        this.counters.failedInserts++;
        this.opts.log.warn({ err, table: this.opts.table, retryInMs: delay }, 'ingest flush failed; retrying');
        if (this.givenUp) throw ingestUnavailable();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.wakeRetry = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeRetry = undefined;
        delay = Math.min(delay * 2, this.opts.retry.maxMs);
      }
    }
  }
}

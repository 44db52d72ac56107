import { AppError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { RowBuffer } from './row-buffer.ts';


/** 503: more is waiting for ClickHouse than the queue may hold; the device should send again later. */
export const ingestOverloaded = () =>
  new AppError(503, 'ingest_overloaded', 'Too many events are waiting to be stored; retry later');

/** 503: the queue stopped before the batch became durable; it was not stored and must be sent again. */
export const ingestUnavailable = () =>
  new AppError(503, 'ingest_unavailable', 'Event storage is unavailable; the batch was not stored');

export interface GroupCommitOptions {
  /** Names the target in logs. */
  table: string;
  /** Makes rows (UTF-8 bytes) durable in one INSERT; throws if they may not be. */
  write(rows: Buffer): Promise<void>;
  /** A flush is cut as soon as this many events wait; it never takes more than one batch beyond it. */
  maxEvents: number;
  /** Otherwise flush this long after the first event arrived. */
  intervalMs: number;
  /**
   * INSERTs that may run at once. With one, a batch arriving just after an INSERT started waits for it
   * to end before its own can begin: its PUBACK waits up to two INSERTs. A second writer starts the
   * next flush while the first is still running.
   */
  concurrency: number;
  /** Events buffered plus being written beyond which new batches are refused. */
  maxPendingEvents: number;
  /** Back-off between attempts while the store fails: doubles from minMs up to maxMs. */
  retry: { minMs: number; maxMs: number };
  log: Logger;
  /** Sees each durable flush: its events and how long it took, retries included (the metrics histograms). */
  onFlushed?: (events: number, ms: number) => void;
}

interface Waiter {
  resolve(): void;
  reject(err: Error): void;
}

/** Rows of many batches for one flush: their encoded bytes, and who waits for them. */
interface Pending {
  rows: RowBuffer;
  events: number;
  waiters: Waiter[];
}

/**
 * Step 4, for one table: batches from many devices accumulate and are written together, one INSERT
 * per flush, on size or time. Each batch's promise settles when its flush is durable. While the store
 * fails, the same flush is retried with back-off and nobody is resolved, so nothing acknowledged can
 * be lost; batches keep accumulating up to maxPendingEvents, then new ones are refused (not queued
 * without bound, which would only move the memory problem into a queue of waiters). Each product has
 * its own, so one product's failing table never holds back another's events.
 *
 * What arrives while INSERTs run is cut into flushes of at most maxEvents (plus one batch) as it
 * arrives, written as writers free up: a slow INSERT never turns the next flush into one huge one.
 */
export class GroupCommit {
  readonly counters = { flushes: 0, failedInserts: 0, storedEvents: 0, flushMillis: 0 };
  private filling: Pending;
  /** Full flushes waiting for the one being written, oldest first. */
  private readonly cut: Pending[] = [];
  private waitingEvents = 0;
  private waitingBatches = 0;
  // Buffers of written flushes, reused (the one being filled, one per INSERT running, one cut): one per
  // flush would allocate megabytes several times a second.
  private readonly spare: RowBuffer[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** The filling flush is older than intervalMs: write it as soon as nothing older waits. */
  private due = false;
  /** INSERTs running now. */
  private writing = 0;
  /** Who waits for every flush to be written (stop()). */
  private drainWaiters: Array<() => void> = [];
  private stopping = false;
  private givenUp = false;
  private readonly wakeRetry = new Set<() => void>();

  constructor(private readonly opts: GroupCommitOptions) {
    this.filling = this.emptyPending();
  }

  get pendingEvents(): number {
    return this.waitingEvents;
  }

  get pendingBatches(): number {
    return this.waitingBatches;
  }

  /** Adds one batch's encoded rows; resolves when they are durable. */
  enqueue(rows: string, events: number): Promise<void> {
    if (this.stopping) return Promise.reject(ingestUnavailable());
    // An empty queue always takes a batch, so one larger than the limit cannot be refused forever.
    if (this.waitingEvents > 0 && this.waitingEvents + events > this.opts.maxPendingEvents) {
      return Promise.reject(ingestOverloaded());
    }
    const flush = this.filling;
    flush.rows.append(rows);
    flush.events += events;
    this.waitingEvents += events;
    this.waitingBatches++;
    const durable = new Promise<void>((resolve, reject) => flush.waiters.push({ resolve, reject }));
    if (flush.events >= this.opts.maxEvents) {
      this.cutFilling();
      this.run();
    } else {
      this.timer ??= setTimeout(() => {
        this.due = true;
        this.run();
      }, this.opts.intervalMs);
    }
    return durable;
  }

  /**
   * Stops taking batches and flushes what waits. If the store still fails after `timeoutMs`, the
   * remaining batches are rejected with `ingest_unavailable` (unacknowledged, so devices resend them).
   */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    this.run();
    const drained = this.drained();
    let deadline: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      drained.then(() => false),
      new Promise<boolean>((resolve) => (deadline = setTimeout(() => resolve(true), timeoutMs))),
    ]);
    clearTimeout(deadline);
    if (timedOut) {
      this.givenUp = true;
      for (const wake of this.wakeRetry) wake();
      await drained;
    }
  }

  /** Resolves once no INSERT runs and nothing is left to write. */
  private drained(): Promise<void> {
    if (this.writing === 0 && this.cut.length === 0 && this.filling.waiters.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private emptyPending(): Pending {
    return { rows: this.spare.pop() ?? new RowBuffer(), events: 0, waiters: [] };
  }

  private cutFilling(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.due = false;
    this.cut.push(this.filling);
    this.filling = this.emptyPending();
  }

  /** The next flush to write: a full one, else the filling one once it is due (or when stopping). */
  private next(): Pending | undefined {
    if (this.cut.length === 0 && (this.due || this.stopping) && this.filling.waiters.length > 0) this.cutFilling();
    return this.cut.shift();
  }

  /** Starts writers for whatever is ready, up to `concurrency` INSERTs at once. */
  private run(): void {
    while (this.writing < this.opts.concurrency) {
      const flush = this.next();
      if (!flush) break;
      this.writing++;
      void this.write(flush).finally(() => {
        this.writing--;
        this.run();
      });
    }
    if (this.writing === 0 && this.drainWaiters.length > 0 && this.cut.length === 0 && this.filling.waiters.length === 0) {
      for (const resolve of this.drainWaiters.splice(0)) resolve();
    }
  }

  /** One flush: written (retried while the store fails), then its waiters settled. */
  private async write(flush: Pending): Promise<void> {
    try {
      const started = performance.now();
      await this.writeUntilStored(flush.rows.view());
      const ms = performance.now() - started;
      this.counters.flushes++;
      this.counters.storedEvents += flush.events;
      this.counters.flushMillis += ms;
      this.opts.onFlushed?.(flush.events, ms);
      for (const w of flush.waiters) w.resolve();
    } catch (err) {
      for (const w of flush.waiters) w.reject(err as Error);
    } finally {
      this.waitingEvents -= flush.events;
      this.waitingBatches -= flush.waiters.length;
      flush.rows.reset();
      if (this.spare.length < this.opts.concurrency + 1) this.spare.push(flush.rows);
    }
  }

  private async writeUntilStored(rows: Buffer): Promise<void> {
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
          const wake = () => {
            clearTimeout(timer);
            this.wakeRetry.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, delay);
          this.wakeRetry.add(wake);
        });
        delay = Math.min(delay * 2, this.opts.retry.maxMs);
      }
    }
  }
}

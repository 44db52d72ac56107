import { insertEncoded, type ClickHouseClient } from '../../../core/clickhouse.ts';
import type { Logger } from '../../../core/logger.ts';
import { refusedAsData } from '../../clickhouse-writer.ts';

/** A table the engine writes, with its columns in the order its rows are encoded. */
export interface DerivedTable {
  table: string;
  columns: readonly string[];
}

export const POSITIONS: DerivedTable = {
  table: 'ble_positions',
  columns: ['organization_id', 'location_id', 'plan_id', 'tag_id', 'ts', 'x', 'y', 'zone_id', 'error_m', 'receivers', 'best_device_id', 'best_rssi'],
};

export const ZONE_VISITS: DerivedTable = {
  table: 'ble_zone_visits',
  columns: ['organization_id', 'location_id', 'plan_id', 'tag_id', 'zone_id', 'enter', 'exit', 'closed', 'version'],
};

export interface WriterOptions {
  ch: ClickHouseClient;
  log: Logger;
  /** Back-off while ClickHouse is away. */
  retry?: { minMs: number; maxMs: number };
  /** Rows held per table while ClickHouse is away; beyond it the oldest are dropped (fixes are a live feed, not a ledger). */
  maxBufferedRows?: number;
}

/**
 * Writes the engine's rows: everything queued since the last write goes in one INSERT per table, so
 * a round costs one INSERT (or none while the previous one still runs: the next takes both rounds).
 * A failure on the rows' content (`refusedAsData`) is isolated by halving, so one poison row is
 * dropped and logged instead of blocking every later round; any other failure keeps the rows and
 * retries with back-off.
 */
export class PositionsWriter {
  readonly counters = { inserts: 0, rows: 0, droppedRows: 0, failedInserts: 0 };
  private readonly queued = new Map<DerivedTable, string[]>();
  private running: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private delay: number;
  private stopped = false;

  constructor(private readonly opts: WriterOptions) {
    this.delay = opts.retry?.minMs ?? 200;
  }

  /** Queues encoded rows (one line each) and starts a write unless one runs. */
  add(target: DerivedTable, rows: readonly string[]): void {
    if (rows.length === 0) return;
    let q = this.queued.get(target);
    if (!q) this.queued.set(target, (q = []));
    q.push(...rows);
    const max = this.opts.maxBufferedRows ?? 1_000_000;
    if (q.length > max) {
      const dropped = q.splice(0, q.length - max);
      this.counters.droppedRows += dropped.length;
      this.opts.log.warn({ table: target.table, dropped: dropped.length }, 'BLE positions buffer full; oldest rows dropped');
    }
    this.kick();
  }

  /** Resolves once everything queued so far is written (or given up on). */
  async drain(): Promise<void> {
    while (this.running || (this.pendingRows() > 0 && !this.retryTimer)) {
      this.kick();
      await this.running;
    }
  }

  async stop(): Promise<void> {
    await this.drain().catch(() => undefined);
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const left = this.pendingRows();
    if (left > 0) this.opts.log.warn({ rows: left }, 'BLE positions not written at shutdown (ClickHouse unavailable)');
  }

  private pendingRows(): number {
    let n = 0;
    for (const q of this.queued.values()) n += q.length;
    return n;
  }

  private kick(): void {
    if (this.running || this.retryTimer || this.stopped) return;
    this.running = this.writeQueued().finally(() => {
      this.running = undefined;
      if (this.pendingRows() > 0 && !this.retryTimer) this.kick();
    });
  }

  private async writeQueued(): Promise<void> {
    for (const [target, rows] of this.queued) {
      if (rows.length === 0) continue;
      const batch = rows.splice(0);
      try {
        await this.writeIsolating(target, batch);
        this.delay = this.opts.retry?.minMs ?? 200;
      } catch (err) {
        // ClickHouse away: put the rows back in front and try again later.
        rows.unshift(...batch);
        this.counters.failedInserts++;
        this.opts.log.warn({ err, table: target.table, retryInMs: this.delay }, 'BLE positions write failed; retrying');
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.kick();
        }, this.delay);
        this.retryTimer.unref();
        this.delay = Math.min(this.delay * 2, this.opts.retry?.maxMs ?? 5000);
        return;
      }
    }
  }

  /** One INSERT; on a content error, each half alone, down to the single rows ClickHouse refuses. */
  private async writeIsolating(target: DerivedTable, rows: string[]): Promise<void> {
    try {
      await insertEncoded(this.opts.ch, { table: target.table, columns: target.columns, values: rows.join(''), format: 'TabSeparated' });
      this.counters.inserts++;
      this.counters.rows += rows.length;
    } catch (err) {
      if (!refusedAsData(err)) throw err;
      if (rows.length === 1) {
        this.counters.droppedRows++;
        this.opts.log.error({ err, table: target.table, row: rows[0] }, 'BLE row refused by ClickHouse; dropped');
        return;
      }
      const half = Math.ceil(rows.length / 2);
      await this.writeIsolating(target, rows.slice(0, half));
      await this.writeIsolating(target, rows.slice(half));
    }
  }
}

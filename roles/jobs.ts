import { startAuditRetention } from '../api/services/audit/retention.ts';
import type { ExportJobs } from '../api/services/export-jobs.ts';
import type { Bus } from '../core/bus.ts';
import type { ClickHouseHandle } from '../core/clickhouse.ts';
import type { Config } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';
import type { PostgresHandle } from '../core/postgres.ts';
import { runOnceAcrossProcesses, type ExclusiveJob } from '../core/run-once.ts';
import { startProducts, type RunningProducts } from '../ingest/products/lifecycle.ts';

export interface BackgroundJobs {
  /** Brings every product's derived data up to date at once, when this process holds the product workers. */
  products: Pick<RunningProducts, 'settle'>;
  stop(): Promise<void>;
}

/**
 * Jobs that must run in one process of the installation, whichever roles share it: each takes its
 * run-once lock (PostgreSQL advisory lock; a dead holder's job is taken over). In one process the
 * locks are simply taken at start.
 */
export async function startBackgroundJobs(deps: {
  config: Readonly<Config>;
  log: Logger;
  pg: PostgresHandle;
  clickhouse: ClickHouseHandle;
  bus: Bus;
  exports?: ExportJobs;
}): Promise<BackgroundJobs> {
  const { config, log, pg, clickhouse, bus } = deps;
  const lock = (name: string) => ({ databaseUrl: pg.url, name, log, retryMs: config.lockRetryMs });
  const jobs: ExclusiveJob[] = [];
  // Set while this process holds the product workers' lock; settle() is a no-op elsewhere.
  let running: RunningProducts | undefined;
  try {
    jobs.push(
      await runOnceAcrossProcesses(lock('product-workers'), async () => {
        const started = await startProducts({ ch: clickhouse.ch, db: pg.db, bus, log, settings: config.products });
        running = started;
        return async () => {
          running = undefined;
          await started.stop();
        };
      }),
    );
    // Audit partitions ahead and retention: DDL from one process, so two never race to create a month.
    jobs.push(await runOnceAcrossProcesses(lock('audit-retention'), () => startAuditRetention({ db: pg.db, log, settings: config.audit })));
    const exports = deps.exports;
    if (exports) {
      // Marking interrupted exports failed and pruning old files: once, by whichever API process holds it.
      jobs.push(
        await runOnceAcrossProcesses(lock('export-recovery'), async () => {
          await exports.recover();
          return () => exports.stopPruning();
        }),
      );
    }
  } catch (err) {
    await Promise.all(jobs.map((j) => j.stop()));
    throw err;
  }
  return {
    products: { settle: async () => running?.settle() },
    async stop() {
      await Promise.all(jobs.map((j) => j.stop()));
    },
  };
}

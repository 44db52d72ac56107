import type { ExportJobs } from '../api/services/export-jobs.ts';
import type { Bus } from '../core/bus.ts';
import type { ClickHouseHandle } from '../core/clickhouse.ts';
import type { Config } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';
import type { PostgresHandle } from '../core/postgres.ts';
import { runOnceAcrossProcesses, type ExclusiveJob } from '../core/run-once.ts';
import { sessionRulesFromDb, WifiSessionizer } from '../ingest/wifi-sessionizer.ts';

export interface BackgroundJobs {
  /** Keeps WiFi visits in step with presence; `runOnce()` catches up immediately (tests, benchmarks). */
  wifiVisits: WifiSessionizer;
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
  const wifiVisits = new WifiSessionizer({
    ch: clickhouse.ch,
    rulesOf: (id) => sessionRulesFromDb(pg.db, id),
    bus,
    log,
    intervalMs: config.wifi.sessionizeIntervalMs,
  });
  try {
    jobs.push(
      await runOnceAcrossProcesses(lock('wifi-sessionizer'), async () => {
        wifiVisits.start();
        return () => wifiVisits.stop();
      }),
    );
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
    wifiVisits,
    async stop() {
      await Promise.all(jobs.map((j) => j.stop()));
      await wifiVisits.stop();
    },
  };
}

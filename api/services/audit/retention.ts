import type { Config } from '../../../core/config.ts';
import type { Logger } from '../../../core/logger.ts';
import type { Db } from '../../../core/postgres.ts';
import { createAuditPartitionsAhead, dropAuditPartitionsBefore, monthStart } from '../../../db/repositories/audit-partitions.ts';
import type { StopJob } from '../../../core/run-once.ts';

const DAY_MS = 24 * 3600 * 1000;

/**
 * One pass of audit upkeep: the coming months' partitions exist, and whole months older than the
 * retention are dropped (a month goes once all of it is older than AUDIT_RETENTION_MONTHS).
 */
export async function maintainAuditPartitions(db: Db, settings: Config['audit'], now = new Date()): Promise<string[]> {
  await createAuditPartitionsAhead(db, now, settings.partitionsAhead);
  return dropAuditPartitionsBefore(db, monthStart(now, -settings.retentionMonths));
}

/** Runs the upkeep at start and daily; meant for one process of the installation (run-once lock). */
export async function startAuditRetention(deps: { db: Db; log: Logger; settings: Config['audit'] }): Promise<StopJob> {
  const pass = async () => {
    try {
      const dropped = await maintainAuditPartitions(deps.db, deps.settings);
      if (dropped.length) deps.log.info({ dropped }, 'audit: partitions past retention dropped');
    } catch (err) {
      deps.log.error({ err }, 'audit: partition upkeep failed; retrying tomorrow');
    }
  };
  await pass();
  const timer = setInterval(() => void pass(), DAY_MS);
  timer.unref();
  return async () => clearInterval(timer);
}

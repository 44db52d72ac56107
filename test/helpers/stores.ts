import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Test } from 'tap';
import { startClickHouse, type ClickHouseHandle } from '../../core/clickhouse.ts';
import { loadConfig, type Config } from '../../core/config.ts';
import { createLogger, type Logger } from '../../core/logger.ts';
import { startPostgres, type PostgresHandle } from '../../core/postgres.ts';
import { migrateClickHouse, migratePostgres } from '../../db/migrate.ts';
import { externalPostgresEnv } from './postgres-server.ts';

export interface TestStores {
  config: Readonly<Config>;
  log: Logger;
  pg: PostgresHandle;
  clickhouse: ClickHouseHandle;
}

/**
 * Only the stores — embedded PostgreSQL and chDB, migrated — in a fresh temp data dir, torn down when
 * the test ends; for tests of the data path that need no HTTP or broker. One per test file (one chDB
 * data dir per process).
 */
export async function startTestStores(t: Test, env: Record<string, string> = {}): Promise<TestStores> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mybeacon-stores-'));
  await chmod(dataDir, 0o755);
  const config = loadConfig({ ...(await externalPostgresEnv(t)), MYBEACON_DATA_DIR: dataDir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...env });
  const log = createLogger(config.logLevel);
  const pg = await startPostgres(config.postgres, log);
  const clickhouse = await startClickHouse(config.clickhouse, log);
  t.teardown(async () => {
    await clickhouse.stop();
    await pg.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  await migratePostgres(pg.db, log);
  await migrateClickHouse(clickhouse.ch, log);
  return { config, log, pg, clickhouse };
}

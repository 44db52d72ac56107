import type { DeviceLink } from '../broker/server.ts';
import { TokenSigner } from '../api/auth/jwt.ts';
import type { ApiContext } from '../api/context.ts';
import type { ExportJobs } from '../api/services/export-jobs.ts';
import type { Bus } from '../core/bus.ts';
import type { ClickHouseClient } from '../core/clickhouse.ts';
import type { Config } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';
import type { Db } from '../core/postgres.ts';
import { resolveJwtSecret } from '../core/secrets.ts';
import type { IngestQueue } from '../ingest/types.ts';

/** What the API's routes get, from the parts this process started. */
export async function buildApiContext(deps: {
  config: Readonly<Config>;
  log: Logger;
  db: Db;
  ch: ClickHouseClient;
  bus: Bus;
  ingest: IngestQueue;
  deviceLink: DeviceLink;
  exports: ExportJobs;
}): Promise<ApiContext> {
  const { config } = deps;
  const tokens = new TokenSigner(await resolveJwtSecret(config), {
    access: config.auth.accessTtlSeconds,
    refresh: config.auth.refreshTtlSeconds,
  });
  return {
    ...deps,
    auth: { db: deps.db, tokens, accessTtlSeconds: config.auth.accessTtlSeconds, refreshTtlSeconds: config.auth.refreshTtlSeconds },
  };
}

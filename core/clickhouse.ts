import { mkdir } from 'node:fs/promises';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';

export type { ClickHouseClient };

// chdb bundles its own copy of @clickhouse/client-common, so its Connection type is nominally foreign.
type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;
const chdbConnection = (path: string) => createChdbConnection({ path }) as unknown as ClientConnection;

export interface ClickHouseHandle {
  ch: ClickHouseClient;
  database: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * Connects to CLICKHOUSE_URL, or opens embedded chDB under the data dir. Both are driven through
 * `@clickhouse/client`, so every query is the same SQL in both modes.
 */
export async function startClickHouse(config: Config['clickhouse'], log: Logger): Promise<ClickHouseHandle> {
  const embedded = !config.url;
  if (embedded) await mkdir(config.embeddedDir, { recursive: true });
  const createDatabase = `CREATE DATABASE IF NOT EXISTS ${config.database}`;
  let ch: ClickHouseClient;
  if (embedded) {
    ch = createClient({ connection: chdbConnection(config.embeddedDir) });
    await ch.command({ query: createDatabase });
    // chDB ignores the client's `database` option; it keeps one session per process, so USE sticks.
    await ch.command({ query: `USE ${config.database}` });
  } else {
    const bootstrap = createClient({ url: config.url });
    await bootstrap.command({ query: createDatabase });
    await bootstrap.close();
    ch = createClient({ url: config.url, database: config.database });
  }
  log.info({ embedded, database: config.database }, embedded ? 'embedded chDB ready' : 'ClickHouse connected');
  return { ch, database: config.database, embedded, stop: () => ch.close() };
}

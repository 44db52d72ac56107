import { chmod, mkdir } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { createChdbConnection, type ChdbConnection } from 'chdb/connection';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';

export type { ClickHouseClient };

// chdb bundles its own copy of @clickhouse/client-common, so its Connection type is nominally foreign.
type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;
// The chDB connection behind an embedded client, for the one call the client interface cannot make cheaply.
const chdbConnections = new WeakMap<ClickHouseClient, ChdbConnection>();

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
  if (embedded) {
    // Events of every tenant: owner-only, also when an earlier version created it readable.
    await mkdir(config.embeddedDir, { recursive: true, mode: 0o700 });
    await chmod(config.embeddedDir, 0o700);
  }
  const createDatabase = `CREATE DATABASE IF NOT EXISTS ${config.database}`;
  let ch: ClickHouseClient;
  if (embedded) {
    const connection = createChdbConnection({ path: config.embeddedDir });
    ch = createClient({ connection: connection as unknown as ClientConnection });
    chdbConnections.set(ch, connection);
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

/** One INSERT of rows already encoded in a text format; the table resolves in the client's database. */
export interface EncodedInsert {
  table: string;
  columns: readonly string[];
  format: 'TabSeparated';
  values: Buffer | string;
  settings?: Record<string, number>;
}

/**
 * Inserts pre-encoded rows. Through `@clickhouse/client` the chDB connection turns the body back into a
 * string and appends it to the SQL text (a copy of every byte on the event loop, twice); its raw insert
 * hands the buffer to chDB's parser as it is. Same statement either way; a ClickHouse server gets it
 * through the client.
 */
export async function insertEncoded(ch: ClickHouseClient, insert: EncodedInsert): Promise<void> {
  const chdb = chdbConnections.get(ch);
  if (chdb) {
    await chdb.chdb.rawInsert({ table: insert.table, columns: insert.columns, format: insert.format, values: insert.values, settings: insert.settings });
    return;
  }
  await ch.insert({
    table: insert.table,
    columns: insert.columns as [string, ...string[]],
    values: Readable.from([typeof insert.values === 'string' ? Buffer.from(insert.values) : insert.values], { objectMode: false }),
    format: insert.format,
    clickhouse_settings: insert.settings,
  });
}

/** `2026-11-23 14:05:00.000`: the text form a DateTime64(3, 'UTC') query parameter parses unambiguously. */
export const clickhouseTime = (d: Date): string => d.toISOString().replace('T', ' ').replace('Z', '');

/** How one column of a query's rows is read. `number?` is a Nullable numeric column. */
export type ColumnType = 'number' | 'number?' | 'string';
type ColumnValue<T extends ColumnType> = T extends 'number' ? number : T extends 'number?' ? number | null : string;
export type RowOf<S extends Record<string, ColumnType>> = { -readonly [K in keyof S]: ColumnValue<S[K]> };

/**
 * Runs a SELECT and returns its rows typed by `shape` (only the columns it names). chDB answers 64-bit
 * integers as JSON numbers, a ClickHouse server as strings (JSON cannot hold them exactly): both come
 * out as numbers here, so no caller converts.
 */
export async function selectRows<const S extends Record<string, ColumnType>>(
  ch: ClickHouseClient,
  query: string,
  params: Record<string, unknown>,
  shape: S,
): Promise<Array<RowOf<S>>> {
  const raw = await (await ch.query({ query, query_params: params, format: 'JSONEachRow' })).json<Record<string, unknown>>();
  const columns = Object.entries(shape);
  return raw.map((r) => {
    const row: Record<string, unknown> = {};
    for (const [name, type] of columns) {
      const v = r[name];
      row[name] = type === 'string' ? String(v ?? '') : type === 'number?' && v === null ? null : Number(v ?? 0);
    }
    return row as RowOf<S>;
  });
}

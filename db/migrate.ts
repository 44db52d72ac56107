import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectRows, type ClickHouseClient } from '../core/clickhouse.ts';
import type { Logger } from '../core/logger.ts';
import type { Db } from '../core/postgres.ts';
import { POSTGRES_MIGRATIONS } from './migrations/index.ts';

const CLICKHOUSE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'clickhouse');

/** Applies pending Postgres migrations (knex, tracked in knex_migrations). */
export async function migratePostgres(db: Db, log: Logger): Promise<void> {
  const [, applied] = await db.migrate.latest({
    migrationSource: {
      getMigrations: async () => POSTGRES_MIGRATIONS.map(([name]) => name),
      getMigrationName: (name: string) => name,
      getMigration: async (name: string) => POSTGRES_MIGRATIONS.find(([n]) => n === name)![1],
    },
  });
  if (applied.length) log.info({ applied }, 'postgres migrations applied');
}

/**
 * Applies pending ClickHouse migrations: `db/clickhouse/NNN_name.sql` in name order, statements separated
 * by `;` at line end, each file recorded in `schema_migrations` once all its statements succeeded.
 * Statements must be idempotent (IF NOT EXISTS) so a file interrupted half-way can simply run again.
 */
export async function migrateClickHouse(ch: ClickHouseClient, log: Logger): Promise<void> {
  await ch.command({
    query: `CREATE TABLE IF NOT EXISTS schema_migrations (name String, applied_at DateTime DEFAULT now())
            ENGINE = ReplacingMergeTree ORDER BY name`,
  });
  const rows = await selectRows(ch, 'SELECT name FROM schema_migrations', {}, { name: 'string' });
  const done = new Set(rows.map((r) => r.name));
  const files = (await readdir(CLICKHOUSE_DIR)).filter((f) => /^\d{3}_.+\.sql$/.test(f)).sort();
  for (const file of files) {
    const name = file.replace(/\.sql$/, '');
    if (done.has(name)) continue;
    const sql = await readFile(path.join(CLICKHOUSE_DIR, file), 'utf8');
    const replaced = replacedMigration(sql);
    if (replaced && done.has(replaced)) {
      // A file split out of (or renamed from) one this install already ran: its tables exist as they were.
      await ch.insert({ table: 'schema_migrations', values: [{ name }], format: 'JSONEachRow' });
      log.info({ migration: name, replaces: replaced }, 'clickhouse migration recorded as applied by its predecessor');
      continue;
    }
    for (const statement of splitStatements(sql)) await ch.command({ query: statement });
    await ch.insert({ table: 'schema_migrations', values: [{ name }], format: 'JSONEachRow' });
    log.info({ migration: name }, 'clickhouse migration applied');
  }
}

/**
 * `-- replaces: 001_events` in a file's header names the migration it was split out of or renamed from:
 * existing installs recorded that name, and must neither run the file again nor miss it.
 */
export const replacedMigration = (sql: string): string | undefined => sql.match(/^-- replaces: (\S+)\s*$/m)?.[1];

/** Splits a migration file into statements, dropping `--` comment lines. */
export function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter(Boolean);
}

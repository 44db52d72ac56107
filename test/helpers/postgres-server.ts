import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Test } from 'tap';
import pg from 'pg';
import { freePort } from '../../core/postgres.ts';
import { keepsNoLoopAlive } from './processes.ts';

export interface TestPostgresServer {
  /** DATABASE_URL of a fresh database on it. */
  url: string;
  version: string;
}

const ROOT = '/usr/lib/postgresql';
const USER = 'mybeacon';
const PASSWORD = 'mybeacon-test';

/** The numeric user or group id of the `postgres` account Debian's package creates. */
function idOf(flag: '-u' | '-g'): number {
  const id = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  if (id.status !== 0) throw new Error('no `postgres` user: PostgreSQL refuses to run as root (apt-get install postgresql creates it)');
  return Number(id.stdout.trim());
}

/** The newest Debian `postgresql` binaries on this machine (what install.sh runs in production). */
export function debianPostgresBin(): string | undefined {
  if (!existsSync(ROOT)) return undefined;
  const versions = readdirSync(ROOT).filter((v) => existsSync(path.join(ROOT, v, 'bin', 'postgres'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(ROOT, versions[0], 'bin') : undefined;
}

/**
 * A real PostgreSQL server from Debian's package (not the embedded one): initdb in a temp dir, on a
 * spare loopback port, password authentication, fsync on; stopped (SIGKILL, then its files removed)
 * when the test ends. PostgreSQL refuses to run as root, so under root it runs as the `postgres` user
 * the package creates.
 */
export async function startDebianPostgres(t: Test): Promise<TestPostgresServer> {
  const bin = debianPostgresBin();
  if (!bin) throw new Error('Debian PostgreSQL not found under /usr/lib/postgresql (apt-get install postgresql)');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mybeacon-pg-'));
  const data = path.join(dir, 'data');
  // The server's own processes, directly (no su wrapper between the test and the postmaster's signals).
  const owner = process.getuid?.() === 0 ? { uid: idOf('-u'), gid: idOf('-g') } : {};
  if (owner.uid !== undefined) await chown(dir, owner.uid, owner.gid!);
  await chmod(dir, 0o700);
  const pwfile = path.join(dir, 'pw');
  await writeFile(pwfile, PASSWORD);
  if (owner.uid !== undefined) await chown(pwfile, owner.uid, owner.gid!);
  const init = spawnSync(path.join(bin, 'initdb'), ['-D', data, '-U', USER, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C'], {
    ...owner,
    cwd: dir,
    encoding: 'utf8',
  });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);

  const port = await freePort();
  const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=on'];
  const server: ChildProcess = spawn(path.join(bin, 'postgres'), args, { ...owner, cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  keepsNoLoopAlive(server);
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`postgres exited (${code}): ${log.slice(-500)}`));
    server.once('exit', onExit);
    server.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      if (/ready to accept connections/.test(log)) {
        server.off('exit', onExit);
        resolve();
      }
    });
  });
  t.teardown(async () => {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.ref(); // waited for now: its exit must keep the loop alive
      // SIGINT is PostgreSQL's fast shutdown: sessions are disconnected, not waited for.
      server.kill('SIGINT');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  });

  const admin = new pg.Client({ connectionString: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres` });
  await admin.connect();
  const { rows } = await admin.query<{ server_version: string }>('SHOW server_version');
  await admin.query('CREATE DATABASE mybeacon');
  await admin.end();
  return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/mybeacon`, version: rows[0]!.server_version };
}

/**
 * `MYBEACON_TEST_POSTGRES=debian npx tap …` runs the suite's database layer on Debian's PostgreSQL
 * instead of the embedded one: each test file gets its own server through DATABASE_URL. Unset: nothing.
 */
export async function externalPostgresEnv(t: Test): Promise<Record<string, string>> {
  if (process.env.MYBEACON_TEST_POSTGRES !== 'debian') return {};
  const server = await startDebianPostgres(t);
  return { DATABASE_URL: server.url, JWT_SECRET: 'test-secret-for-an-external-postgres-0000' };
}

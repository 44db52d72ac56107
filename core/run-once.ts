import pg from 'pg';
import type { Logger } from './logger.ts';

/** Stops what a job started. */
export type StopJob = () => Promise<void>;

export interface ExclusiveJob {
  /** True while this process holds the job's lock and runs it. */
  readonly running: boolean;
  /** Stops the job if it runs here, releases the lock, and stops trying to take it. */
  stop(): Promise<void>;
}

export interface RunOnceOptions {
  /** The PostgreSQL every process of the installation shares. */
  databaseUrl: string;
  /** Names the job; processes running the same name share one lock. */
  name: string;
  log: Logger;
  /** How often a process without the lock tries to take it over (LOCK_RETRY_MS). */
  retryMs: number;
}

/**
 * Runs a background job in exactly one of the processes that ask for it (sessionizer, export worker,
 * retention…), product-neutral: the job is any `start()` that returns its `stop`. The holder keeps a
 * PostgreSQL session-level advisory lock on a connection of its own; when the process dies, even by
 * SIGKILL, PostgreSQL ends that session and frees the lock, and the next process to try starts the
 * job — so a dead holder's job is taken over within `retryMs`. If the holder's connection is lost
 * while it lives, it stops the job at once, since another process may take the lock.
 *
 * The first attempt is awaited: with one process (or the first of several) the job runs when this resolves.
 */
export async function runOnceAcrossProcesses(opts: RunOnceOptions, start: () => Promise<StopJob>): Promise<ExclusiveJob> {
  const { name, log } = opts;
  let client: pg.Client | undefined;
  let stopJob: StopJob | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let attempt: Promise<void> = Promise.resolve();

  const lose = async (why: string) => {
    const stopping = stopJob;
    stopJob = undefined;
    client = undefined;
    if (stopping) {
      if (!stopped) log.warn({ job: name, why }, 'run-once job lost its lock; stopping it here');
      await stopping().catch((err: unknown) => log.error({ err, job: name }, 'run-once job failed to stop'));
    }
  };

  async function connect(): Promise<pg.Client> {
    const conn = new pg.Client({ connectionString: opts.databaseUrl, keepAlive: true, application_name: `mybeacon:lock:${name}` });
    conn.on('error', (err: Error) => void lose(err.message));
    conn.on('end', () => void lose('connection closed'));
    await conn.connect();
    return conn;
  }

  async function tryTake(): Promise<void> {
    if (stopped) return;
    try {
      client ??= await connect();
      if (stopJob) {
        // Holding: a round trip proves the session (and so the lock) is still there.
        await client.query('SELECT 1');
        return;
      }
      const { rows } = await client.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock(hashtext('mybeacon:run-once'), hashtext($1)) AS locked`,
        [name],
      );
      if (!rows[0]!.locked || stopped) return;
      log.info({ job: name }, 'run-once job starts in this process');
      stopJob = await start();
    } catch (err) {
      log.warn({ err, job: name }, 'run-once lock attempt failed; retrying');
      const broken = client;
      await lose('lock attempt failed');
      await broken?.end().catch(() => undefined);
    }
  }

  const schedule = () => {
    timer = setTimeout(() => {
      attempt = tryTake().finally(() => !stopped && schedule());
    }, opts.retryMs);
    timer.unref();
  };
  attempt = tryTake();
  await attempt;
  schedule();

  return {
    get running() {
      return stopJob !== undefined;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await attempt;
      const conn = client;
      await lose('stopping');
      // Ending the session releases the lock for the others.
      await conn?.end().catch(() => undefined);
    },
  };
}

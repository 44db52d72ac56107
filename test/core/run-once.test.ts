import t from 'tap';
import { runOnceAcrossProcesses, type StopJob } from '../../core/run-once.ts';
import { startTestStores } from '../helpers/stores.ts';
import { eventually } from '../ingest/fixtures.ts';

// Each runOnceAcrossProcesses holds its own PostgreSQL session, exactly as separate processes would.
const stores = await startTestStores(t);
const { db } = stores.pg;

function job(name: string, running: Set<string>): () => Promise<StopJob> {
  return async () => {
    running.add(name);
    return async () => {
      running.delete(name);
    };
  };
}

const options = (name: string) => ({ databaseUrl: stores.pg.url, name, log: stores.log, retryMs: 50 });

t.test('of several holders asking for the same job, exactly one runs it', async (t) => {
  const running = new Set<string>();
  const holders = [
    await runOnceAcrossProcesses(options('report'), job('a', running)),
    await runOnceAcrossProcesses(options('report'), job('b', running)),
    await runOnceAcrossProcesses(options('report'), job('c', running)),
  ];
  t.same([...running], ['a'], 'the first to ask runs it');
  t.same(holders.map((h) => h.running), [true, false, false]);
  // Another job name has its own lock.
  const other = await runOnceAcrossProcesses(options('other-report'), job('d', running));
  t.ok(other.running);
  await Promise.all([...holders, other].map((h) => h.stop()));
  t.same([...running], []);
});

t.test('a stopped holder\'s job is taken over by a waiting one', async (t) => {
  const running = new Set<string>();
  const first = await runOnceAcrossProcesses(options('takeover'), job('first', running));
  const second = await runOnceAcrossProcesses(options('takeover'), job('second', running));
  t.notOk(second.running);
  await first.stop();
  await eventually(async () => second.running || undefined);
  t.same([...running], ['second']);
  await second.stop();
});

t.test('a holder whose session dies (the process was killed) loses the job, and another takes it over', async (t) => {
  const running = new Set<string>();
  // A killed process never tries again; this one lives on in the test, so it must not retry within it
  // (with the same short retry it could win the freed lock back before the standby does).
  const doomed = await runOnceAcrossProcesses({ ...options('crash'), retryMs: 600_000 }, job('doomed', running));
  const standby = await runOnceAcrossProcesses(options('crash'), job('standby', running));
  // What PostgreSQL sees when a process dies: its session ends, and the advisory lock with it.
  await db.raw(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'mybeacon:lock:crash' AND pid IN (
                  SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)`);
  await eventually(async () => (standby.running && !doomed.running ? true : undefined));
  t.same([...running], ['standby'], 'the job runs in one place only');
  await Promise.all([doomed.stop(), standby.stop()]);
});

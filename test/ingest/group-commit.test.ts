import t from 'tap';
import { createLogger } from '../../core/logger.ts';
import { GroupCommit } from '../../ingest/group-commit.ts';

/** A writer whose INSERTs finish only when the test says so: the group commit's own contract, the store aside. */
function gatedWriter() {
  const started: Array<{ rows: string; finish(): void }> = [];
  const waiters: Array<{ n: number; resolve(): void }> = [];
  const write = (rows: Buffer) =>
    new Promise<void>((resolve) => {
      started.push({ rows: rows.toString(), finish: resolve });
      for (const w of waiters.filter((w) => started.length >= w.n)) w.resolve();
    });
  /** Resolves once `n` INSERTs have started. */
  const starts = (n: number) => new Promise<void>((resolve) => (started.length >= n ? resolve() : waiters.push({ n, resolve })));
  return { started, write, starts };
}

const commit = (concurrency: number, write: (rows: Buffer) => Promise<void>) =>
  new GroupCommit({ table: 't', write, maxEvents: 1000, intervalMs: 5, maxPendingEvents: 10_000, concurrency, retry: { minMs: 1, maxMs: 1 }, log: createLogger('silent') });

t.test('with two writers, a flush that comes due while an INSERT runs is written at once, not after it', async (t) => {
  const w = gatedWriter();
  const gc = commit(2, w.write);
  const first = gc.enqueue('a\n', 1);
  await w.starts(1);
  const second = gc.enqueue('b\n', 1);
  await w.starts(2);
  t.same(w.started.map((s) => s.rows), ['a\n', 'b\n'], 'both INSERTs run together');
  w.started[1]!.finish();
  await second;
  t.equal(gc.pendingEvents, 1, 'the first is still pending: each flush is acknowledged on its own durability');
  w.started[0]!.finish();
  await first;
  t.equal(gc.counters.flushes, 2);
  await gc.stop(1000);
});

t.test('with one writer, the next flush waits for the running INSERT (INGEST_FLUSH_CONCURRENCY=1)', async (t) => {
  const w = gatedWriter();
  const gc = commit(1, w.write);
  const first = gc.enqueue('a\n', 1);
  await w.starts(1);
  const second = gc.enqueue('b\n', 1);
  const secondStart = w.starts(2);
  // Its interval passes many times over while the first INSERT runs.
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.equal(w.started.length, 1);
  w.started[0]!.finish();
  await first;
  await secondStart;
  t.equal(w.started[1]!.rows, 'b\n');
  w.started[1]!.finish();
  await second;
  await gc.stop(1000);
});

t.test('stop() waits for every running INSERT and writes what is left', async (t) => {
  const w = gatedWriter();
  const gc = commit(2, w.write);
  const batches = [gc.enqueue('a\n', 1)];
  await w.starts(1);
  batches.push(gc.enqueue('b\n', 1));
  let stopped = false;
  const stopping = gc.stop(5000).then(() => (stopped = true));
  await w.starts(2);
  t.equal(stopped, false);
  for (const s of w.started) s.finish();
  await Promise.all(batches);
  await stopping;
  t.equal(gc.counters.storedEvents, 2);
  await t.rejects(gc.enqueue('c\n', 1), { code: 'ingest_unavailable' });
});

import t from 'tap';
import { startTestStores } from '../helpers/stores.ts';
import { queueContract } from './queue-contract.ts';
import { bleEvents, countRows, openQueue, payload, registerDevice, wifiEvent } from './fixtures.ts';

const stores = await startTestStores(t, { INGEST_STATS_INTERVAL_MS: '50', INGEST_FLUSH_INTERVAL_MS: '20' });
const { ch } = stores.clickhouse;
const { db } = stores.pg;
const queue = await openQueue(t, stores);

// The shared suite, against the in-process group commit: durable means INSERTed, so nothing to wait for.
queueContract(t, { stores, queue, open: (t, config) => openQueue(t, stores, { config }), settled: async () => undefined });

/** The highest block number allocated in a table (merges reuse numbers; INSERTs take new ones). */
async function lastBlockNumber(table: string): Promise<number> {
  const result = await ch.query({
    query: `SELECT max(max_block_number) AS n FROM system.parts WHERE database = currentDatabase() AND table = {table:String}`,
    query_params: { table },
    format: 'JSONEachRow',
  });
  return Number((await result.json<{ n: number | string }>())[0]!.n);
}

t.test('group commit merges concurrent batches from many devices into few INSERTs', async (t) => {
  const devices = await Promise.all(Array.from({ length: 20 }, () => registerDevice(db)));
  const before = queue.stats();
  const blocksBefore = await lastBlockNumber('ble_events');
  const results = await Promise.all(
    devices.flatMap((device) =>
      Array.from({ length: 10 }, (_, i) => queue.submit(device, i % 2 ? 'ble' : 'wifi', payload(i % 2 ? bleEvents(40, { major: i }) : [wifiEvent({ channel: i + 1 })]))),
    ),
  );
  const after = queue.stats();
  t.equal(results.reduce((n, r) => n + r.stored, 0), 20 * 5 * 40 + 20 * 5);
  const flushes = after.flushes - before.flushes;
  t.ok(flushes >= 2 && flushes <= 6, `200 batches for 2 tables in ${flushes} flushes`);
  t.equal(after.storedEvents - before.storedEvents, 4100);
  t.equal(after.pendingEvents, 0);
  for (const device of devices.slice(0, 3)) {
    t.equal(await countRows(ch, 'ble_events', device.deviceId), 200);
    t.equal(await countRows(ch, 'wifi_events', device.deviceId), 5);
  }
  // Seen from ClickHouse itself: every INSERT block takes the next block number of the table.
  const blocks = (await lastBlockNumber('ble_events')) - blocksBefore;
  t.ok(blocks >= 1 && blocks <= flushes - 1, `100 BLE batches arrived in ${blocks} INSERT block(s)`);
});

t.test('a flush starts as soon as INGEST_FLUSH_MAX_EVENTS events wait, without waiting for the interval', async (t) => {
  const eager = await openQueue(t, stores, { config: { flushMaxEvents: 50, flushIntervalMs: 60_000 } });
  const device = await registerDevice(db);
  const started = Date.now();
  const results = await Promise.all([eager.submit(device, 'ble', payload(bleEvents(30))), eager.submit(device, 'ble', payload(bleEvents(30, { major: 9 })))]);
  t.ok(Date.now() - started < 30_000, 'did not wait for the 60 s interval');
  t.same(results.map((r) => r.stored), [30, 30]);
  t.match(eager.stats(), { flushes: 1, storedEvents: 60 });
});

t.test('stats count batches, events and what is pending', async (t) => {
  const s = queue.stats();
  t.ok(s.batches > 200);
  t.ok(s.storedEvents >= 4100);
  t.equal(s.malformedBatches, 2);
  t.equal(s.pendingBatches, 0);
  t.ok(s.dedupEntries > 0);
});

t.test('a batch replayed after the queue restarts is recognised from what ClickHouse holds', async (t) => {
  const device = await registerDevice(db);
  const body = payload({ events: bleEvents(40) });
  const first = await openQueue(t, stores);
  t.equal((await first.submit(device, 'ble', body)).stored, 40);
  await first.stop();
  const second = await openQueue(t, stores);
  t.ok(second.stats().dedupEntries > 0, 'index seeded from ClickHouse');
  t.equal((await second.submit(device, 'ble', body)).duplicate, true);
});

import t, { type Test } from 'tap';
import { createRedis, checkRedisDurability, type Redis } from '../../core/redis.ts';
import { tableTarget } from '../../ingest/enrich.ts';
import { insertRows } from '../../ingest/clickhouse-writer.ts';
import { ble } from '../../ingest/products/ble/index.ts';
import { createStreamIngestQueue } from '../../ingest/queue.ts';
import { startStreamWorker, type StreamWorker } from '../../ingest/stream-worker.ts';
import { CONSUMER_GROUP, defineStreamCommands, streamBacklog, streamKey } from '../../ingest/streams.ts';
import type { Config } from '../../core/config.ts';
import type { IngestQueue } from '../../ingest/types.ts';
import { startTestRedis } from '../helpers/redis-server.ts';
import { startTestStores } from '../helpers/stores.ts';
import { bleEvents, countRows, eventually, payload, registerDevice, settledWithin } from './fixtures.ts';
import { queueContract } from './queue-contract.ts';

const stores = await startTestStores(t, { INGEST_STATS_INTERVAL_MS: '50', INGEST_FLUSH_INTERVAL_MS: '20' });
const { ch } = stores.clickhouse;
const { db } = stores.pg;
const redisServer = await startTestRedis(t);
const clients: Redis[] = [];
t.teardown(() => Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect()))));

function client(): Redis {
  const redis = createRedis(redisServer.url, 'test', stores.log);
  clients.push(redis);
  return redis;
}

const redis = client();
const retry = { minMs: 20, maxMs: 100 };

async function openProducer(t: Test, config: Partial<Config['ingest']> = {}, maxStreamBatches = 10_000): Promise<IngestQueue> {
  const queue = await createStreamIngestQueue({ redis: client(), db, log: stores.log, config: { ...stores.config.ingest, ...config }, maxStreamBatches });
  t.teardown(() => queue.stop());
  return queue;
}

async function startWorker(t: Test, claimIdleMs = 60_000): Promise<StreamWorker> {
  const worker = await startStreamWorker({ redis: client(), ch, log: stores.log, config: stores.config.ingest, claimIdleMs, readBatches: 100, retry, trimIntervalMs: 100 });
  t.teardown(() => worker.stop());
  return worker;
}

/** Every entry of both streams delivered and acknowledged. */
const settled = () =>
  eventually(async () => {
    for (const product of ['ble', 'wifi'] as const) {
      const backlog = await streamBacklog(redis, streamKey(product));
      if (backlog.pending > 0 || !backlog.allDelivered) return undefined;
    }
    return true;
  }, 10_000).then(() => undefined);

/** Reads entries as a consumer that then vanishes (a worker killed before its XACK). */
async function readAsDeadWorker(product: 'ble' | 'wifi', count: number): Promise<Array<[string, string[]]>> {
  const reply = (await redis.xreadgroup('GROUP', CONSUMER_GROUP, `dead-${Math.random()}`, 'COUNT', count, 'STREAMS', streamKey(product), '>')) as Array<
    [string, Array<[string, string[]]>]
  > | null;
  return reply?.[0]?.[1] ?? [];
}

// The shared suite against Redis Streams: appends through one producer, a real worker writes ClickHouse.
t.test('the shared queue suite, on Redis Streams', async (t) => {
  const queue = await openProducer(t);
  await startWorker(t);
  queueContract(t, { stores, queue, open: (t, config) => openProducer(t, config), settled });
});

t.test('a batch is acknowledged once it is in the stream, before any worker wrote it', async (t) => {
  const queue = await openProducer(t);
  const device = await registerDevice(db);
  t.same(await queue.submit(device, 'ble', payload(bleEvents(5))), { stored: 5, rejected: 0, duplicate: false });
  const backlog = await streamBacklog(redis, streamKey('ble'));
  t.notOk(backlog.allDelivered, 'waiting in the stream for a worker');
  t.equal(await countRows(ch, 'ble_events', device.deviceId), 0);
  await startWorker(t);
  await settled();
  t.equal(await countRows(ch, 'ble_events', device.deviceId), 5);
});

t.test('the same batch through two brokers (two producers) is appended once', async (t) => {
  const [a, b] = [await openProducer(t), await openProducer(t)];
  await startWorker(t);
  const device = await registerDevice(db);
  const body = payload(bleEvents(12));
  const results = await Promise.all([a.submit(device, 'ble', body), b.submit(device, 'ble', body)]);
  t.same(results.map((r) => r.duplicate).sort(), [false, true]);
  await settled();
  t.equal(await countRows(ch, 'ble_events', device.deviceId), 12);
});

t.test('an entry stays pending while ClickHouse fails and is acknowledged only after its INSERT', async (t) => {
  const queue = await openProducer(t);
  const worker = await startWorker(t);
  const device = await registerDevice(db);
  await ch.command({ query: 'RENAME TABLE ble_events TO ble_events_offline' });
  t.equal((await queue.submit(device, 'ble', payload(bleEvents(8)))).stored, 8);
  await eventually(async () => (worker.stats().failedInserts >= 2 ? true : undefined));
  t.equal((await streamBacklog(redis, streamKey('ble'))).pending, 1, 'delivered, not acknowledged');
  await ch.command({ query: 'RENAME TABLE ble_events_offline TO ble_events' });
  await settled();
  t.equal(await countRows(ch, 'ble_events', device.deviceId), 8);
});

t.test('entries of a worker that died are taken over; those it had already INSERTed are not stored twice', async (t) => {
  const queue = await openProducer(t);
  const [inserted, lost] = [await registerDevice(db), await registerDevice(db)];
  await queue.submit(inserted, 'ble', payload(bleEvents(6)));
  await queue.submit(lost, 'ble', payload(bleEvents(4)));
  const taken = await readAsDeadWorker('ble', 10);
  t.equal(taken.length, 2);
  // The dead worker got as far as the INSERT of the first batch, not its XACK.
  const first = Object.fromEntries(taken[0]![1].map((v, i, a) => (i % 2 ? [] : [v, a[i + 1]])).filter((p) => p.length));
  await insertRows(ch, tableTarget(ble), String(first.r));
  t.equal(await countRows(ch, 'ble_events', inserted.deviceId), 6);

  const worker = await startWorker(t, 300);
  await eventually(async () => (worker.stats().claimed >= 2 ? true : undefined));
  await settled();
  t.equal(worker.stats().alreadyStored, 1, 'found in ClickHouse, acknowledged without an INSERT');
  t.equal(await countRows(ch, 'ble_events', inserted.deviceId), 6);
  t.equal(await countRows(ch, 'ble_events', lost.deviceId), 4);
});

t.test('trimming removes acknowledged entries and never an unacknowledged one', async (t) => {
  const commands = defineStreamCommands(redis);
  const queue = await openProducer(t);
  const device = await registerDevice(db);
  await settled(); // what earlier tests left is acknowledged
  await commands.mybeaconTrim(streamKey('wifi'), CONSUMER_GROUP);
  for (let i = 0; i < 5; i++) await queue.submit(device, 'wifi', payload([{ mac: '3c:22:fb:01:02:03', rssi: -70 - i, ts: Date.now() - 1000 }]));
  const held = await readAsDeadWorker('wifi', 3);
  t.equal(held.length, 3);
  t.equal(await commands.mybeaconTrim(streamKey('wifi'), CONSUMER_GROUP), 0, 'pending and undelivered entries are kept');
  t.equal((await streamBacklog(redis, streamKey('wifi'))).length, 5);
  await startWorker(t, 300);
  await settled();
  await eventually(async () => ((await streamBacklog(redis, streamKey('wifi'))).length === 0 ? true : undefined));
  t.equal(await countRows(ch, 'wifi_events', device.deviceId), 5);
});

t.test('beyond INGEST_STREAM_MAX_BATCHES waiting entries new batches are refused with ingest_overloaded', async (t) => {
  await settled();
  await defineStreamCommands(redis).mybeaconTrim(streamKey('ble'), CONSUMER_GROUP);
  const queue = await openProducer(t, {}, 3);
  const device = await registerDevice(db);
  for (let i = 0; i < 3; i++) t.equal((await queue.submit(device, 'ble', payload(bleEvents(2, { major: i })))).stored, 2);
  const refused = payload(bleEvents(2, { major: 99 }));
  await t.rejects(queue.submit(device, 'ble', refused), { code: 'ingest_overloaded', status: 503 });
  t.equal(queue.stats().overloadedBatches, 1);
  await startWorker(t);
  // Once the worker has written and the acknowledged entries are trimmed, the resent batch goes through.
  const accepted = await eventually(() => queue.submit(device, 'ble', refused).catch(() => undefined), 10_000);
  t.equal(accepted.stored, 2);
  await settled();
  t.equal(await countRows(ch, 'ble_events', device.deviceId), 8);
});

t.test('a worker stopped while ClickHouse fails leaves its entries pending for the next one', async (t) => {
  const queue = await openProducer(t);
  const device = await registerDevice(db);
  const first = await startStreamWorker({ redis: client(), ch, log: stores.log, config: stores.config.ingest, claimIdleMs: 300, readBatches: 100, retry, stopTimeoutMs: 200 });
  await ch.command({ query: 'RENAME TABLE ble_events TO ble_events_offline' });
  await queue.submit(device, 'ble', payload(bleEvents(3)));
  await eventually(async () => (first.stats().failedInserts >= 1 ? true : undefined));
  await first.stop();
  t.equal(await settledWithin(settled(), 300), 'pending');
  await ch.command({ query: 'RENAME TABLE ble_events_offline TO ble_events' });
  await startWorker(t, 300);
  await settled();
  t.equal(await countRows(ch, 'ble_events', device.deviceId), 3);
});

t.test('Redis without fsync per write or with eviction is refused at start, naming the setting', async (t) => {
  const loose = await startTestRedis(t, { appendfsync: 'everysec', 'maxmemory-policy': 'allkeys-lru' });
  const conn = createRedis(loose.url, 'test', stores.log);
  clients.push(conn);
  await t.rejects(checkRedisDurability(conn), { name: 'RedisSettingsError', message: /appendfsync is "everysec", needs "always"[\s\S]*maxmemory-policy is "allkeys-lru"/ });
  await t.resolves(checkRedisDurability(redis));
});

t.test('an entry in the stream survives a Redis crash (AOF, fsync per write)', async (t) => {
  const queue = await openProducer(t);
  const device = await registerDevice(db);
  t.equal((await queue.submit(device, 'ble', payload(bleEvents(7, { major: 7 })))).stored, 7);
  await redisServer.kill();
  await redisServer.start();
  await startWorker(t);
  await settled();
  t.equal(await countRows(ch, 'ble_events', device.deviceId), 7);
});

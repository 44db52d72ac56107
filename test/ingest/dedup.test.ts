import t from 'tap';
import { startTestStores } from '../helpers/stores.ts';
import { bleEvents, countRows, openQueue, payload, registerDevice, wifiEvent } from './fixtures.ts';

const stores = await startTestStores(t, { INGEST_FLUSH_INTERVAL_MS: '20' });
const { ch } = stores.clickhouse;
const { db } = stores.pg;

t.test('the same batch sent twice in a row is stored once', async (t) => {
  const queue = await openQueue(t, stores);
  const device = await registerDevice(db);
  const body = payload(bleEvents(40));
  t.same(await queue.submit(device, 'ble', body), { stored: 40, rejected: 0, duplicate: false });
  t.same(await queue.submit(device, 'ble', Buffer.from(body)), { stored: 0, rejected: 0, duplicate: true });
  t.equal(await countRows(ch, 'ble_events', device.deviceId), 40);
  t.equal(queue.stats().duplicateBatches, 1);
});

t.test('the same batch sent twice at once joins the first one and is stored once', async (t) => {
  const queue = await openQueue(t, stores);
  const device = await registerDevice(db);
  const body = payload(bleEvents(40));
  const results = await Promise.all([queue.submit(device, 'ble', body), queue.submit(device, 'ble', body), queue.submit(device, 'ble', body)]);
  t.same(results, [
    { stored: 40, rejected: 0, duplicate: false },
    { stored: 0, rejected: 0, duplicate: true },
    { stored: 0, rejected: 0, duplicate: true },
  ]);
  t.equal(await countRows(ch, 'ble_events', device.deviceId), 40);
});

t.test('identical bytes from two devices, or for two products, are two batches', async (t) => {
  const queue = await openQueue(t, stores);
  const [a, b] = [await registerDevice(db), await registerDevice(db)];
  const body = payload([wifiEvent()]);
  t.equal((await queue.submit(a, 'wifi', body)).stored, 1);
  t.equal((await queue.submit(b, 'wifi', body)).stored, 1);
  t.equal(await countRows(ch, 'wifi_events', a.deviceId), 1);
  t.equal(await countRows(ch, 'wifi_events', b.deviceId), 1);
});

t.test('a batch replayed after the queue restarts is still recognised', async (t) => {
  const device = await registerDevice(db);
  const body = payload({ events: bleEvents(40) });
  const first = await openQueue(t, stores);
  t.same(await first.submit(device, 'ble', body), { stored: 40, rejected: 0, duplicate: false });
  await first.stop();
  const second = await openQueue(t, stores);
  t.ok(second.stats().dedupEntries > 0, 'index seeded from ClickHouse');
  t.same(await second.submit(device, 'ble', body), { stored: 0, rejected: 0, duplicate: true });
  t.equal(await countRows(ch, 'ble_events', device.deviceId), 40);
});

t.test('a batch replayed after the dedup window is stored again', async (t) => {
  let later = 0;
  const queue = await openQueue(t, stores, { config: { dedupWindowSeconds: 1 }, clock: () => Date.now() + later });
  const device = await registerDevice(db);
  const body = payload([wifiEvent()]);
  t.equal((await queue.submit(device, 'wifi', body)).stored, 1);
  t.equal((await queue.submit(device, 'wifi', body)).duplicate, true);
  later = 2100; // the window, plus the index's 1 s resolution: the clock moves, the test does not wait
  t.equal((await queue.submit(device, 'wifi', body)).stored, 1);
  t.equal(await countRows(ch, 'wifi_events', device.deviceId), 2);
});

t.test('a malformed batch is refused again when replayed, never remembered as stored', async (t) => {
  const queue = await openQueue(t, stores);
  const device = await registerDevice(db);
  const body = payload('{"events": [');
  const results = await Promise.allSettled([queue.submit(device, 'ble', body), queue.submit(device, 'ble', body)]);
  t.same(results.map((r) => r.status), ['rejected', 'rejected']);
  await t.rejects(queue.submit(device, 'ble', body), { code: 'malformed_payload' });
  t.equal(queue.stats().duplicateBatches, 0);
});

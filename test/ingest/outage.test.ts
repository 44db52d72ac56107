import t from 'tap';
import { findDeviceById } from '../../db/repositories/devices.ts';
import { insertRows } from '../../ingest/clickhouse-writer.ts';
import { encodeRows, tableTarget } from '../../ingest/enrich.ts';
import { ble } from '../../ingest/products/ble/index.ts';
import type { BleEvent } from '../../ingest/products/ble/events.ts';
import { startTestStores } from '../helpers/stores.ts';
import { bleEvents, countRows, eventually, openQueue, payload, registerDevice, settledWithin, wifiEvent } from './fixtures.ts';

// Real failures, not mocks: the target table is renamed away in chDB, so INSERTs fail exactly as they
// would with a missing table or a server that refuses writes, and renamed back to recover.
const stores = await startTestStores(t, { INGEST_FLUSH_INTERVAL_MS: '20' });
const { ch } = stores.clickhouse;
const { db } = stores.pg;
const retry = { minMs: 20, maxMs: 100 };
const takeOffline = (table: string) => ch.command({ query: `RENAME TABLE ${table} TO ${table}_offline` });
const bringBack = (table: string) => ch.command({ query: `RENAME TABLE ${table}_offline TO ${table}` });

t.test('while ClickHouse fails, submit stays pending; after recovery it resolves and rows are stored once', async (t) => {
  const queue = await openQueue(t, stores, { retry });
  const device = await registerDevice(db);
  const body = payload(bleEvents(40));
  await takeOffline('ble_events');
  const submitted = queue.submit(device, 'ble', body);
  t.equal(await settledWithin(submitted, 500), 'pending', 'not acknowledged while the store fails');
  const during = queue.stats();
  t.ok(during.failedInserts >= 2, `retried (${during.failedInserts} failed attempts)`);
  t.equal(during.pendingEvents, 40);
  // A replay while the original is pending joins it instead of being stored a second time.
  const replay = queue.submit(device, 'ble', Buffer.from(body));
  await bringBack('ble_events');
  t.same(await submitted, { stored: 40, rejected: 0, duplicate: false });
  t.same(await replay, { stored: 0, rejected: 0, duplicate: true });
  t.equal(await countRows(ch, 'ble_events', device.deviceId), 40);
  t.equal(queue.stats().pendingEvents, 0);
});

t.test('one product\'s failing table does not hold back another product\'s events', async (t) => {
  const queue = await openQueue(t, stores, { retry });
  const device = await registerDevice(db);
  await takeOffline('ble_events');
  const ble = queue.submit(device, 'ble', payload(bleEvents(5)));
  const wifi = queue.submit(device, 'wifi', payload([wifiEvent(), wifiEvent({ channel: 11 })]));
  t.same(await wifi, { stored: 2, rejected: 0, duplicate: false });
  t.equal(await settledWithin(ble, 300), 'pending');
  t.equal(queue.stats().pendingEvents, 5);
  await bringBack('ble_events');
  t.equal((await ble).stored, 5);
  t.equal(await countRows(ch, 'wifi_events', device.deviceId), 2);
  t.equal(await countRows(ch, 'ble_events', device.deviceId), 5);
});

t.test('an INSERT retried after an ambiguous failure (stored, but the answer lost) is stored once', async (t) => {
  const device = await registerDevice(db);
  const rows = encodeRows(ble, device, { id: '7', receivedAt: Date.now() }, bleEvents(3) as BleEvent[]);
  await insertRows(ch, tableTarget(ble), rows);
  await insertRows(ch, tableTarget(ble), rows); // the group commit's retry sends the same bytes
  t.equal(await countRows(ch, 'ble_events', device.deviceId), 3);
  const other = encodeRows(ble, device, { id: '8', receivedAt: Date.now() }, bleEvents(3) as BleEvent[]);
  await insertRows(ch, tableTarget(ble), other);
  t.equal(await countRows(ch, 'ble_events', device.deviceId), 6, 'a different batch with the same events is not dropped');
});

t.test('beyond INGEST_MAX_PENDING_EVENTS new batches are refused with ingest_overloaded', async (t) => {
  const queue = await openQueue(t, stores, { retry, config: { maxPendingEvents: 60 } });
  const device = await registerDevice(db);
  await takeOffline('ble_events');
  const refused = payload(bleEvents(40, { major: 2 }));
  const first = queue.submit(device, 'ble', payload(bleEvents(40)));
  await t.rejects(queue.submit(device, 'ble', refused), { code: 'ingest_overloaded', status: 503 });
  t.equal(queue.stats().overloadedBatches, 1);
  await bringBack('ble_events');
  t.equal((await first).stored, 40);
  // Once drained, the refused batch goes through when the device sends it again.
  t.equal((await queue.submit(device, 'ble', refused)).stored, 40);
  t.equal(await countRows(ch, 'ble_events', device.deviceId), 80);
});

t.test('stopping while ClickHouse fails gives up after the deadline without acknowledging; the resent batch is stored', async (t) => {
  const device = await registerDevice(db);
  const body = payload(bleEvents(10));
  const queue = await openQueue(t, stores, { retry, stopTimeoutMs: 300 });
  await takeOffline('ble_events');
  const submitted = queue.submit(device, 'ble', body);
  await eventually(async () => queue.stats().failedInserts > 0); // the flush is failing and being retried
  await queue.stop();
  await t.rejects(submitted, { code: 'ingest_unavailable', status: 503 });
  await t.rejects(queue.submit(device, 'ble', body), { code: 'ingest_unavailable' }, 'a stopped queue takes nothing');
  await bringBack('ble_events');
  t.equal(await countRows(ch, 'ble_events', device.deviceId), 0);
  const next = await openQueue(t, stores, { retry });
  t.same(await next.submit(device, 'ble', body), { stored: 10, rejected: 0, duplicate: false }, 'not mistaken for a duplicate');
  t.equal(await countRows(ch, 'ble_events', device.deviceId), 10);
});

t.test('rejection counters are kept while PostgreSQL refuses the update and written once it accepts again', async (t) => {
  const queue = await openQueue(t, stores, { retry, config: { statsIntervalMs: 30 } });
  const device = await registerDevice(db);
  await db.raw('ALTER TABLE devices RENAME TO devices_offline');
  t.same(await queue.submit(device, 'ble', payload(bleEvents(3, { rssi: 1 }))), { stored: 0, rejected: 3, duplicate: false });
  await new Promise((r) => setTimeout(r, 150)); // several failed counter writes
  await db.raw('ALTER TABLE devices_offline RENAME TO devices');
  await queue.submit(device, 'ble', payload([wifiEvent()]));
  const row = await eventually(async () => {
    const d = await findDeviceById(db, device.deviceId);
    return d && d.rejected_events === 4 ? d : undefined;
  });
  t.equal(row.last_error, 'unsupported_type: event 0 type=missing', 'the latest reason wins');
});

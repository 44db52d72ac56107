import t from 'tap';
import { startTestPlatform } from '../helpers/platform.ts';
import { bleEvent, bleEvents, countRows, eventually, rows, settledWithin, wifiEvent } from '../ingest/fixtures.ts';
import { connectDevice, makeDevice } from './fixtures.ts';

// A slow group commit makes the window between "received" and "durable" wide enough to observe.
const FLUSH_MS = 700;
const p = await startTestPlatform(t, { INGEST_FLUSH_INTERVAL_MS: String(FLUSH_MS) });
const ch = p.platform.clickhouse.ch;
const stats = () => p.platform.api.deviceLink.stats();
const json = (v: unknown) => Buffer.from(JSON.stringify(v));

t.test('the PUBACK of a QoS 1 batch comes only once its rows are in ClickHouse', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  const acked = client.publishAsync(`devices/${device.mac}/ble`, json(bleEvents(25)), { qos: 1 });
  t.equal(await settledWithin(acked, FLUSH_MS / 2), 'pending', 'no PUBACK while the batch waits for its group commit');
  t.equal(await countRows(ch, 'ble_events', device.row.id), 0);
  await acked;
  t.equal(await countRows(ch, 'ble_events', device.row.id), 25, 'all rows present the moment the PUBACK arrives');
  t.equal(stats().ingest.inFlight, 0);
  t.ok(stats().ingest.ackLatencyMs.max >= FLUSH_MS / 2, 'the wait shows in the ack latency');
});

t.test('QoS 2 works the same: PUBREC (and so PUBCOMP) only after the rows are stored', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  const done = client.publishAsync(`devices/${device.mac}/ble`, json(bleEvents(5)), { qos: 2 });
  t.equal(await settledWithin(done, FLUSH_MS / 2), 'pending');
  await done;
  t.equal(await countRows(ch, 'ble_events', device.row.id), 5);
});

t.test('device and organization come from the connection, never from the payload', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  const forged = bleEvent({ organization_id: 999_999, device_id: 424_242, device_mac: 'ff:ff:ff:ff:ff:ff' });
  await client.publishAsync(`devices/${device.mac}/ble`, json({ organization_id: 999_999, events: [forged] }), { qos: 1 });
  const stored = await rows<{ organization_id: number; device_id: number; device_mac: string }>(ch, 'ble_events', device.row.id);
  t.equal(stored.length, 1);
  t.equal(Number(stored[0]!.organization_id), device.row.organization_id);
  t.equal(Number(stored[0]!.device_id), device.row.id);
  t.equal(stored[0]!.device_mac, device.mac);
  t.equal(await countRows(ch, 'ble_events', 424_242), 0);
});

t.test('wifi batches go to wifi_events', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  await client.publishAsync(`devices/${device.mac}/wifi`, json([wifiEvent(), wifiEvent({ ssid: 'Other' })]), { qos: 1 });
  t.equal(await countRows(ch, 'wifi_events', device.row.id), 2);
});

t.test('a QoS 0 batch is stored too (nothing to acknowledge)', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  await client.publishAsync(`devices/${device.mac}/ble`, json(bleEvents(3)), { qos: 0 });
  await eventually(async () => (await countRows(ch, 'ble_events', device.row.id)) === 3);
  t.pass('stored');
});

t.test('a resent batch (lost PUBACK) is acknowledged again but stored once', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  const batch = json(bleEvents(4));
  const before = stats().ingest.duplicates;
  await client.publishAsync(`devices/${device.mac}/ble`, batch, { qos: 1 });
  await client.publishAsync(`devices/${device.mac}/ble`, batch, { qos: 1, dup: true });
  t.equal(await countRows(ch, 'ble_events', device.row.id), 4);
  t.equal(stats().ingest.duplicates, before + 1);
});

t.test('a malformed batch is acknowledged (a replay could never succeed), counted, and stores nothing', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  const before = stats().malformed.ble ?? 0;
  for (const bad of ['not json', '{"events":"nope"}', '42']) await client.publishAsync(`devices/${device.mac}/ble`, bad, { qos: 1 });
  t.equal(stats().malformed.ble, before + 3);
  t.ok(client.connected, 'the device stays connected');
  t.equal(await countRows(ch, 'ble_events', device.row.id), 0);
});

t.test('while ClickHouse cannot store, no PUBACK is sent; the batch is acknowledged once it is stored', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  await ch.command({ query: 'RENAME TABLE ble_events TO ble_events_offline' });
  let restored = false;
  t.teardown(async () => {
    if (!restored) await ch.command({ query: 'RENAME TABLE ble_events_offline TO ble_events' });
  });
  const acked = client.publishAsync(`devices/${device.mac}/ble`, json(bleEvents(6)), { qos: 1 });
  t.equal(await settledWithin(acked, FLUSH_MS * 3), 'pending', 'no PUBACK while the store fails');
  t.ok(stats().ingest.inFlight >= 1);
  await ch.command({ query: 'RENAME TABLE ble_events_offline TO ble_events' });
  restored = true;
  await acked;
  t.equal(await countRows(ch, 'ble_events', device.row.id), 6);
});

t.test('many devices publishing at once are all acknowledged with their rows stored', async (t) => {
  const devices = await Promise.all(Array.from({ length: 20 }, () => makeDevice(p)));
  const clients = await Promise.all(devices.map((d) => connectDevice(t, p, d)));
  await Promise.all(
    clients.flatMap((c, i) => [0, 1, 2].map((n) => c.publishAsync(`devices/${devices[i]!.mac}/ble`, json(bleEvents(10, { major: n })), { qos: 1 }))),
  );
  const counts = await Promise.all(devices.map((d) => countRows(ch, 'ble_events', d.row.id)));
  t.same(counts, devices.map(() => 30));
});

t.test('a batch nested thousands deep gets its PUBACK; its valid event is stored and the nesting counted', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
  const rejectedBefore = stats().ingest.rejectedEvents;
  await client.publishAsync(`devices/${device.mac}/wifi`, `[${JSON.stringify(wifiEvent())},${deep}]`, { qos: 1 });
  t.ok(client.connected, 'no disconnect and endless resend');
  t.equal(await countRows(ch, 'wifi_events', device.row.id), 1);
  t.equal(stats().ingest.rejectedEvents, rejectedBefore + 1);
});

t.test('a product the organization does not have: acknowledged, counted, not stored — until it is enabled', async (t) => {
  const device = await makeDevice(p, { products: ['wifi'] });
  const client = await connectDevice(t, p, device);
  const refusedBefore = p.platform.api.ingest.stats().rejectedByReason.product_not_enabled ?? 0;
  await client.publishAsync(`devices/${device.mac}/ble`, json(bleEvents(4)), { qos: 1 });
  t.equal(await countRows(ch, 'ble_events', device.row.id), 0);
  t.equal(p.platform.api.ingest.stats().rejectedByReason.product_not_enabled, refusedBefore + 4);

  const admin = await p.adminToken();
  const orgId = device.row.organization_id!;
  await p.api('PATCH', `/superadmin/organizations/${orgId}`, { token: admin, body: { products: ['ble', 'wifi'] } });
  // The connected device learns it without reconnecting.
  await eventually(async () => {
    await client.publishAsync(`devices/${device.mac}/ble`, json(bleEvents(2)), { qos: 1 });
    return (await countRows(ch, 'ble_events', device.row.id)) > 0;
  });
  await p.api('PATCH', `/superadmin/organizations/${orgId}`, { token: admin, body: { status: 'pending' } });
  const stored = await countRows(ch, 'wifi_events', device.row.id);
  await eventually(async () => {
    const before = p.platform.api.ingest.stats().rejectedByReason.product_not_enabled!;
    await client.publishAsync(`devices/${device.mac}/wifi`, json([wifiEvent({ rssi: -1 - Math.floor(Math.random() * 100) })]), { qos: 1 });
    return p.platform.api.ingest.stats().rejectedByReason.product_not_enabled! > before;
  });
  t.equal(await countRows(ch, 'wifi_events', device.row.id), stored, 'a pending organization stores nothing');
});

import type { Test } from 'tap';
import type { Config } from '../../core/config.ts';
import { findDeviceById } from '../../db/repositories/devices.ts';
import type { IngestQueue } from '../../ingest/types.ts';
import type { TestStores } from '../helpers/stores.ts';
import { bleEvent, bleEvents, countRows, eventually, payload, registerDevice, rows, wifiEvent } from './fixtures.ts';

/** One implementation of the ingest queue, as the shared suite drives it. */
export interface QueueHarness {
  stores: TestStores;
  /** The suite's long-lived queue. */
  queue: IngestQueue;
  /** Another queue on the same stores (ingest settings overridable), stopped when the test ends. */
  open(t: Test, config?: Partial<Config['ingest']>): Promise<IngestQueue>;
  /** Resolves once every batch a queue made durable is in ClickHouse (at once for the in-process queue). */
  settled(): Promise<void>;
}

/**
 * What every ingest queue promises, whatever makes a batch durable (PostHog's shared-suite pattern):
 * run by queue.test.ts against the in-process group commit and by stream-queue.test.ts against Redis
 * Streams with a real worker writing to ClickHouse.
 */
export function queueContract(t: Test, h: QueueHarness): void {
  const { ch } = h.stores.clickhouse;
  const { db } = h.stores.pg;
  const settledRows = async <T = Record<string, unknown>>(table: string, deviceId?: number): Promise<T[]> => {
    await h.settled();
    return rows<T>(ch, table, deviceId);
  };
  const settledCount = async (table: string, deviceId: number): Promise<number> => {
    await h.settled();
    return countRows(ch, table, deviceId);
  };
  /** The device row once its rejected-event counter, written in the background, reaches `n`. */
  const rejectionsReach = (deviceId: number, n: number) =>
    eventually(async () => {
      const device = await findDeviceById(db, deviceId);
      return device && device.rejected_events === n ? device : undefined;
    });

  t.test('a valid BLE batch is stored with the identity of the connection', async (t) => {
    const device = await registerDevice(db);
    const events = [bleEvent({ mac: 'F9:29:DE:16:B4:F3', tx_power: -59 }, 2000), bleEvent({ minor: 3, rssi: -127 }, 1000)];
    const result = await h.queue.submit(device, 'ble', payload(events));
    t.same(result, { stored: 2, rejected: 0, duplicate: false });
    const stored = await settledRows('ble_events', device.deviceId);
    t.equal(stored.length, 2);
    t.match(stored[0], {
      organization_id: device.organizationId,
      device_id: device.deviceId,
      device_mac: device.mac,
      beacon_mac: 'f9:29:de:16:b4:f3',
      rssi: -64,
      uuid: 'b9407f30f5f8466eaff925556b57fe6d',
      major: 1,
      minor: 2,
      tx_power: -59,
    });
    t.equal(new Date(`${String(stored[0]!.timestamp).replace(' ', 'T')}Z`).getTime(), events[0]!.ts, 'millisecond timestamp kept');
    t.match(stored[1], { minor: 3, rssi: -127, tx_power: 0 });
  });

  t.test('a WiFi batch in the {"events": [...]} form is stored with defaults for absent fields', async (t) => {
    const device = await registerDevice(db);
    const result = await h.queue.submit(device, 'wifi', payload({ events: [wifiEvent({ ssid: 'Café\tBar' }, 2000), { mac: '3c:22:fb:01:02:04', rssi: -80, ts: Date.now() }] }));
    t.same(result, { stored: 2, rejected: 0, duplicate: false });
    const stored = await settledRows('wifi_events', device.deviceId);
    t.match(stored, [
      { client_mac: '3c:22:fb:01:02:03', ssid: 'Café\tBar', channel: 6, frame_type: 'probe_request', rssi: -70 },
      { client_mac: '3c:22:fb:01:02:04', ssid: '', channel: 0, frame_type: 'probe_request', rssi: -80 },
    ]);
  });

  t.test('an organization or device named in the payload is ignored', async (t) => {
    const device = await registerDevice(db, 'Mine');
    const foreign = await registerDevice(db, 'Theirs');
    const body = {
      organization_id: foreign.organizationId,
      device_id: foreign.deviceId,
      events: [bleEvent({ organization_id: foreign.organizationId, device_id: foreign.deviceId, device_mac: foreign.mac })],
    };
    t.same(await h.queue.submit(device, 'ble', payload(body)), { stored: 1, rejected: 0, duplicate: false });
    t.match(await settledRows('ble_events', device.deviceId), [{ organization_id: device.organizationId, device_id: device.deviceId, device_mac: device.mac }]);
    t.equal(await settledCount('ble_events', foreign.deviceId), 0);
  });

  t.test('malformed JSON rejects the whole batch and is counted on the device', async (t) => {
    const device = await registerDevice(db);
    await t.rejects(h.queue.submit(device, 'ble', payload('[{"mac": "f9:29:de:16:b4:f3", "rssi": -6')), { code: 'malformed_payload', status: 400 });
    await t.rejects(h.queue.submit(device, 'ble', payload({ beacons: [bleEvent()] })), { code: 'malformed_payload' });
    const row = await rejectionsReach(device.deviceId, 2);
    t.match(row.last_error, /^malformed_payload: /);
    t.ok(row.last_error_at);
    t.equal(await settledCount('ble_events', device.deviceId), 0);
  });

  t.test('events with wrong types, out-of-range RSSI, a bad MAC or a future timestamp are never stored', async (t) => {
    const device = await registerDevice(db);
    const bad = [
      bleEvent({ rssi: '-60' }),
      bleEvent({ major: 'one' }),
      bleEvent({ rssi: 20 }),
      bleEvent({ mac: 'zz:29:de:16:b4:f3' }),
      bleEvent({ ts: Date.now() + 3_600_000 }),
    ];
    t.same(await h.queue.submit(device, 'ble', payload(bad)), { stored: 0, rejected: 5, duplicate: false });
    t.equal(await settledCount('ble_events', device.deviceId), 0);
    const row = await rejectionsReach(device.deviceId, 5);
    t.equal(
      row.last_error,
      'invalid_rssi: event 0 rssi="-60" (5 refused in this batch: invalid_rssi ×1, invalid_major ×1, rssi_out_of_range ×1, invalid_mac ×1, timestamp_in_future ×1)',
      'the first refusal, and how many others and why',
    );
    t.match(h.queue.stats().rejectedByReason, { invalid_rssi: 1, invalid_major: 1, rssi_out_of_range: 1, invalid_mac: 1, timestamp_in_future: 1 });
  });

  t.test('a mixed batch stores the valid events and counts the invalid ones', async (t) => {
    const device = await registerDevice(db);
    const events = [bleEvent({ minor: 1 }), bleEvent({ rssi: 5 }), bleEvent({ minor: 2 }), 'garbage', wifiEvent()];
    t.same(await h.queue.submit(device, 'ble', payload(events)), { stored: 2, rejected: 3, duplicate: false });
    t.match(await settledRows('ble_events', device.deviceId), [{ minor: 1 }, { minor: 2 }]);
    // A second bad batch adds to the counter and replaces the last error.
    await h.queue.submit(device, 'ble', payload([bleEvent({ uuid: 'nope' })]));
    const row = await rejectionsReach(device.deviceId, 4);
    t.equal(row.last_error, 'invalid_uuid: event 0 uuid="nope"');
  });

  t.test('a batch without a complete device identity is refused and does not block the queue', async (t) => {
    const device = await registerDevice(db);
    const body = payload([bleEvent()]);
    for (const broken of [{ ...device, organizationId: null as unknown as number }, { ...device, deviceId: 0 }, { ...device, mac: 'AA:BB' }]) {
      await t.rejects(h.queue.submit(broken, 'ble', body), { code: 'invalid_device_identity', status: 500 });
    }
    t.same(await h.queue.submit(device, 'ble', body), { stored: 1, rejected: 0, duplicate: false });
  });

  t.test('stop() writes what is pending before it returns, then refuses new batches', async (t) => {
    const lazy = await h.open(t, { flushIntervalMs: 60_000 });
    const device = await registerDevice(db);
    const submitted = lazy.submit(device, 'ble', payload(bleEvents(7)));
    await lazy.stop();
    t.same(await submitted, { stored: 7, rejected: 0, duplicate: false });
    t.equal(await settledCount('ble_events', device.deviceId), 7);
    await t.rejects(lazy.submit(device, 'ble', payload(bleEvents(1))), { code: 'ingest_unavailable', status: 503 });
  });

  t.test('an empty batch is accepted and stores nothing', async (t) => {
    const device = await registerDevice(db);
    t.same(await h.queue.submit(device, 'wifi', payload([])), { stored: 0, rejected: 0, duplicate: false });
    t.same(await h.queue.submit(device, 'wifi', payload({ events: [] })), { stored: 0, rejected: 0, duplicate: false });
  });

  t.test('the same batch sent twice in a row is stored once', async (t) => {
    const queue = await h.open(t);
    const device = await registerDevice(db);
    const body = payload(bleEvents(40));
    t.same(await queue.submit(device, 'ble', body), { stored: 40, rejected: 0, duplicate: false });
    t.same(await queue.submit(device, 'ble', Buffer.from(body)), { stored: 0, rejected: 0, duplicate: true });
    t.equal(await settledCount('ble_events', device.deviceId), 40);
    t.equal(queue.stats().duplicateBatches, 1);
  });

  t.test('the same batch sent twice at once joins the first one and is stored once', async (t) => {
    const queue = await h.open(t);
    const device = await registerDevice(db);
    const body = payload(bleEvents(40));
    const results = await Promise.all([queue.submit(device, 'ble', body), queue.submit(device, 'ble', body), queue.submit(device, 'ble', body)]);
    t.same(results, [
      { stored: 40, rejected: 0, duplicate: false },
      { stored: 0, rejected: 0, duplicate: true },
      { stored: 0, rejected: 0, duplicate: true },
    ]);
    t.equal(await settledCount('ble_events', device.deviceId), 40);
  });

  t.test('identical bytes from two devices, or for two products, are two batches', async (t) => {
    const queue = await h.open(t);
    const [a, b] = [await registerDevice(db), await registerDevice(db)];
    const body = payload([wifiEvent()]);
    t.equal((await queue.submit(a, 'wifi', body)).stored, 1);
    t.equal((await queue.submit(b, 'wifi', body)).stored, 1);
    t.equal(await settledCount('wifi_events', a.deviceId), 1);
    t.equal(await settledCount('wifi_events', b.deviceId), 1);
  });

  t.test('a batch replayed after the queue restarts is still recognised', async (t) => {
    const device = await registerDevice(db);
    const body = payload({ events: bleEvents(40) });
    const first = await h.open(t);
    t.same(await first.submit(device, 'ble', body), { stored: 40, rejected: 0, duplicate: false });
    await first.stop();
    const second = await h.open(t);
    t.same(await second.submit(device, 'ble', body), { stored: 0, rejected: 0, duplicate: true });
    t.equal(await settledCount('ble_events', device.deviceId), 40);
  });

  t.test('a batch replayed after the dedup window is stored again', async (t) => {
    const queue = await h.open(t, { dedupWindowSeconds: 1 });
    const device = await registerDevice(db);
    const body = payload([wifiEvent()]);
    t.equal((await queue.submit(device, 'wifi', body)).stored, 1);
    t.equal((await queue.submit(device, 'wifi', body)).duplicate, true);
    await new Promise((r) => setTimeout(r, 2100)); // the window, plus the index's 1 s resolution
    t.equal((await queue.submit(device, 'wifi', body)).stored, 1);
    t.equal(await settledCount('wifi_events', device.deviceId), 2);
  });

  t.test('a malformed batch is refused again when replayed, never remembered as stored', async (t) => {
    const queue = await h.open(t);
    const device = await registerDevice(db);
    const body = payload('{"events": [');
    const results = await Promise.allSettled([queue.submit(device, 'ble', body), queue.submit(device, 'ble', body)]);
    t.same(results.map((r) => r.status), ['rejected', 'rejected']);
    await t.rejects(queue.submit(device, 'ble', body), { code: 'malformed_payload' });
    t.equal(queue.stats().duplicateBatches, 0);
  });
}

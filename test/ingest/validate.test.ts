import t from 'tap';
import { batchIdentity, DedupIndex } from '../../ingest/dedup.ts';
import { encodeRows, tableTarget } from '../../ingest/enrich.ts';
import { parseBatch } from '../../ingest/parse.ts';
import { ble } from '../../ingest/products/ble/index.ts';
import { wifi } from '../../ingest/products/wifi/index.ts';
import { escapeTsv } from '../../ingest/tsv.ts';
import { validateBatch, type TimeWindow } from '../../ingest/validate.ts';
import { bleEvent, payload, wifiEvent } from './fixtures.ts';

const now = Date.now();
const window: TimeWindow = { minTs: now - 7 * 86_400_000, maxTs: now + 300_000 };

t.test('a batch is a JSON array of events or an object with an "events" array', async (t) => {
  t.same(parseBatch(payload([{ a: 1 }])), [{ a: 1 }]);
  t.same(parseBatch(payload({ events: [{ a: 1 }], organization_id: 99 })), [{ a: 1 }]);
  t.same(parseBatch(payload([])), []);
});

t.test('malformed JSON and payloads that are not a batch are refused as a whole', async (t) => {
  for (const body of ['{"events": [', 'not json', '', '{"events": {"mac": "x"}}', '{"data": []}', '42', '"events"', 'null']) {
    t.throws(() => parseBatch(payload(body)), { code: 'malformed_payload', status: 400 }, body);
  }
});

t.test('valid events pass and are normalized in place', async (t) => {
  const event = bleEvent({ mac: 'F9-29-DE-16-B4-F3', uuid: 'B9407F30-F5F8-466E-AFF9-25556B57FE6D', tx_power: -59 });
  const result = validateBatch(ble, [event], window);
  t.equal(result.rejected, 0);
  t.equal(result.valid[0]!.mac, 'f9:29:de:16:b4:f3');
  t.equal(result.valid[0]!.uuid, 'b9407f30f5f8466eaff925556b57fe6d');
  t.equal(validateBatch(wifi, [wifiEvent(), wifiEvent({ ssid: undefined, channel: undefined, frame_type: undefined })], window).rejected, 0);
});

const bleCases: Array<[string, Record<string, unknown>, string]> = [
  ['bad MAC', { mac: 'f9:29:de:16:b4' }, 'invalid_mac'],
  ['MAC of the wrong type', { mac: 1234 }, 'invalid_mac'],
  ['missing MAC', { mac: undefined }, 'invalid_mac'],
  ['RSSI as a string', { rssi: '-64' }, 'invalid_rssi'],
  ['fractional RSSI', { rssi: -64.5 }, 'invalid_rssi'],
  ['positive RSSI', { rssi: 12 }, 'rssi_out_of_range'],
  ['RSSI below -127', { rssi: -128 }, 'rssi_out_of_range'],
  ['timestamp as a string', { ts: '1766923995934' }, 'invalid_timestamp'],
  ['timestamp in the future', { ts: now + 3_600_000 }, 'timestamp_in_future'],
  ['timestamp in seconds (decades old)', { ts: Math.floor(now / 1000) }, 'timestamp_too_old'],
  ['timestamp older than the window', { ts: now - 8 * 86_400_000 }, 'timestamp_too_old'],
  ['other beacon type', { type: 'eddystone' }, 'unsupported_type'],
  ['bad UUID', { uuid: 'xyz' }, 'invalid_uuid'],
  ['major out of range', { major: 70000 }, 'invalid_major'],
  ['minor negative', { minor: -1 }, 'invalid_minor'],
  ['tx_power as a string', { tx_power: '-59' }, 'invalid_tx_power'],
];
for (const [name, override, reason] of bleCases) {
  t.test(`a BLE event with a ${name} is refused as ${reason}`, async (t) => {
    const result = validateBatch(ble, [bleEvent(override)], window);
    t.equal(result.valid.length, 0);
    t.equal(result.rejected, 1);
    t.same([...result.reasons], [[reason, 1]]);
    t.match(result.firstError, new RegExp(`^${reason}: event 0 `));
  });
}

const wifiCases: Array<[string, Record<string, unknown>, string]> = [
  ['too long SSID', { ssid: 'x'.repeat(33) }, 'invalid_ssid'],
  ['SSID of the wrong type', { ssid: 5 }, 'invalid_ssid'],
  ['channel 0', { channel: 0 }, 'invalid_channel'],
  ['frame type with spaces', { frame_type: 'probe request' }, 'invalid_frame_type'],
];
for (const [name, override, reason] of wifiCases) {
  t.test(`a WiFi event with a ${name} is refused as ${reason}`, async (t) => {
    const result = validateBatch(wifi, [wifiEvent(override)], window);
    t.same([...result.reasons], [[reason, 1]]);
  });
}

t.test('non-object events are refused, the rest of the batch is kept', async (t) => {
  const result = validateBatch(ble, [null, 'x', [1], bleEvent(), bleEvent({ rssi: 3 })], window);
  t.equal(result.valid.length, 1);
  t.equal(result.rejected, 4);
  t.same(Object.fromEntries(result.reasons), { not_an_object: 3, rssi_out_of_range: 1 });
  t.equal(result.firstError, 'not_an_object: event 0 event=null (4 refused in this batch: not_an_object ×3, rssi_out_of_range ×1)', 'the last error says how many more and why');
});

t.test('rows carry the identity given, never the payload\'s, and free text is escaped', async (t) => {
  const device = { deviceId: 7, mac: '0a:00:00:00:00:07', organizationId: 3 };
  const [event] = validateBatch(wifi, [wifiEvent({ ssid: 'a\tb\nc\\', organization_id: 99, device_id: 1 })], window).valid;
  const line = encodeRows(wifi, device, { id: '42', receivedAt: now }, [event!]);
  const fields = line.replace(/\n$/, '').split('\t');
  const columns = tableTarget(wifi).columns;
  t.equal(fields.length, columns.length);
  const row = Object.fromEntries(columns.map((c, i) => [c, fields[i]]));
  t.match(row, { organization_id: '3', device_id: '7', device_mac: '0a:00:00:00:00:07', client_mac: '3c:22:fb:01:02:03', received_at: String(now), batch_id: '42' });
  t.equal(row.ssid, 'a\\tb\\nc\\\\');
  t.equal(escapeTsv('plain'), 'plain');
});

t.test('a batch id depends on device, product and exact bytes', async (t) => {
  const a = { deviceId: 1, mac: '0a:00:00:00:00:01', organizationId: 1 };
  const b = { ...a, deviceId: 2 };
  const body = payload([bleEvent({ ts: 1 })]);
  t.equal(batchIdentity(a, 'ble', body), batchIdentity(a, 'ble', Buffer.from(body)));
  t.not(batchIdentity(a, 'ble', body), batchIdentity(b, 'ble', body));
  t.not(batchIdentity(a, 'ble', body), batchIdentity(a, 'wifi', body));
  t.match(batchIdentity(a, 'ble', body), /^\d{1,20}$/);
  t.ok(BigInt(batchIdentity(a, 'ble', body)) < 2n ** 64n);
});

t.test('the replay index forgets ids older than its window', async (t) => {
  const index = new DedupIndex(60_000);
  const at = Date.now();
  index.seed([{ batchId: 'old', at }, { batchId: 'new', at: at + 30_000 }]);
  t.ok(index.has('old', at + 59_000));
  t.notOk(index.has('old', at + 61_001));
  t.ok(index.has('new', at + 61_001));
  t.equal(index.size, 1);
});

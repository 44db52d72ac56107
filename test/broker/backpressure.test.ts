import t from 'tap';
import { startTestPlatform } from '../helpers/platform.ts';
import { bleEvents, countRows, eventually, settledWithin } from '../ingest/fixtures.ts';
import { connectDevice, makeDevice } from './fixtures.ts';

// A tiny ingest buffer and a slow group commit: a second device's batch arrives while the first waits.
const FLUSH_MS = 600;
const p = await startTestPlatform(t, { INGEST_FLUSH_INTERVAL_MS: String(FLUSH_MS), INGEST_MAX_PENDING_EVENTS: '30' });
const ch = p.platform.clickhouse.ch;
const json = (v: unknown) => Buffer.from(JSON.stringify(v));

t.test('a batch the ingest queue refuses is not acknowledged; the device\'s resend after reconnecting is stored', async (t) => {
  const first = await makeDevice(p);
  const second = await makeDevice(p);
  const firstClient = await connectDevice(t, p, first);
  // mqtt.js keeps an unacknowledged QoS 1 message and resends it (DUP) after reconnecting.
  const secondClient = await connectDevice(t, p, second, { reconnectPeriod: 100 });
  secondClient.on('error', () => undefined);
  let closes = 0;
  secondClient.on('close', () => closes++);

  const filling = firstClient.publishAsync(`devices/${first.mac}/ble`, json(bleEvents(25)), { qos: 1 });
  await eventually(async () => p.platform.api.ingest.stats().pendingEvents > 0); // the first batch fills the queue
  const refused = secondClient.publishAsync(`devices/${second.mac}/ble`, json(bleEvents(10)), { qos: 1 });
  t.equal(await settledWithin(refused, FLUSH_MS / 3), 'pending', 'no PUBACK for the refused batch');
  t.ok(closes >= 1, 'the connection was closed instead');
  t.ok(p.platform.api.deviceLink.stats().kicks.ingest_refused! >= 1);
  t.equal(await countRows(ch, 'ble_events', second.row.id), 0);

  await filling;
  await refused;
  t.equal(await countRows(ch, 'ble_events', second.row.id), 10, 'stored once the queue had room');
  t.equal(await countRows(ch, 'ble_events', first.row.id), 25);
});

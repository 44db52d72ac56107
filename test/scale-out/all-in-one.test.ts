import t from 'tap';
import { createRedis } from '../../core/redis.ts';
import { streamBacklog, streamKey } from '../../ingest/streams.ts';
import { connectDevice, makeDevice } from '../broker/fixtures.ts';
import { startTestPlatform } from '../helpers/platform.ts';
import { startTestRedis } from '../helpers/redis-server.ts';
import { countRows, eventually } from '../ingest/fixtures.ts';

// `npm start` with REDIS_URL: every role in one process, but through the scale-out path (a box that
// runs everything, beside other boxes that run only brokers).
const server = await startTestRedis(t);
const p = await startTestPlatform(t, { REDIS_URL: server.url, INGEST_FLUSH_INTERVAL_MS: '20' });
const redis = createRedis(server.url, 'test', p.platform.log);
t.teardown(() => redis.quit());

t.test('a QoS 1 batch is acknowledged once in the stream and written to ClickHouse by this process\'s worker', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  const events = Array.from({ length: 5 }, (_, i) => ({ mac: 'f9:29:de:16:b4:f3', rssi: -60, ts: Date.now() - 1000 - i, type: 'ibeacon', uuid: 'b9407f30f5f8466eaff925556b57fe6d', major: 1, minor: i }));
  await client.publishAsync(`devices/${device.mac}/ble`, JSON.stringify(events), { qos: 1 });
  t.ok((await redis.exists(streamKey('ble'))) === 1, 'the batch went through the stream');
  await eventually(async () => ((await countRows(p.platform.clickhouse.ch, 'ble_events', device.row.id)) === 5 ? true : undefined));
  await eventually(async () => ((await streamBacklog(redis, streamKey('ble'))).pending === 0 ? true : undefined));
  t.pass('stored and acknowledged');
});


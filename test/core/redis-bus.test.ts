import t, { type Test } from 'tap';
import { Bus, type PlatformEvents } from '../../core/bus.ts';
import { createLogger } from '../../core/logger.ts';
import { createRedis } from '../../core/redis.ts';
import { relayBusOverRedis } from '../../core/redis-bus.ts';
import { startTestRedis } from '../helpers/redis-server.ts';
import { eventually } from '../ingest/fixtures.ts';

const server = await startTestRedis(t);
const log = createLogger('silent');

/** A process's bus, relayed through the test's Redis. */
async function processBus(t: Test): Promise<{ bus: Bus; heard: Array<PlatformEvents['device.changed']> }> {
  const redis = createRedis(server.url, 'test', log);
  const bus = new Bus();
  const stop = await relayBusOverRedis(bus, redis, log);
  t.teardown(async () => {
    await stop();
    await redis.quit();
  });
  const heard: Array<PlatformEvents['device.changed']> = [];
  bus.on('device.changed', (e) => heard.push(e));
  return { bus, heard };
}

t.test('an event emitted in one process reaches the listeners of every other, once', async (t) => {
  const [api, broker1, broker2] = [await processBus(t), await processBus(t), await processBus(t)];
  api.bus.emit('device.changed', { deviceId: 7, mac: 'aa:bb:cc:dd:ee:ff', change: 'blocked' });
  t.same(api.heard.map((e) => e.change), ['blocked'], 'the emitting process hears it at once');
  await eventually(async () => (broker1.heard.length === 1 && broker2.heard.length === 1 ? true : undefined));
  t.same(broker2.heard, [{ deviceId: 7, mac: 'aa:bb:cc:dd:ee:ff', change: 'blocked' }]);
  // A second event proves the first was not delivered twice to its emitter on the way back.
  broker1.bus.emit('device.changed', { deviceId: 8, mac: 'aa:bb:cc:dd:ee:00', change: 'config' });
  await eventually(async () => (api.heard.length === 2 ? true : undefined));
  t.same(api.heard.map((e) => e.deviceId), [7, 8]);
  t.same(broker1.heard.map((e) => e.deviceId), [7, 8]);
});

t.test('a message on the bus channel that is not JSON is ignored, not fatal', async (t) => {
  const one = await processBus(t);
  const redis = createRedis(server.url, 'test', log);
  t.teardown(() => redis.quit());
  await redis.publish('mybeacon:bus', '{not json');
  await redis.publish('mybeacon:bus', JSON.stringify({ origin: 'elsewhere', event: 'device.changed', payload: { deviceId: 1, mac: 'aa:bb:cc:dd:ee:01', change: 'deleted' } }));
  await eventually(async () => (one.heard.length === 1 ? true : undefined));
  t.equal(one.heard[0]!.change, 'deleted');
});

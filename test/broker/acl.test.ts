import t from 'tap';
import { startTestPlatform } from '../helpers/platform.ts';
import { bleEvent, countRows, eventually } from '../ingest/fixtures.ts';
import { closed, connectDevice, makeDevice } from './fixtures.ts';

const p = await startTestPlatform(t);
const denials = (mac: string) => p.platform.api.deviceLink.stats().aclDenials.byDevice[mac] ?? 0;
const batch = Buffer.from(JSON.stringify([bleEvent()]));

t.test('a device subscribes to its own config and cmd topics', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  const granted = await client.subscribeAsync([`devices/${device.mac}/config`, `devices/${device.mac}/cmd`], { qos: 1 });
  t.same(granted.map((g) => g.qos), [1, 1]);
  t.equal(denials(device.mac), 0);
});

t.test('wildcards, other MACs, uplink topics and $SYS are refused in SUBACK, the connection stays', async (t) => {
  const device = await makeDevice(p);
  const other = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  const refused = ['#', 'devices/+/cmd', `devices/${device.mac}/#`, `devices/${other.mac}/cmd`, `devices/${device.mac}/ble`, '$SYS/#', '$SYS/+/new/clients'];
  // mqtt.js turns a SUBACK with failure codes into an error carrying the packet.
  const err = await client.subscribeAsync(refused, { qos: 1 }).then(
    () => undefined,
    (e: { packet?: { granted: number[] } }) => e,
  );
  t.same(err?.packet?.granted, refused.map(() => 128));
  t.equal(denials(device.mac), refused.length, 'each refusal counted for the device');
  t.ok(client.connected);
  const ok = await client.subscribeAsync(`devices/${device.mac}/cmd`, { qos: 1 });
  t.equal(ok[0]!.qos, 1, 'still usable afterwards');
});

t.test('publishing to another device\'s topic closes the connection and stores nothing', async (t) => {
  const device = await makeDevice(p);
  const victim = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  const gone = closed(client);
  client.publish(`devices/${victim.mac}/ble`, batch, { qos: 1 });
  await gone;
  t.equal(denials(device.mac), 1);
  t.equal(p.platform.api.deviceLink.stats().kicks.acl_publish, 1);
  // Refused in the publish hook, before the ingest queue: nothing of it can still be on its way.
  t.equal(p.platform.api.ingest.stats().pendingEvents, 0);
  t.equal(await countRows(p.platform.clickhouse.ch, 'ble_events', victim.row.id), 0);
});

t.test('a device cannot publish to its own downlink topics (it cannot rewrite its config)', async (t) => {
  const device = await makeDevice(p);
  for (const topic of [`devices/${device.mac}/config`, `devices/${device.mac}/cmd`]) {
    const client = await connectDevice(t, p, device);
    const gone = closed(client);
    client.publish(topic, '{"version":99,"config":{}}', { qos: 1, retain: true });
    await gone;
  }
  t.equal(denials(device.mac), 2);
});

t.test('publishing to $SYS or an unknown suffix is refused', async (t) => {
  const device = await makeDevice(p);
  for (const topic of ['$SYS/broker/heartbeat', `devices/${device.mac}/ble/extra`, `devices/${device.mac}`, 'anything']) {
    const client = await connectDevice(t, p, device);
    const gone = closed(client);
    client.publish(topic, 'x', { qos: 0 });
    await gone;
  }
  t.equal(denials(device.mac), 4);
});

t.test('a device\'s own uplink batch is stored and acknowledged', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  await client.publishAsync(`devices/${device.mac}/ble`, batch, { qos: 1 });
  t.equal(await countRows(p.platform.clickhouse.ch, 'ble_events', device.row.id), 1);
  t.equal(denials(device.mac), 0);
  await eventually(async () => p.platform.api.deviceLink.stats().messages.ble! >= 1);
});

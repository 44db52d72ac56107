import type { MqttClient } from 'mqtt';
import t, { type Test } from 'tap';
import { defaultDeviceConfig, mergedDeviceConfig } from '../../core/device-config.ts';
import { startTestPlatform } from '../helpers/platform.ts';
import { eventually } from '../ingest/fixtures.ts';
import { connectDevice, deviceRow, makeDevice, nextMessage, type TestDevice } from './fixtures.ts';

const p = await startTestPlatform(t, { DEVICE_PRESENCE_FLUSH_MS: '50' });
type ConfigMessage = { version: number; config: Record<string, unknown> };

/** Connects the device and subscribes to its config topic, as firmware does after every CONNACK. */
async function subscribeConfig(t: Test, device: TestDevice): Promise<{ client: MqttClient; first: ConfigMessage; retain: boolean }> {
  const client = await connectDevice(t, p, device);
  const message = nextMessage<ConfigMessage>(client, `devices/${device.mac}/config`);
  await client.subscribeAsync(`devices/${device.mac}/config`, { qos: 1 });
  const { payload, retain } = await message;
  return { client, first: payload, retain };
}

t.test('a connecting device finds its merged config, retained, on devices/<mac>/config', async (t) => {
  const { first, retain } = await subscribeConfig(t, await makeDevice(p));
  t.ok(retain, 'delivered as a retained message');
  t.same(first, { version: 1, config: defaultDeviceConfig() });
});

t.test('a config change in the API is pushed live; the ack is stored as the reported version', async (t) => {
  const device = await makeDevice(p);
  const { client } = await subscribeConfig(t, device);
  const overrides = { ble: { batch_interval_ms: 1000 }, wifi: { monitor_enabled: true } };
  const pushed = nextMessage<ConfigMessage>(client, `devices/${device.mac}/config`);
  const admin = await p.adminToken();
  const res = await p.api('PUT', `/superadmin/devices/${device.row.id}/config`, { token: admin, body: { overrides } });
  t.equal(res.status, 200);
  const { payload } = await pushed;
  t.equal(payload.version, res.body.config.desired_version);
  t.same(payload.config, mergedDeviceConfig(overrides));

  await client.publishAsync(`devices/${device.mac}/config/ack`, JSON.stringify({ version: payload.version }), { qos: 1 });
  await eventually(async () => (await deviceRow(p, device.row.id)).reported_config_version === payload.version);
  const detail = await p.api('GET', `/superadmin/devices/${device.row.id}`, { token: admin });
  t.equal(detail.body.config.reported_version, payload.version);
});

t.test('a device that was offline during the change gets the new version when it connects', async (t) => {
  const device = await makeDevice(p);
  const admin = await p.adminToken();
  const overrides = { ble: { enabled: false } };
  const res = await p.api('PUT', `/superadmin/devices/${device.row.id}/config`, { token: admin, body: { overrides } });
  t.equal(res.status, 200);
  const { first } = await subscribeConfig(t, device);
  t.equal(first.version, res.body.config.desired_version);
  t.same(first.config, mergedDeviceConfig(overrides));
});

t.test('a malformed config ack is dropped and counted; the reported version stays', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  await client.publishAsync(`devices/${device.mac}/config/ack`, '{"version":1}', { qos: 1 });
  await eventually(async () => (await deviceRow(p, device.row.id)).reported_config_version === 1);
  const before = p.platform.api.deviceLink.stats().malformed['config/ack'] ?? 0;
  for (const bad of ['{"version":"7"}', '{"version":-1}', 'seven']) await client.publishAsync(`devices/${device.mac}/config/ack`, bad, { qos: 1 });
  t.equal(p.platform.api.deviceLink.stats().malformed['config/ack'], before + 3);
  // Each PUBACK came after its ack was handled: a flush now holds whatever they changed.
  await p.platform.api.deviceLink.flushPresence();
  t.equal((await deviceRow(p, device.row.id)).reported_config_version, 1);
  t.ok(client.connected);
});

t.test('a deleted device\'s retained config goes with it', async (t) => {
  const receive = async (device: TestDevice) => {
    const { client, first } = await subscribeConfig(t, device);
    await client.endAsync();
    return first;
  };
  const old = await makeDevice(p, { overrides: { ble: { enabled: false } } });
  t.same((await receive(old)).config, mergedDeviceConfig({ ble: { enabled: false } }));
  const admin = await p.adminToken();
  t.equal((await p.api('DELETE', `/superadmin/devices/${old.row.id}`, { token: admin })).status, 204);
  // The MAC comes back as a new device at version 1 too: it must get its own config, not the old document.
  const reborn = await makeDevice(p, { mac: old.mac });
  t.same(await receive(reborn), { version: 1, config: defaultDeviceConfig() });
});

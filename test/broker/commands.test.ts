import type { MqttClient } from 'mqtt';
import t, { type Test } from 'tap';
import { startTestPlatform } from '../helpers/platform.ts';
import { closed, connectDevice, makeDevice, type TestDevice } from './fixtures.ts';

const p = await startTestPlatform(t);

/** A device that answers every command on its ack topic with `answer(command)`. */
async function responder(t: Test, device: TestDevice, answer: (cmd: { id: string; name: string; args: unknown }) => unknown): Promise<MqttClient> {
  const client = await connectDevice(t, p, device);
  await client.subscribeAsync(`devices/${device.mac}/cmd`, { qos: 1 });
  client.on('message', (topic, payload) => {
    if (topic !== `devices/${device.mac}/cmd`) return;
    const reply = answer(JSON.parse(payload.toString()));
    if (reply !== undefined) client.publish(`devices/${device.mac}/cmd/ack`, JSON.stringify(reply), { qos: 1 });
  });
  return client;
}

const command = async (id: number, body: unknown) =>
  p.api('POST', `/superadmin/devices/${id}/commands`, { token: await p.adminToken(), body });

t.test('a command round trip: published with an id, answered with the device\'s ack', async (t) => {
  const device = await makeDevice(p);
  const seen: unknown[] = [];
  await responder(t, device, (cmd) => {
    seen.push(cmd);
    return { id: cmd.id, ok: true, result: { echoed: cmd.args } };
  });
  const res = await command(device.row.id, { name: 'echo', args: { n: 7 } });
  t.equal(res.status, 200);
  t.match(res.body, { ok: true, result: { echoed: { n: 7 } } });
  t.match(seen, [{ id: res.body.id, name: 'echo', args: { n: 7 } }]);
  t.ok(p.platform.api.deviceLink.stats().commands.acked >= 1);
});

t.test('a failing command comes back with ok=false and the device\'s error', async (t) => {
  const device = await makeDevice(p);
  await responder(t, device, (cmd) => ({ id: cmd.id, ok: false, error: 'unknown command' }));
  const res = await command(device.row.id, { name: 'self-destruct' });
  t.equal(res.status, 200);
  t.match(res.body, { ok: false, error: 'unknown command' });
});

t.test('no ack within timeout_ms answers 504 command_timeout', async (t) => {
  const device = await makeDevice(p);
  await responder(t, device, () => undefined);
  const started = Date.now();
  const res = await command(device.row.id, { name: 'reboot', timeout_ms: 300 });
  t.equal(res.status, 504);
  t.equal(res.body.error.code, 'command_timeout');
  t.ok(Date.now() - started >= 300);
});

t.test('an offline device answers 409 device_offline; an unknown one 404', async (t) => {
  const device = await makeDevice(p);
  const offline = await command(device.row.id, { name: 'reboot' });
  t.equal(offline.status, 409);
  t.equal(offline.body.error.code, 'device_offline');
  const missing = await command(999_999, { name: 'reboot' });
  t.equal(missing.status, 404);
  t.equal(missing.body.error.code, 'device_not_found');
});

t.test('a device disconnecting while a command waits answers 409 at once', async (t) => {
  const device = await makeDevice(p);
  const client = await responder(t, device, () => {
    client.stream.destroy();
    return undefined;
  });
  const started = Date.now();
  const res = await command(device.row.id, { name: 'reboot', timeout_ms: 10_000 });
  t.equal(res.status, 409);
  t.equal(res.body.error.code, 'device_offline');
  t.ok(Date.now() - started < 5000);
});

t.test('another device cannot answer someone else\'s command', async (t) => {
  const device = await makeDevice(p);
  const other = await makeDevice(p);
  const otherClient = await connectDevice(t, p, other);
  await responder(t, device, (cmd) => {
    // The other device learns the id somehow and acks it on its own topic: that must not count.
    otherClient.publish(`devices/${other.mac}/cmd/ack`, JSON.stringify({ id: cmd.id, ok: true, result: 'forged' }), { qos: 1 });
    return undefined;
  });
  const res = await command(device.row.id, { name: 'reboot', timeout_ms: 500 });
  t.equal(res.status, 504);
  t.ok(otherClient.connected);
  t.ok(p.platform.api.deviceLink.stats().malformed['cmd/ack']! >= 1, 'the stray ack is counted');
});

t.test('command input is validated', async (t) => {
  const device = await makeDevice(p);
  for (const body of [{}, { name: '' }, { name: 'x', timeout_ms: 10 }, { name: 'x', args: [1] }]) {
    const res = await command(device.row.id, body);
    t.equal(res.status, 400, JSON.stringify(body));
    t.equal(res.body.error.code, 'validation_failed');
  }
  const anonymous = await p.api('POST', `/superadmin/devices/${device.row.id}/commands`, { body: { name: 'x' } });
  t.equal(anonymous.status, 401);
});

t.test('a kicked session does not leave commands hanging', async (t) => {
  const device = await makeDevice(p);
  let delivered!: () => void;
  const arrived = new Promise<void>((resolve) => (delivered = resolve));
  const client = await responder(t, device, () => void delivered());
  const gone = closed(client);
  const pending = command(device.row.id, { name: 'reboot', timeout_ms: 10_000 });
  await arrived; // the command is out and waiting for an ack the device will never send
  p.platform.bus.emit('device.changed', { deviceId: device.row.id, mac: device.mac, change: 'blocked' });
  await gone;
  t.equal((await pending).status, 409);
});

import net from 'node:net';
import mqtt from 'mqtt';
import t from 'tap';
import { FrameScanner, OversizedPacketError } from '../../broker/packet-size-limit.ts';
import { startTestPlatform } from '../helpers/platform.ts';
import { closed, connectDevice, deviceOptions, makeDevice } from './fixtures.ts';

const MAX = 4096;
const RATE = 5;
const p = await startTestPlatform(t, { MQTT_MAX_PACKET_BYTES: String(MAX), MQTT_MAX_MESSAGES_PER_SECOND: String(RATE) });
const stats = () => p.platform.api.deviceLink.stats();

/** A PUBLISH fixed header announcing `remaining` bytes (Remaining Length as a varint). */
function publishHeader(remaining: number): Buffer {
  const bytes = [0x30];
  do {
    let byte = remaining % 128;
    remaining = Math.floor(remaining / 128);
    if (remaining > 0) byte |= 0x80;
    bytes.push(byte);
  } while (remaining > 0);
  return Buffer.from(bytes);
}

t.test('the frame scanner follows packet boundaries across chunks, byte by byte', async (t) => {
  const scanner = new FrameScanner(200);
  const stream = Buffer.concat([publishHeader(150), Buffer.alloc(150), Buffer.from([0xc0, 0x00]), publishHeader(197), Buffer.alloc(197)]);
  const errors = [...stream].map((byte) => scanner.feed(Buffer.from([byte]))).filter(Boolean);
  t.same(errors, [], 'three packets within the limit pass');
  const err = scanner.feed(publishHeader(198));
  t.type(err, OversizedPacketError, '1 + 2 + 198 = 201 bytes is over 200');
  t.equal((err as OversizedPacketError).size, 201);
});

t.test('a malformed Remaining Length (more than 4 bytes) is an error', async (t) => {
  const scanner = new FrameScanner(1 << 30);
  t.match(scanner.feed(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01])), { message: /Remaining Length/ });
});

t.test('an oversized PUBLISH closes the connection and is counted; the device can come back', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  const gone = closed(client);
  client.publish(`devices/${device.mac}/status`, Buffer.alloc(MAX + 1, 0x20), { qos: 0 });
  await gone;
  t.equal(stats().oversizedPackets, 1);
  const again = await connectDevice(t, p, device);
  await again.publishAsync(`devices/${device.mac}/status`, '{"uptime":1}', { qos: 1 });
  t.ok(again.connected, 'packets under the limit pass');
});

t.test('the limit holds over WebSocket too', async (t) => {
  const device = await makeDevice(p);
  const client = await mqtt.connectAsync(p.platform.endpoints['MQTT over WebSocket']!, deviceOptions(device));
  t.teardown(() => client.endAsync(true));
  const before = stats().oversizedPackets;
  const gone = closed(client);
  client.publish(`devices/${device.mac}/status`, Buffer.alloc(MAX + 1, 0x20), { qos: 0 });
  await gone;
  t.equal(stats().oversizedPackets, before + 1);
});

t.test('the connection is closed as soon as the header announces too much, before the body arrives', async (t) => {
  const socket = net.connect(Number(new URL(p.platform.endpoints.MQTT!).port), '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  const before = stats().oversizedPackets;
  // A CONNECT claiming 200 MB: the broker must not wait to buffer it.
  socket.write(Buffer.from([0x10, 0x80, 0x80, 0x80, 0x60]));
  await new Promise((r) => socket.once('close', r));
  t.equal(stats().oversizedPackets, before + 1);
});

t.test('a device over its message rate is disconnected and counted', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  const gone = closed(client);
  for (let i = 0; i < RATE * 4; i++) client.publish(`devices/${device.mac}/status`, `{"n":${i}}`, { qos: 0 });
  await gone;
  t.ok(stats().rateLimited >= 1);
  t.ok(stats().kicks.rate_limited! >= 1);
});

t.test('a device within its rate is never disconnected', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  for (let i = 0; i < RATE + 2; i++) {
    await client.publishAsync(`devices/${device.mac}/status`, `{"n":${i}}`, { qos: 1 });
    await new Promise((r) => setTimeout(r, 1000 / RATE + 20));
  }
  t.ok(client.connected);
});

/** Writes raw bytes to a fresh connection and resolves with what came back before it closed. */
async function rawExchange(bytes: Buffer): Promise<Buffer> {
  const socket = net.connect(Number(new URL(p.platform.endpoints.MQTT!).port), '127.0.0.1');
  const received: Buffer[] = [];
  socket.on('data', (d) => received.push(d));
  socket.on('error', () => undefined);
  socket.write(bytes);
  await new Promise((r) => socket.once('close', r));
  return Buffer.concat(received);
}

t.test('garbage, a PUBLISH before CONNECT and an MQTT 5 CONNECT are refused without harm', async (t) => {
  t.same(await rawExchange(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')), Buffer.alloc(0), 'not MQTT: closed');
  t.same(await rawExchange(Buffer.from([0x30, 0x05, 0x00, 0x01, 0x61, 0x7b, 0x7d])), Buffer.alloc(0), 'PUBLISH first: closed');
  // CONNECT, protocol "MQTT" level 5, clean session, keep-alive 60, no properties, client id "x".
  const v5 = Buffer.from([0x10, 0x0e, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x05, 0x02, 0x00, 0x3c, 0x00, 0x00, 0x01, 0x78]);
  t.same(await rawExchange(v5), Buffer.from([0x20, 0x02, 0x00, 0x01]), 'CONNACK 1: unacceptable protocol version');
});

t.test('after all this the broker still serves everyone', async (t) => {
  const device = await makeDevice(p);
  const client = await connectDevice(t, p, device);
  await client.subscribeAsync(`devices/${device.mac}/cmd`, { qos: 1 });
  t.ok(client.connected);
});

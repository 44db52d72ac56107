import net from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import mqttPacket from 'mqtt-packet';
import t, { type Test } from 'tap';
import { startTestPlatform } from '../helpers/platform.ts';
import { bleEvents, eventually } from '../ingest/fixtures.ts';
import { connectDevice, makeDevice, type TestDevice } from './fixtures.ts';

// Random and mutated MQTT packets over many short connections, bounded in time: the broker must keep
// serving real devices throughout, and its heap must come back to where it was once the fuzzing stops.
const FUZZ_MS = 45_000;
const CONNECTION_IDLE_MS = 300;
const LIVE_CHECK_EVERY = 250;
// What the heap may keep after the run: caches that fill once (credentials, Aedes' per-client pools,
// JIT code) — not a leak, which grows with the number of connections (tens of thousands here).
const HEAP_TOLERANCE_BYTES = 24 * 1024 * 1024;

// --expose-gc cannot be given to this one test file; V8 can turn it on at run time instead.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const p = await startTestPlatform(t, { DEVICE_PRESENCE_FLUSH_MS: '200', MQTT_MAX_PACKET_BYTES: '65536' });
const { port, hostname } = new URL(p.platform.endpoints.MQTT!);
// Devices the fuzzer may log in as (so packets after an accepted CONNECT are fuzzed too), and one that
// only the live check uses.
const fuzzDevices = await Promise.all([1, 2, 3].map(() => makeDevice(p)));
const witness = await makeDevice(p);

const topicFor = (devices: TestDevice[]) =>
  fc.oneof(
    fc.constantFrom(...devices.flatMap((d) => ['ble', 'wifi', 'status', 'config/ack', 'cmd/ack', 'config', 'cmd'].map((k) => `devices/${d.mac}/${k}`))),
    fc.constantFrom('#', '+/+', '$SYS/broker', `devices/${witness.mac}/ble`, 'devices/+/config', ''),
    fc.string({ maxLength: 64 }),
  );
const payload = fc.oneof(
  fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)),
  fc.json({ maxDepth: 4 }).map((s) => Buffer.from(s)),
  fc.integer({ min: 1, max: 3000 }).map((d) => Buffer.from(`${'['.repeat(d)}${']'.repeat(d)}`)),
  fc.constant(Buffer.from(JSON.stringify(bleEvents(3)))),
);
const device = fc.constantFrom(...fuzzDevices);
const messageId = fc.integer({ min: 0, max: 65535 });

/** Packet objects mqtt-packet can encode: well-formed on the wire, hostile in content. */
const packetObject = fc.oneof(
  fc.record({
    cmd: fc.constant('connect'),
    protocolId: fc.constantFrom('MQTT', 'MQIsdp', 'XXXX'),
    protocolVersion: fc.constantFrom(3, 4, 5),
    clean: fc.boolean(),
    keepalive: fc.integer({ min: 0, max: 65535 }),
    login: fc.oneof(device.map((d) => ({ clientId: d.mac, username: d.mac, password: Buffer.from(d.token) })), fc.record({ clientId: fc.string({ maxLength: 40 }), username: fc.string({ maxLength: 40 }), password: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)) })),
  }).map(({ login, ...rest }) => ({ ...rest, ...login })),
  fc.record({ cmd: fc.constant('publish'), topic: topicFor(fuzzDevices), payload, qos: fc.constantFrom(0, 1, 2), messageId, retain: fc.boolean(), dup: fc.boolean() }),
  fc.record({ cmd: fc.constant('subscribe'), messageId, subscriptions: fc.array(fc.record({ topic: topicFor(fuzzDevices), qos: fc.constantFrom(0, 1, 2) }), { minLength: 1, maxLength: 4 }) }),
  fc.record({ cmd: fc.constant('unsubscribe'), messageId, unsubscriptions: fc.array(topicFor(fuzzDevices), { minLength: 1, maxLength: 3 }) }),
  fc.record({ cmd: fc.constantFrom('puback', 'pubrec', 'pubrel', 'pubcomp'), messageId }),
  fc.record({ cmd: fc.constantFrom('pingreq', 'disconnect', 'pingresp', 'connack', 'suback') }),
);

/** Bytes of one packet: encoded, then perhaps mutated (bit flips, truncation, garbage), or plain noise. */
const packetBytes = fc.oneof(
  { weight: 3, arbitrary: packetObject.map(encode) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(packetObject.map(encode), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 4 }), fc.option(fc.nat(), { nil: undefined }))
      .map(([bytes, flips, cut]) => {
        const out = Buffer.from(bytes);
        for (const [at, mask] of flips) if (out.length > 0) out[at % out.length]! ^= mask;
        return cut === undefined || out.length === 0 ? out : out.subarray(0, cut % out.length);
      }),
  },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 300 }).map((b) => Buffer.from(b)) },
);

/**
 * A connection's worth: most open with a valid login, so what follows reaches the authenticated hooks
 * (the rest is sent once the CONNACK is back; sent at once, it would race the asynchronous login).
 */
const session = fc.record({
  login: fc.option(device.map(loginPacket), { freq: 2, nil: undefined }),
  packets: fc.array(packetBytes, { minLength: 1, maxLength: 8 }),
});

function loginPacket(d: TestDevice): Buffer {
  return encode({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 30, clientId: d.mac, username: d.mac, password: Buffer.from(d.token) });
}

function encode(packet: object): Buffer {
  try {
    return mqttPacket.generate(packet as mqttPacket.Packet);
  } catch {
    return Buffer.from(JSON.stringify(packet)); // mqtt-packet refused the object: send its text instead
  }
}

/** Sends the packets on a fresh connection and waits until the broker closes it, or closes it when idle. */
async function play({ login, packets }: { login?: Buffer; packets: Buffer[] }): Promise<void> {
  const socket = net.connect(Number(port), hostname);
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => {
    let idle: NodeJS.Timeout | undefined;
    const send = () => {
      for (const bytes of packets) socket.write(bytes);
      socket.end();
      idle = setTimeout(() => socket.destroy(), CONNECTION_IDLE_MS);
    };
    socket.once('close', () => {
      clearTimeout(idle);
      resolve();
    });
    socket.once('connect', () => {
      if (!login) return send();
      socket.write(login);
      socket.once('data', send);
    });
    socket.on('data', () => undefined);
  });
}

/** A real device connects and gets a batch acknowledged as stored. */
async function brokerServes(t: Test): Promise<void> {
  const client = await connectDevice(t, p, witness);
  await client.publishAsync(`devices/${witness.mac}/ble`, JSON.stringify(bleEvents(2, { major: Math.floor(Math.random() * 65535) })), { qos: 1 });
  await client.endAsync();
}

const heapAfterGc = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const idle = () => eventually(async () => p.platform.api.deviceLink.stats().connections.current === 0, 10_000);

t.test('random and mutated MQTT packets over many connections never stop the broker serving, nor grow its heap', async (t) => {
  // Warm-up: caches and JIT settle before the baseline is taken.
  await fc.assert(fc.asyncProperty(session, async (packets) => (await play(packets), true)), { numRuns: 300, seed: 42 });
  await brokerServes(t);
  await idle();
  const baseline = heapAfterGc();

  let connections = 0;
  let bytes = 0;
  const started = Date.now();
  await fc.assert(
    fc.asyncProperty(session, async (packets) => {
      await play(packets);
      connections++;
      bytes += packets.packets.reduce((n, b) => n + b.length, 0);
      if (connections % LIVE_CHECK_EVERY === 0) await brokerServes(t);
      return true;
    }),
    { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: FUZZ_MS, markInterruptAsFailure: false },
  );
  await brokerServes(t);
  await idle();
  const after = heapAfterGc();
  const stats = p.platform.api.deviceLink.stats();
  t.comment(
    `${connections} connections, ${(bytes / 1e6).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(0)} s; ` +
      `heap ${(baseline / 1e6).toFixed(1)} -> ${(after / 1e6).toFixed(1)} MB; auth failures ${JSON.stringify(stats.authFailures)}, kicks ${JSON.stringify(stats.kicks)}`,
  );
  t.ok(connections > 500, 'many connections were fuzzed'); // ~2,600–8,400 here, depending on the load
  t.ok(after - baseline < HEAP_TOLERANCE_BYTES, `heap back near its baseline (+${((after - baseline) / 1e6).toFixed(1)} MB)`);
});

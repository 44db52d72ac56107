import net from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { deviceTopic } from '../core/topics.ts';
import { percentile } from '../device-sim/stats.ts';

/**
 * The benchmark's simulated fleet, run as a child process so it does not share the platform's event
 * loop: connects devices over real MQTT, publishes QoS 1 batches closed-loop (a window of unacked
 * batches per device, capped per-device rate) and measures PUBACK latency; or runs a reconnect storm.
 * Driven by the parent over IPC (bench/ingest.ts).
 */
export interface BenchDevice {
  mac: string;
  token: string;
}

export type GeneratorRequest =
  | { cmd: 'publish'; url: string; devices: BenchDevice[]; batchEvents: number; warmupS: number; measureS: number; maxInFlight: number; ratePerDevice: number }
  | { cmd: 'storm'; url: string; devices: BenchDevice[]; concurrency: number }
  | { cmd: 'soak'; url: string; devices: BenchDevice[]; batchEvents: number; intervalMs: number; seconds: number; concurrency: number }
  | { cmd: 'disconnect' }
  | { cmd: 'exit' };

export interface PublishReport {
  batches: number;
  events: number;
  seconds: number;
  p50: number;
  p99: number;
  reconnects: number;
}

export interface StormReport {
  connected: number;
  failed: number;
  /** Failed connects by error message. */
  reasons: Record<string, number>;
  seconds: number;
}

export interface SoakReport {
  connected: number;
  failedConnects: number;
  /** Connections the broker closed during the soak. */
  dropped: number;
  batches: number;
  seconds: number;
  p50: number;
  p99: number;
}

const open: MqttClient[] = [];
const openSockets: net.Socket[] = [];

const connect = (url: string, d: BenchDevice) =>
  mqtt.connectAsync(url, {
    clientId: d.mac,
    username: d.mac,
    password: d.token,
    protocolVersion: 4,
    clean: true,
    keepalive: 300,
    connectTimeout: 30_000,
    reconnectPeriod: 500,
  });

/** Connects the devices, at most `concurrency` handshakes at a time; each connected client with its device. */
async function connectAll(
  url: string,
  devices: BenchDevice[],
  concurrency: number,
): Promise<{ connected: Array<{ device: BenchDevice; client: MqttClient }>; failed: number; reasons: Record<string, number> }> {
  const connected: Array<{ device: BenchDevice; client: MqttClient }> = [];
  const reasons: Record<string, number> = {};
  let failed = 0;
  let next = 0;
  const lane = async () => {
    while (next < devices.length) {
      const device = devices[next++]!;
      try {
        const client = await connect(url, device);
        connected.push({ device, client });
        open.push(client);
      } catch (err) {
        failed++;
        const reason = (err as Error).message;
        reasons[reason] = (reasons[reason] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, devices.length) }, lane));
  return { connected, failed, reasons };
}

/**
 * Batches of `n` iBeacon sightings seen just before `now`, from text prepared once per tick: only
 * `major` differs between them, set from `seq` so that every batch's bytes are unique (identical bytes
 * are a replay). Formatting every event of every batch cost the generator ~50 µs a batch, a fifth of
 * a core at the target load, taken from the platform it measures.
 */
class BatchText {
  private readonly heads: string[] = [];
  private readonly tails: string[] = [];

  constructor(n: number, now: number) {
    for (let i = 0; i < n; i++) {
      const mac = `f9:29:de:16:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
      this.heads.push(`${i ? ',' : '['}{"mac":"${mac}","rssi":${-50 - (i % 40)},"ts":${now - 1000 + i},"type":"ibeacon","uuid":"b9407f30f5f8466eaff925556b57fe6d","major":`);
      this.tails.push(`,"minor":${i},"tx_power":-59}`);
    }
  }

  batch(seq: number): string {
    const major = (seq % 65_535) + 1;
    let out = '';
    for (let i = 0; i < this.heads.length; i++) out += this.heads[i]! + major + this.tails[i]!;
    return `${out}]`;
  }
}

async function publish(req: Extract<GeneratorRequest, { cmd: 'publish' }>): Promise<PublishReport> {
  const { connected } = await connectAll(req.url, req.devices, 200);
  const clients = connected.map((c) => c.client);
  let reconnects = 0;
  for (const c of clients) c.on('reconnect', () => reconnects++);
  const inFlight = new Array<number>(clients.length).fill(0);
  const budget = new Array<number>(clients.length).fill(0);
  const seq = new Array<number>(clients.length).fill(0);
  const latencies: number[] = [];
  let measuring = false;
  let batches = 0;
  let running = true;
  let last = performance.now();

  const tick = () => {
    const now = performance.now();
    const refill = ((now - last) / 1000) * req.ratePerDevice;
    last = now;
    const text = new BatchText(req.batchEvents, Date.now());
    clients.forEach((client, i) => {
      // A burst of at most a tenth of a second's worth (at least one batch).
      budget[i] = Math.min(Math.max(1, req.ratePerDevice / 10), budget[i]! + refill);
      while (running && inFlight[i]! < req.maxInFlight && budget[i]! >= 1) {
        budget[i]!--;
        inFlight[i]!++;
        const t0 = performance.now();
        const counted = measuring;
        client.publish(deviceTopic(connected[i]!.device.mac, 'ble'), text.batch(seq[i]!++), { qos: 1 }, (err) => {
          inFlight[i]!--;
          if (err || !counted || !measuring) return;
          batches++;
          latencies.push(performance.now() - t0);
        });
      }
    });
  };
  const timer = setInterval(tick, 5);
  await sleep(req.warmupS * 1000);
  measuring = true;
  process.send!({ phase: 'measure-start' });
  const started = performance.now();
  await sleep(req.measureS * 1000);
  measuring = false;
  process.send!({ phase: 'measure-end' });
  const seconds = (performance.now() - started) / 1000;
  running = false;
  clearInterval(timer);
  // Let the last acks arrive before the connections close.
  for (let waited = 0; inFlight.some((n) => n > 0) && waited < 10_000; waited += 50) await sleep(50);
  await closeAll();
  return { batches, events: batches * req.batchEvents, seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), reconnects };
}

/** A length-prefixed UTF-8 string field of an MQTT packet. */
const field = (value: string): Buffer => {
  const bytes = Buffer.from(value);
  return Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 255]), bytes]);
};

/** CONNECT of MQTT 3.1.1 (§3.1): clean session, username + password, keep-alive 300 s. */
function connectPacket(d: BenchDevice): Buffer {
  const body = Buffer.concat([field('MQTT'), Buffer.from([4, 0xc2, 300 >> 8, 300 & 255]), field(d.mac), field(d.mac), field(d.token)]);
  const length: number[] = [];
  for (let n = body.length; ; ) {
    const byte = n % 128;
    n = Math.floor(n / 128);
    length.push(n > 0 ? byte | 0x80 : byte);
    if (n === 0) break;
  }
  return Buffer.concat([Buffer.from([0x10, ...length]), body]);
}

/**
 * One device's handshake on a bare socket: CONNECT out, CONNACK (4 bytes) back, connection kept open.
 * The storm measures the broker's connects; an MQTT client library per device would cost the load
 * generator more than the broker (it needed ~8 s for 10k connects to Mosquitto).
 */
function handshake(url: URL, d: BenchDevice): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname);
    const fail = (err: Error) => {
      socket.destroy();
      reject(err);
    };
    socket.setTimeout(30_000, () => fail(new Error('connack timeout')));
    socket.once('error', fail);
    socket.once('close', () => fail(new Error('closed before CONNACK')));
    socket.once('connect', () => socket.write(connectPacket(d)));
    let got = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      if (got.length < 4) return;
      socket.off('data', onData);
      socket.removeAllListeners('close');
      socket.removeAllListeners('error');
      socket.on('error', () => undefined);
      socket.setTimeout(0);
      socket.resume();
      if (got[0] !== 0x20 || got[3] !== 0) return fail(new Error(`CONNACK refused (return code ${got[3]})`));
      resolve(socket);
    };
    socket.on('data', onData);
  });
}

async function storm(req: Extract<GeneratorRequest, { cmd: 'storm' }>): Promise<StormReport> {
  const url = new URL(req.url);
  const reasons: Record<string, number> = {};
  let connected = 0;
  let failed = 0;
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < req.devices.length) {
      try {
        openSockets.push(await handshake(url, req.devices[next++]!));
        connected++;
      } catch (err) {
        failed++;
        const reason = (err as Error).message;
        reasons[reason] = (reasons[reason] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(req.concurrency, req.devices.length) }, lane));
  return { connected, failed, reasons, seconds: (performance.now() - started) / 1000 };
}

/** PUBLISH with QoS 1 (MQTT 3.1.1 §3.3): fixed header 0x32, remaining length, topic, packet id, payload. */
function publishPacket(topic: Buffer, id: number, payload: Buffer): Buffer {
  const bodyLength = topic.length + 2 + payload.length;
  const length: number[] = [];
  for (let n = bodyLength; ; ) {
    const byte = n % 128;
    n = Math.floor(n / 128);
    length.push(n > 0 ? byte | 0x80 : byte);
    if (n === 0) break;
  }
  return Buffer.concat([Buffer.from([0x32, ...length]), topic, Buffer.from([id >> 8, id & 255]), payload]);
}

/** Calls `onPuback(id)` for each PUBACK in a socket's byte stream, whatever the chunking. */
function pubackReader(onPuback: (id: number) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    for (;;) {
      let length = 0;
      let multiplier = 1;
      let i = 1;
      for (; i < pending.length && i <= 4; i++) {
        length += (pending[i]! & 127) * multiplier;
        multiplier *= 128;
        if ((pending[i]! & 128) === 0) break;
      }
      if (i >= pending.length || pending.length < i + 1 + length) return;
      if (pending[0]! >> 4 === 4) onPuback(pending.readUInt16BE(i + 1));
      pending = pending.subarray(i + 1 + length);
    }
  };
}

/**
 * The soak: every device on a bare socket (a real scanner's client is as small), each publishing one
 * QoS 1 batch per interval, first batches staggered over the first interval so the load is even.
 */
async function soak(req: Extract<GeneratorRequest, { cmd: 'soak' }>): Promise<SoakReport> {
  const url = new URL(req.url);
  const sockets: Array<net.Socket | undefined> = new Array(req.devices.length);
  let failedConnects = 0;
  let next = 0;
  const lane = async () => {
    while (next < req.devices.length) {
      const i = next++;
      try {
        sockets[i] = await handshake(url, req.devices[i]!);
        openSockets.push(sockets[i]!);
      } catch {
        failedConnects++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(req.concurrency, req.devices.length) }, lane));
  process.send!({ phase: 'connected' });

  const RESERVOIR = 200_000;
  const latencies: number[] = [];
  let acked = 0;
  let dropped = 0;
  let inFlight = 0;
  let stopping = false;
  const sent = sockets.map(() => new Map<number, number>());
  const topics = req.devices.map((d) => field(deviceTopic(d.mac, 'ble')));
  sockets.forEach((socket, i) => {
    if (!socket) return;
    socket.on('data', pubackReader((id) => {
      const t0 = sent[i]!.get(id);
      if (t0 === undefined) return;
      sent[i]!.delete(id);
      inFlight--;
      acked++;
      const ms = performance.now() - t0;
      // Reservoir sampling: a uniform subset of every latency, in bounded memory.
      if (latencies.length < RESERVOIR) latencies.push(ms);
      else {
        const slot = Math.floor(Math.random() * acked);
        if (slot < RESERVOIR) latencies[slot] = ms;
      }
    }));
    socket.once('close', () => {
      if (!stopping) dropped++;
    });
  });

  process.send!({ phase: 'publishing' });
  const started = performance.now();
  const due = sockets.map((_, i) => started + (i / sockets.length) * req.intervalMs);
  const ids = sockets.map(() => 0);
  let seq = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const text = new BatchText(req.batchEvents, Date.now());
    sockets.forEach((socket, i) => {
      if (!socket || socket.destroyed || due[i]! > now) return;
      due[i]! += req.intervalMs;
      const id = (ids[i] = (ids[i]! % 65_535) + 1);
      sent[i]!.set(id, performance.now());
      inFlight++;
      socket.write(publishPacket(topics[i]!, id, Buffer.from(text.batch(seq++))));
    });
  }, 20);
  await sleep(req.seconds * 1000);
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  for (let waited = 0; inFlight > 0 && waited < 10_000; waited += 50) await sleep(50);
  stopping = true;
  await closeAll();
  const connected = sockets.filter(Boolean).length;
  return { connected, failedConnects, dropped, batches: acked, seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function closeAll(): Promise<void> {
  const clients = open.splice(0);
  for (const socket of openSockets.splice(0)) socket.destroy();
  await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

process.on('message', (msg: GeneratorRequest) => {
  const reply = (body: unknown) => process.send!(body);
  const run = async () => {
    switch (msg.cmd) {
      case 'publish':
        return reply(await publish(msg));
      case 'storm':
        return reply(await storm(msg));
      case 'soak':
        return reply(await soak(msg));
      case 'disconnect':
        await closeAll();
        return reply({ ok: true });
      case 'exit':
        await closeAll();
        process.disconnect();
        return;
    }
  };
  run().catch((err: Error) => reply({ error: err.message }));
});

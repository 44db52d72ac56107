import net from 'node:net';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { Test } from 'tap';
import { newDeviceToken, sha256Hex } from '../../core/ids.ts';
import { insertDevice, updateDevice, type DeviceRow } from '../../db/repositories/devices.ts';
import { insertOrganization } from '../../db/repositories/organizations.ts';
import type { TestPlatform } from '../helpers/platform.ts';

let macCounter = 0;

export interface TestDevice {
  row: DeviceRow;
  mac: string;
  token: string;
}

/** A device inserted straight into Postgres; bound to a fresh organization unless `bound: false`. */
export async function makeDevice(
  p: TestPlatform,
  opts: { bound?: boolean; status?: 'active' | 'blocked'; mac?: string; overrides?: Record<string, unknown>; products?: string[] } = {},
): Promise<TestDevice> {
  const db = p.platform.pg.db;
  const org = opts.bound === false ? null : await insertOrganization(db, { name: 'Broker Test Org', status: 'active', products: opts.products ?? ['ble', 'wifi'] });
  const n = ++macCounter;
  const mac = opts.mac ?? `0b:00:00:00:${[n >> 8, n].map((b) => (b & 255).toString(16).padStart(2, '0')).join(':')}`;
  const token = newDeviceToken();
  const inserted = await insertDevice(db, { mac, token_hash: sha256Hex(token), device_password: '12345678', organization_id: org?.id ?? null, config_overrides: opts.overrides ?? {} });
  const row = opts.status === 'blocked' ? (await updateDevice(db, inserted.id, { status: 'blocked' }))! : inserted;
  return { row, mac, token };
}

/** Options of a real mqtt.js client logging in as the device (MQTT 3.1.1, no automatic reconnect). */
export const deviceOptions = (device: Pick<TestDevice, 'mac' | 'token'>, extra: IClientOptions = {}): IClientOptions => ({
  clientId: device.mac,
  username: device.mac,
  password: device.token,
  protocolVersion: 4,
  reconnectPeriod: 0,
  connectTimeout: 5000,
  ...extra,
});

/** Connects a device over TCP; the client is ended when the test ends. */
export async function connectDevice(t: Test, p: TestPlatform, device: Pick<TestDevice, 'mac' | 'token'>, extra: IClientOptions = {}): Promise<MqttClient> {
  const client = await mqtt.connectAsync(p.platform.endpoints.MQTT!, deviceOptions(device, extra));
  t.teardown(() => client.endAsync(true));
  return client;
}

/** The CONNACK return code of a refused connection attempt (throws if it was accepted). */
export async function refusedWith(p: TestPlatform, options: IClientOptions, url = p.platform.endpoints.MQTT!): Promise<number> {
  const client = mqtt.connect(url, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000, ...options });
  client.on('error', () => undefined);
  const outcome = await new Promise<number>((resolve, reject) => {
    client.once('connect', () => reject(new Error('connection was accepted')));
    client.once('error', (err) => resolve((err as Error & { code: number }).code));
  });
  await client.endAsync(true);
  return outcome;
}

/** Resolves when the client's connection closes (by the broker or otherwise). */
export const closed = (client: MqttClient): Promise<void> =>
  new Promise((resolve) => (client.connected ? client.once('close', () => resolve()) : resolve()));

/** The device's row as stored now. */
export const deviceRow = async (p: TestPlatform, id: number): Promise<DeviceRow> =>
  (await p.platform.pg.db<DeviceRow>('devices').where({ id }).first())!;

/** Resolves with the next message on `topic` (parsed JSON). */
export const nextMessage = <T = unknown>(client: MqttClient, topic: string): Promise<{ payload: T; retain: boolean }> =>
  new Promise((resolve) => {
    const onMessage = (t: string, payload: Buffer, packet: { retain: boolean }) => {
      if (t !== topic) return;
      client.off('message', onMessage);
      resolve({ payload: JSON.parse(payload.toString()) as T, retain: packet.retain });
    };
    client.on('message', onMessage);
  });

const mqttString = (s: string) => {
  const bytes = Buffer.from(s);
  return Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 255]), bytes]);
};

/** A hand-built MQTT 3.1.1 CONNECT logging in as the device (clean session). */
function connectPacket(device: Pick<TestDevice, 'mac' | 'token'>, keepaliveSeconds: number): Buffer {
  const body = Buffer.concat([
    mqttString('MQTT'),
    Buffer.from([4, 0xc2, keepaliveSeconds >> 8, keepaliveSeconds & 255]), // level 4; username, password, clean session
    mqttString(device.mac),
    mqttString(device.mac),
    mqttString(device.token),
  ]);
  return Buffer.concat([Buffer.from([0x10, body.length]), body]);
}

/**
 * A device whose link dies without a FIN: logs in over a raw socket and then says nothing more,
 * for keep-alive tests. Resolves after a successful CONNACK.
 */
export async function silentDevice(p: TestPlatform, device: Pick<TestDevice, 'mac' | 'token'>, keepaliveSeconds: number): Promise<net.Socket> {
  const socket = net.connect(Number(new URL(p.platform.endpoints.MQTT!).port), '127.0.0.1');
  const connack = new Promise<Buffer>((resolve) => socket.once('data', resolve));
  socket.write(connectPacket(device, keepaliveSeconds));
  const ack = await connack;
  if (ack[0] !== 0x20 || ack[3] !== 0) throw new Error(`CONNACK refused: ${ack.toString('hex')}`);
  return socket;
}

import type { Test } from 'tap';
import type { ClickHouseClient } from '../../core/clickhouse.ts';
import type { Config } from '../../core/config.ts';
import type { Db } from '../../core/postgres.ts';
import { insertDevice } from '../../db/repositories/devices.ts';
import { insertOrganization } from '../../db/repositories/organizations.ts';
import { createIngestQueue, type IngestQueueOptions } from '../../ingest/queue.ts';
import type { BatchSender, IngestQueue } from '../../ingest/types.ts';
import type { TestStores } from '../helpers/stores.ts';

let macCounter = 0;

/** A queue on the test stores (config overridable), stopped when the test ends. */
export async function openQueue(
  t: Test,
  stores: TestStores,
  opts: Omit<Partial<IngestQueueOptions>, 'config'> & { config?: Partial<Config['ingest']> } = {},
): Promise<IngestQueue> {
  const { ch } = stores.clickhouse;
  const queue = await createIngestQueue({ ch, db: stores.pg.db, log: stores.log, ...opts, config: { ...stores.config.ingest, ...opts.config } });
  t.teardown(() => queue.stop());
  return queue;
}

/** A registered device of a fresh organization, as the broker would identify it. */
export async function registerDevice(db: Db, orgName = 'Acme'): Promise<BatchSender> {
  const org = await insertOrganization(db, { name: orgName, status: 'active', products: ['ble', 'wifi'] });
  const mac = `0a:00:00:00:${(++macCounter >> 8).toString(16).padStart(2, '0')}:${(macCounter & 255).toString(16).padStart(2, '0')}`;
  // Token hashes are unique (devices_token_hash_idx); these devices never log in, any distinct value will do.
  const tokenHash = macCounter.toString(16).padStart(64, 'f');
  const device = await insertDevice(db, { mac, token_hash: tokenHash, device_password: '12345678', organization_id: org.id });
  return { deviceId: device.id, mac: device.mac, organizationId: org.id, products: ['ble', 'wifi'] };
}

/** A valid iBeacon sighting `ageMs` ago; fields can be overridden with bad values on purpose. */
export const bleEvent = (overrides: Record<string, unknown> = {}, ageMs = 1000) => ({
  mac: 'f9:29:de:16:b4:f3',
  rssi: -64,
  ts: Date.now() - ageMs,
  type: 'ibeacon',
  uuid: 'b9407f30f5f8466eaff925556b57fe6d',
  major: 1,
  minor: 2,
  ...overrides,
});

export const wifiEvent = (overrides: Record<string, unknown> = {}, ageMs = 1000) => ({
  mac: '3c:22:fb:01:02:03',
  rssi: -70,
  ts: Date.now() - ageMs,
  ssid: 'CoffeeShop',
  channel: 6,
  frame_type: 'probe_request',
  ...overrides,
});

/** `n` distinct valid BLE events (minor = index). */
export const bleEvents = (n: number, base: Record<string, unknown> = {}) =>
  Array.from({ length: n }, (_, i) => bleEvent({ minor: i, ...base }, 1000 + i));

export const payload = (body: unknown): Buffer => Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));

/** Rows of a table, optionally filtered by device. */
export async function rows<T = Record<string, unknown>>(ch: ClickHouseClient, table: string, deviceId?: number): Promise<T[]> {
  const result = await ch.query({
    query: `SELECT * FROM ${table} ${deviceId === undefined ? '' : 'WHERE device_id = {d:UInt32}'} ORDER BY timestamp`,
    query_params: deviceId === undefined ? {} : { d: deviceId },
    format: 'JSONEachRow',
  });
  return result.json<T>();
}

export async function countRows(ch: ClickHouseClient, table: string, deviceId: number): Promise<number> {
  const result = await ch.query({
    query: `SELECT count() AS n FROM ${table} WHERE device_id = {d:UInt32}`,
    query_params: { d: deviceId },
    format: 'JSONEachRow',
  });
  return Number((await result.json<{ n: number | string }>())[0]!.n);
}

/** Polls until `check` returns a truthy value (or throws after `timeoutMs`). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Resolves to 'pending' if `promise` has not settled within `ms`. */
export const settledWithin = <T>(promise: Promise<T>, ms: number): Promise<T | 'pending'> =>
  Promise.race([promise, new Promise<'pending'>((r) => setTimeout(() => r('pending'), ms))]);

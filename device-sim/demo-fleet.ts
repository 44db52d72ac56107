import type { DeviceDeps } from '../api/services/devices.ts';
import { createDevice, rotateDeviceToken, setDeviceConfig } from '../api/services/devices.ts';
import type { ConfigObject } from '../core/device-config.ts';
import type { Logger } from '../core/logger.ts';
import type { ProductName } from '../core/products.ts';
import { latestEventMs } from '../db/repositories/device-events.ts';
import { findDeviceByMac } from '../db/repositories/devices.ts';
import type { IngestQueue } from '../ingest/types.ts';
import { listLocations } from '../api/products/ble/repository.ts';
import { setUpBleSite } from './ble-site/setup.ts';
import { SimDevice, simDeviceMac } from './device.ts';
import { simProducts } from './products/index.ts';
import { SIM_DEFAULTS, startSimulation, type Simulation } from './run.ts';

/** The demo's receivers, one per spot of the demo mall; their MACs derive from DEMO_SEED. */
export const DEMO_RECEIVERS = ['Main entrance', 'Food court', 'Cinema lobby', 'Parking exit', 'Fashion wing', 'Electronics wing'] as const;
const DEMO_SEED = 2026;
// Live: WiFi probes come in opening hours only (08–22 UTC in the traffic model); BLE tags advertise
// around the clock, so the platform's own figures (events/s) are alive at any hour.
const LIVE_PRODUCTS: ProductName[] = ['wifi', 'ble'];
// History: WiFi fills the dashboards; BLE's 12 tags × 1/s per receiver would be ~19M rows for 3 days.
const HISTORY_PRODUCTS: ProductName[] = ['wifi'];
const DEMO_CONFIG: ConfigObject = { wifi: { monitor_enabled: true, batch_interval_ms: 5000 } };
// History is generated a minute at a time: the traffic model is walked once per interval, and the same
// events in 12× fewer windows make the first start of the demo that much faster.
const HISTORY_CONFIG: ConfigObject = { wifi: { monitor_enabled: true, batch_interval_ms: 60_000 } };
export const DEMO_HISTORY_DAYS = 3;
const DAY_MS = 86_400_000;
/** Batches submitted at once while writing history: enough to fill group commits, bounded memory. */
const HISTORY_CONCURRENCY = 64;

export interface DemoFleetDeps extends DeviceDeps {
  ingest: IngestQueue;
  log: Logger;
  organizationId: number;
  /** Where the simulated receivers connect: the platform's own broker. */
  mqttUrl: string;
  httpUrl: string;
  /** The demo owner: sets up the BLE site through the client API on the first start. */
  owner?: { email: string; password: string };
}

export interface DemoFleet {
  receivers: number;
  /** Events written as history on this start (0 when it was there already). */
  historyEvents: number;
  stop(): Promise<void>;
}

/**
 * `npm start -- --demo`: the demo organization's receivers, simulated in the platform's own process by
 * the device simulator. First a few days of history are generated and submitted to the ingest queue
 * directly (through the broker it would take hours at the per-device rate limit); on a later start only
 * the gap since the last stored event is filled. Then the same receivers connect to the real broker
 * over MQTT and publish live, exactly as `npm run sim` would.
 */
export async function startDemoFleet(deps: DemoFleetDeps): Promise<DemoFleet> {
  const now = Date.now();
  const products = simProducts(HISTORY_PRODUCTS);
  const receivers = await Promise.all(DEMO_RECEIVERS.map((name, i) => provisionReceiver(deps, name, simDeviceMac(DEMO_SEED, i))));
  let historyEvents = 0;
  for (const [i, receiver] of receivers.entries()) {
    historyEvents += await writeHistory(deps, i, receiver.deviceId, products, now);
  }
  if (historyEvents > 0) deps.log.info({ events: historyEvents, days: DEMO_HISTORY_DAYS }, 'demo history written');
  if (deps.owner) await ensureBleSite(deps, deps.owner, receivers.map((r) => r.deviceId));

  const simulation: Simulation = await startSimulation({
    ...SIM_DEFAULTS,
    mode: 'mqtt',
    url: deps.httpUrl,
    mqttUrl: deps.mqttUrl,
    seed: DEMO_SEED,
    devices: receivers.length,
    tokens: receivers.map((r) => r.token),
    products: LIVE_PRODUCTS,
    startMs: now,
    statsEveryMs: 0,
    log: (line) => deps.log.debug({ demo: line }),
  });
  return { receivers: receivers.length, historyEvents, stop: () => simulation.stop() };
}

/**
 * The demo floor (device-sim/ble-site/floor.ts) set up once, as the owner would in the browser: the
 * demo receivers placed at the floor's receiver spots, whose simulated traffic is the demo tags walking
 * there — so the live map has tags moving from the first minute.
 */
async function ensureBleSite(deps: DemoFleetDeps, owner: { email: string; password: string }, receiverIds: number[]): Promise<void> {
  if ((await listLocations(deps.db, { organizationId: deps.organizationId, grants: 'all' })).length > 0) return;
  const site = await setUpBleSite({ url: deps.httpUrl, ...owner, receiverIds });
  deps.log.info({ locationId: site.locationId, planId: site.planId, tags: site.tags }, 'demo BLE site set up');
}

/** Creates the receiver bound to the demo organization, or on a later start gives it a fresh token (only hashes are stored). */
async function provisionReceiver(deps: DemoFleetDeps, name: string, mac: string): Promise<{ deviceId: number; token: string }> {
  const existing = await findDeviceByMac(deps.db, mac);
  const { deviceId, token } = existing
    ? { deviceId: existing.id, token: await rotateDeviceToken(deps, existing.id) }
    : await createDevice(deps, { mac, name, organization_id: deps.organizationId }).then((c) => ({ deviceId: c.device.id, token: c.token }));
  await setDeviceConfig(deps, deviceId, DEMO_CONFIG);
  return { deviceId, token };
}

/** Fills one receiver's history up to `now`, from DEMO_HISTORY_DAYS ago or from its newest stored event. */
async function writeHistory(deps: DemoFleetDeps, index: number, deviceId: number, products: ReturnType<typeof simProducts>, now: number): Promise<number> {
  const mac = simDeviceMac(DEMO_SEED, index);
  let written = 0;
  for (const product of products) {
    const stored = await latestEventMs(deps.ch, `${product.name}_events` as 'wifi_events', deps.organizationId, deviceId);
    const from = Math.max(now - DEMO_HISTORY_DAYS * DAY_MS, stored + 1);
    if (now - from < 60_000) continue;
    const device = new SimDevice(index, mac, DEMO_SEED, [product], from, now);
    device.applyConfig(1, HISTORY_CONFIG);
    // The demo organization has every product; history is written for the one product being filled.
    const identity = { deviceId, mac, organizationId: deps.organizationId, products: [product.name] };
    while (!device.finished()) {
      const batches = device.dueBatches(now, HISTORY_CONCURRENCY);
      const results = await Promise.all(
        batches.map((b) => deps.ingest.submit(identity, b.product, Buffer.from(JSON.stringify(b.items.map((it) => it.event))))),
      );
      written += results.reduce((n, r) => n + r.stored, 0);
    }
  }
  return written;
}

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { findDeviceByMac } from '../../db/repositories/devices.ts';
import { SimSetupError } from '../../device-sim/platform-client.ts';
import { SIM_DEFAULTS, startSimulation, type SimOptions } from '../../device-sim/run.ts';
import { ADMIN, startTestPlatform } from '../helpers/platform.ts';
import { eventually } from '../ingest/fixtures.ts';

const p = await startTestPlatform(t);

// Noon UTC of the last day that has passed it: inside opening hours (WiFi traffic) and recent enough to be accepted.
const HOUR = 3_600_000;
const noon = new Date().setUTCHours(12, 0, 0, 0);
const START = noon < Date.now() - HOUR ? noon : noon - 24 * HOUR;

const options = (overrides: Partial<SimOptions>): SimOptions => ({
  ...SIM_DEFAULTS,
  devices: 3,
  mode: 'mqtt',
  url: p.url,
  mqttUrl: p.platform.endpoints.MQTT!,
  products: ['ble', 'wifi'],
  startMs: START,
  speed: 60,
  endMs: START + 3 * 60_000,
  statsEveryMs: 0,
  log: () => undefined,
  ...overrides,
});

async function storedPerDevice(table: string): Promise<Map<string, number>> {
  const result = await p.platform.clickhouse.ch.query({ query: `SELECT device_mac, count() AS n FROM ${table} GROUP BY device_mac`, format: 'JSONEachRow' });
  return new Map((await result.json<{ device_mac: string; n: number | string }>()).map((r) => [r.device_mac, Number(r.n)]));
}

t.test('without auto-registration and credentials the simulator stops with a hint', async (t) => {
  const err = await startSimulation(options({ seed: 1 })).catch((e: unknown) => e);
  t.type(err, SimSetupError);
  t.match((err as SimSetupError).message, /auto-registration is off/);
  t.match((err as SimSetupError).hint, /--admin-email/);
});

t.test('simulated MQTT scanners register, take their config and get every batch stored', async (t) => {
  const truthPath = path.join(p.dataDir, 'truth-mqtt.json');
  const sim = await startSimulation(
    options({
      seed: 11,
      truthPath,
      endMs: START + 5 * 60_000,
      admin: { ...ADMIN, organizationName: 'Sim test site', config: { wifi: { monitor_enabled: true } } },
    }),
  );
  // While the fleet runs: commands are answered, and a config change is applied and acknowledged live.
  await eventually(async () => sim.stats.connected === 3);
  const token = await p.adminToken();
  const id = (await findDeviceByMac(p.platform.pg.db, sim.devices[0]!.mac))!.id;
  const ping = await p.api('POST', `/superadmin/devices/${id}/commands`, { token, body: { name: 'ping' } });
  t.equal(ping.status, 200);
  t.equal(ping.body.ok, true);
  t.type(ping.body.result.pong, 'number');
  const unknown = await p.api('POST', `/superadmin/devices/${id}/commands`, { token, body: { name: 'self-destruct' } });
  t.same([unknown.body.ok, unknown.body.error], [false, 'unknown_command']);
  const changed = await p.api('PUT', `/superadmin/devices/${id}/config`, { token, body: { overrides: { wifi: { monitor_enabled: true }, ble: { batch_interval_ms: 1000 } } } });
  t.equal(changed.status, 200);
  await eventually(async () => sim.devices[0]!.configVersion === changed.body.config.desired_version);
  t.match(sim.devices[0]!.config, { ble: { batch_interval_ms: 1000 } }, 'the device runs the new config');

  await sim.done;
  const { stats } = sim;
  t.equal(stats.failures, 0);
  t.ok(stats.eventsAcked > 1000, `events acknowledged (${stats.eventsAcked})`);
  t.equal(stats.eventsAcked, stats.eventsSent, 'every batch sent was acknowledged');
  t.equal(stats.connected, 0, 'all disconnected at the end');
  t.ok(stats.configsApplied >= 3, 'each device received its retained config');
  t.ok(Number.isFinite(stats.latency().p99));

  const truth = JSON.parse(await readFile(truthPath, 'utf8'));
  t.equal(truth.devices.length, 3);
  t.ok(truth.totals.wifi > 0 && truth.totals.ble > 0, 'both products sent');
  const ble = await storedPerDevice('ble_events');
  const wifi = await storedPerDevice('wifi_events');
  for (const d of truth.devices) {
    t.equal(ble.get(d.mac), d.events.ble, `${d.mac}: BLE stored = sent`);
    t.equal(wifi.get(d.mac) ?? 0, d.events.wifi ?? 0, `${d.mac}: WiFi stored = sent`);
  }
  t.equal(truth.wifi.by_mac.reduce((n: number, c: { visits: unknown[] }) => n + c.visits.length, 0), truth.wifi.visits);

  const row = (await findDeviceByMac(p.platform.pg.db, sim.devices[0]!.mac))!;
  t.ok(row.organization_id, 'bound by the simulator');
  t.same(row.config_overrides, { wifi: { monitor_enabled: true }, ble: { batch_interval_ms: 1000 } });
  await eventually(async () => (await findDeviceByMac(p.platform.pg.db, sim.devices[0]!.mac))!.reported_config_version === row.config_version);
  t.pass('the config ack reached the platform');
});

t.test('simulated legacy daemons poll their config and post over HTTP; every batch is stored', async (t) => {
  const sim = await startSimulation(
    options({ seed: 12, mode: 'http', devices: 2, admin: { ...ADMIN, organizationName: 'Sim test site', config: { wifi: { monitor_enabled: true } } } }),
  );
  await sim.done;
  t.equal(sim.stats.failures, 0);
  t.equal(sim.stats.eventsAcked, sim.stats.eventsSent);
  const ble = await storedPerDevice('ble_events');
  for (const d of JSON.parse(JSON.stringify(sim.truth)).devices) t.equal(ble.get(d.mac), d.events.ble, `${d.mac}: BLE stored = sent`);
});

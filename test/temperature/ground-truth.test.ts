import t from 'tap';
import { startSimulation, SIM_DEFAULTS } from '../../device-sim/run.ts';
import { ADMIN, startTestPlatform } from '../helpers/platform.ts';

// The simulator's temperature sensors (daily cycle + noise) sent over MQTT into a real platform; the
// API's hourly min/avg/max of every sensor must be what the simulator says it sent and got acknowledged.
const HOUR = 3_600_000;
const HOURS = 6;
const start = Math.floor(Date.now() / HOUR) * HOUR - (HOURS + 1) * HOUR;
const end = start + HOURS * HOUR;

const p = await startTestPlatform(t);
const admin = await p.adminToken();
const org = (await p.api('POST', '/superadmin/organizations', {
  token: admin,
  body: { name: 'Cold Stores', status: 'active', products: ['temperature'], timezone: 'UTC', owner: { email: 'owner@stores.example', password: 'stores-owner-1' } },
})).body;
const owner = await p.login('owner@stores.example', 'stores-owner-1');

const sim = await startSimulation({
  ...SIM_DEFAULTS,
  devices: 2,
  mode: 'mqtt',
  url: p.url,
  mqttUrl: p.platform.endpoints.MQTT!,
  seed: 7,
  products: ['temperature'],
  startMs: start,
  endMs: end,
  speed: Infinity,
  statsEveryMs: 0,
  // Ten-minute batches: a few dozen per device instead of one a minute.
  admin: { ...ADMIN, organizationId: org.id, organizationName: 'unused', config: { temperature: { enabled: true, interval_ms: 600_000 } } },
  log: () => undefined,
});
await sim.done;

interface TruthHour { hour: string; readings: number; avg_celsius: number; min_celsius: number; max_celsius: number }
const truth = (sim.truth.toJSON() as unknown as { temperature: { sensors: Array<{ device: string; sensor: string; hours: TruthHour[] }> } }).temperature.sensors;
const sensors = (await p.api('GET', '/client/temperature/sensors', { token: owner })).body.sensors as Array<{ device_id: number; sensor: string; receiver: string }>;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

t.test('the simulator sent every reading of two sensors per receiver and all were acknowledged', async (t) => {
  t.equal(sim.stats.failures, 0);
  t.equal(truth.length, 4, 'two receivers × (room, cold room)');
  for (const s of truth) t.equal(s.hours.reduce((n, h) => n + h.readings, 0), HOURS * 60, `${s.device}/${s.sensor}: one a minute`);
  t.equal(sensors.length, 4, 'the API lists the same four sensors');
});

t.test('hourly min, average and max from the API match the ground truth', async (t) => {
  const devices = (await p.api('GET', '/client/devices?page_size=100', { token: owner })).body.items as Array<{ id: number; mac: string }>;
  const idOf = new Map(devices.map((d) => [d.mac, d.id]));
  for (const s of truth) {
    const query = `device_id=${idOf.get(s.device)}&sensor=${s.sensor}&period=custom&from=${day(start)}&to=${day(end - 1)}&granularity=hour`;
    const res = await p.api('GET', `/client/temperature/series?${query}`, { token: owner });
    t.equal(res.status, 200, JSON.stringify(res.body));
    const points = res.body.points as Array<{ bucket: string; readings: number; min_celsius: number; avg_celsius: number; max_celsius: number }>;
    t.same(points.map((pt) => pt.bucket), s.hours.map((h) => h.hour), `${s.sensor}: the same hours`);
    for (const [i, h] of s.hours.entries()) {
      const got = points[i]!;
      t.equal(got.readings, h.readings);
      // The API rounds to 0.01 °C; the sensors report 0.1 °C, stored as Float32.
      t.ok(Math.abs(got.avg_celsius - h.avg_celsius) <= 0.006, `${s.sensor} ${h.hour}: avg ${got.avg_celsius} vs ${h.avg_celsius}`);
      t.ok(Math.abs(got.min_celsius - h.min_celsius) <= 0.006 && Math.abs(got.max_celsius - h.max_celsius) <= 0.006, `${s.sensor} ${h.hour}: min/max`);
    }
  }
});

t.test('the readings are plausible: a room around 21 °C, a cold room around 4 °C', async (t) => {
  for (const s of truth) {
    const avg = s.hours.reduce((n, h) => n + h.avg_celsius, 0) / s.hours.length;
    if (s.sensor === 'cold') t.ok(avg > 2 && avg < 6, `cold room ${avg.toFixed(1)} °C`);
    else t.ok(avg > 15 && avg < 27, `room ${avg.toFixed(1)} °C`);
  }
});

import { parseArgs } from 'node:util';
import { PRODUCT_NAMES, isProductName, type ProductName } from '../core/products.ts';
import { SimSetupError } from './platform-client.ts';
import { enableConfig } from './products/index.ts';
import { SIM_DEFAULTS, startSimulation, type SimOptions } from './run.ts';

const USAGE = `Simulated scanners for MyBeacon.

  npm run sim -- [options]

  --devices N            scanners to simulate (default 5)
  --mode mqtt|http       native MQTT, or the legacy HTTP bridge (default mqtt)
  --url URL              platform HTTP base URL (default ${SIM_DEFAULTS.url})
  --mqtt URL             MQTT broker URL (default ${SIM_DEFAULTS.mqttUrl})
  --seed N               names the devices and drives all traffic; same seed = same events (default ${SIM_DEFAULTS.seed})
  --products LIST        products to generate, comma-separated: ${PRODUCT_NAMES.join(',')} (default all)
  --start ISO            simulated start time (default now; with --days: D days ago)
  --days D               simulate D days, then stop (the platform refuses events older than
                           INGEST_MAX_EVENT_AGE_DAYS, 7 by default)
  --speed X|max          simulated seconds per real second (default 1; with --days: max)
  --duration S           stop after S real seconds
  --truth FILE           write the ground truth (what was sent and acknowledged) here at the end
  --admin-email E        superadmin login: lets the simulator enable auto-registration, bind its
  --admin-password P       devices to an organization and set their config (the broker only lets
                           bound devices in)
  --org ID               organization to bind to (default: "${SIM_DEFAULTS.organizationName}", created if missing)
  --config JSON          device config overrides to set (default: what switches each chosen product on,
                           e.g. {"wifi":{"monitor_enabled":true}})
  --max-in-flight N      unacknowledged batches per device (default ${SIM_DEFAULTS.maxInFlight})
  --rate N               max batches per second per device (default ${SIM_DEFAULTS.maxBatchesPerSecond})
  --quiet                no live stats
`;

function parseOptions(argv: string[]): SimOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      devices: { type: 'string', default: '5' },
      mode: { type: 'string', default: SIM_DEFAULTS.mode },
      url: { type: 'string', default: SIM_DEFAULTS.url },
      mqtt: { type: 'string', default: SIM_DEFAULTS.mqttUrl },
      seed: { type: 'string', default: String(SIM_DEFAULTS.seed) },
      products: { type: 'string', default: PRODUCT_NAMES.join(',') },
      start: { type: 'string' },
      days: { type: 'string' },
      speed: { type: 'string' },
      duration: { type: 'string' },
      truth: { type: 'string' },
      'admin-email': { type: 'string' },
      'admin-password': { type: 'string' },
      org: { type: 'string' },
      config: { type: 'string' },
      'max-in-flight': { type: 'string', default: String(SIM_DEFAULTS.maxInFlight) },
      rate: { type: 'string', default: String(SIM_DEFAULTS.maxBatchesPerSecond) },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const positive = (name: string, value: string | undefined) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new SimSetupError(`--${name} must be a positive number (got ${value})`, 'see --help');
    return n;
  };
  if (values.mode !== 'mqtt' && values.mode !== 'http') throw new SimSetupError(`--mode must be mqtt or http (got ${values.mode})`, 'see --help');
  const products = values.products.split(',').map((p) => p.trim());
  const unknown = products.filter((p) => !isProductName(p));
  if (unknown.length) throw new SimSetupError(`unknown product(s): ${unknown.join(', ')}`, `products are ${PRODUCT_NAMES.join(', ')}`);

  const days = values.days === undefined ? undefined : positive('days', values.days);
  const startMs = values.start ? Date.parse(values.start) : Date.now() - (days ?? 0) * 86_400_000;
  if (Number.isNaN(startMs)) throw new SimSetupError(`--start is not a date: ${values.start}`, 'use ISO 8601, e.g. 2026-11-01T00:00:00Z');
  const speed = values.speed === 'max' || (values.speed === undefined && days !== undefined) ? Infinity : positive('speed', values.speed ?? '1');
  if (speed === Infinity && days === undefined) throw new SimSetupError('--speed max needs --days (an end of simulated time)', 'e.g. --days 3 --speed max');

  const email = values['admin-email'];
  const password = values['admin-password'];
  if (Boolean(email) !== Boolean(password)) throw new SimSetupError('give both --admin-email and --admin-password', 'see --help');
  let config: Record<string, unknown> | undefined;
  try {
    config = values.config ? JSON.parse(values.config) : enableConfig(products as ProductName[]);
  } catch {
    throw new SimSetupError(`--config is not JSON: ${values.config}`, `e.g. --config '{"ble":{"batch_interval_ms":1000}}'`);
  }

  return {
    devices: positive('devices', values.devices),
    mode: values.mode,
    url: values.url.replace(/\/$/, ''),
    mqttUrl: values.mqtt,
    seed: Math.trunc(Number(values.seed)) || 0,
    products: products as ProductName[],
    startMs,
    speed,
    endMs: days !== undefined ? startMs + days * 86_400_000 : undefined,
    durationMs: values.duration === undefined ? undefined : positive('duration', values.duration) * 1000,
    truthPath: values.truth,
    admin:
      email && password
        ? { email, password, organizationId: values.org ? positive('org', values.org) : undefined, organizationName: SIM_DEFAULTS.organizationName, config }
        : undefined,
    maxInFlight: positive('max-in-flight', values['max-in-flight']),
    maxBatchesPerSecond: positive('rate', values.rate),
    statsEveryMs: values.quiet ? 0 : SIM_DEFAULTS.statsEveryMs,
    log: (line) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`),
  };
}

try {
  const opts = parseOptions(process.argv.slice(2));
  if (!opts.admin && opts.mode === 'mqtt') {
    opts.log('no superadmin credentials: devices must already be bound to an organization for the broker to let them in');
  }
  const sim = await startSimulation(opts);
  opts.log(`${opts.devices} device(s) registered; simulating from ${new Date(opts.startMs).toISOString()}`);
  process.once('SIGINT', () => void sim.stop());
  process.once('SIGTERM', () => void sim.stop());
  await sim.done;
  if (opts.truthPath) opts.log(`ground truth written to ${opts.truthPath}`);
  process.exit(sim.stats.failures > 0 ? 1 : 0);
} catch (err) {
  if (err instanceof SimSetupError) {
    process.stderr.write(`sim: ${err.message}\n  hint: ${err.hint}\n`);
    process.exit(2);
  }
  throw err;
}

import { simDeviceMac } from '../device-sim/device.ts';
import { SIM_PRODUCTS } from '../device-sim/products/index.ts';
import { encodeRows } from '../ingest/enrich.ts';
import { parseBatch } from '../ingest/parse.ts';
import { INGEST_PRODUCTS } from '../ingest/products/index.ts';
import { validateBatch } from '../ingest/validate.ts';

/**
 * The ingest hot path without broker or database: parse → validate → encode of 40-event batches of
 * every product, with the simulator's own traffic. Figures are events per CPU-second of this process
 * (not wall time), so a loaded machine slows the run down without skewing the comparison.
 *
 *   npm run bench:ingest-path -- [--batches 20000]
 */
const BATCH = 40;
const batches = Number(process.argv[process.argv.indexOf('--batches') + 1]) || 20_000;
const now = Date.now();
const window = { minTs: now - 7 * 86_400_000, maxTs: now + 300_000 };
const device = { deviceId: 1, mac: simDeviceMac(1, 0), organizationId: 1 };
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** One batch of a product's simulated traffic from the last hours, as a device would send it. */
function sampleBatch(sim: (typeof SIM_PRODUCTS)[number]): Buffer {
  const site = sim.createSite({ seed: 1, deviceIndex: 0, deviceMac: device.mac });
  for (let hours = 1; hours <= 24; hours *= 2) {
    const items = site.window(now - hours * 3_600_000, now);
    if (items.length >= BATCH) return Buffer.from(JSON.stringify(items.slice(-BATCH).map((i) => i.event)));
  }
  throw new Error(`${sim.name}: fewer than ${BATCH} events in a day of simulated traffic`);
}

for (const sim of SIM_PRODUCTS) {
  const product = INGEST_PRODUCTS[sim.name];
  const payload = sampleBatch(sim);
  const run = (n: number) => {
    for (let k = 0; k < n; k++) {
      const checked = validateBatch(product, parseBatch(payload), window);
      if (checked.rejected) throw new Error(`${sim.name}: ${checked.firstError}`);
      encodeRows(product, device, { id: '42', receivedAt: now }, checked.valid);
    }
  };
  run(batches / 4); // warm-up: let the JIT settle
  const rates: number[] = [];
  for (let r = 0; r < 5; r++) {
    const before = process.cpuUsage();
    run(batches);
    const used = process.cpuUsage(before);
    rates.push((batches * BATCH) / ((used.user + used.system) / 1e6));
  }
  rates.sort((a, b) => a - b);
  process.stdout.write(`${sim.name.padEnd(12)} ${fmt(rates[2]!)} events/CPU-s (median of 5; best ${fmt(rates[4]!)}), ${payload.length} bytes per batch\n`);
}

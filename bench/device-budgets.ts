/**
 * The per-publish cost of the shared per-device message budget (one Map lookup by device id, then the
 * bucket) against the per-session bucket it replaced (a field read), for 10,000 devices publishing
 * round-robin. Prints ns per take; run with `node --import tsx bench/device-budgets.ts`.
 */
import { DeviceBudgets, TokenBucket } from '../broker/rate-limit.ts';

const DEVICES = 10_000;
const TAKES = 20_000_000;

function measure(name: string, take: (device: number) => boolean): void {
  let admitted = 0;
  for (let i = 0; i < 1_000_000; i++) if (take(i % DEVICES)) admitted++; // warm-up (JIT)
  const started = process.hrtime.bigint();
  for (let i = 0; i < TAKES; i++) if (take(i % DEVICES)) admitted++;
  const ns = Number(process.hrtime.bigint() - started) / TAKES;
  console.log(`${name.padEnd(34)} ${ns.toFixed(1)} ns per publish (${admitted} admitted)`);
}

const sessions = Array.from({ length: DEVICES }, () => new TokenBucket(50));
measure('per-session TokenBucket (before)', (device) => sessions[device]!.take());
const budgets = new DeviceBudgets(50);
measure('DeviceBudgets by device id (now)', (device) => budgets.take(device + 1));

import { setTimeout as sleep } from 'node:timers/promises';

// Longer than the work of either branch (a bcrypt hash, a few inserts), so both answer after the same time.
const FLOOR_MS = 400;

/**
 * Runs an answer whose duration must not tell whether an address is registered: the result comes no
 * earlier than a fixed floor plus a little jitter, whichever branch ran.
 */
export async function withSteadyTiming<T>(work: () => Promise<T>): Promise<T> {
  const floor = sleep(FLOOR_MS + Math.random() * 50);
  try {
    return await work();
  } finally {
    await floor;
  }
}

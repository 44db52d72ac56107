import { parentPort } from 'node:worker_threads';
import { traceWalls } from './trace-walls.ts';

// Runs in a worker thread: tracing a large plan is seconds of CPU that must not stall the API.
parentPort!.on('message', async (image: Uint8Array) => {
  try {
    parentPort!.postMessage({ ok: true, result: await traceWalls(Buffer.from(image)) });
  } catch (err) {
    parentPort!.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});

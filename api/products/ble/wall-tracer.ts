import { Worker } from 'node:worker_threads';
import type { FileStore } from '../../../core/file-store.ts';
import type { Logger } from '../../../core/logger.ts';
import type { Db } from '../../../core/postgres.ts';
import { findPlan, lockPlan, updatePlan } from './repository.ts';
import type { PixelPolyline } from './trace-walls.ts';

// A worker thread does not inherit the main thread's module hooks (and Node 20 ignores `--import` in a
// worker's execArgv), so the worker registers tsx itself before loading the TypeScript entry.
// Both are resolved here, as absolute URLs: an eval'd worker would resolve a bare name from the cwd.
const WORKER_BOOTSTRAP = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(
  new URL('./trace-walls.worker.ts', import.meta.url).href,
)}); })`;

type TraceReply = { ok: true; result: { walls: PixelPolyline[] } } | { ok: false; error: string };

/** Traces one image in a fresh worker thread; the worker ends with the job, so its memory goes with it. */
export function traceInWorker(image: Buffer): Promise<PixelPolyline[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_BOOTSTRAP, { eval: true });
    worker.once('message', (reply: TraceReply) => {
      void worker.terminate();
      if (reply.ok) resolve(reply.result.walls);
      else reject(new Error(reply.error));
    });
    worker.once('error', reject);
    worker.postMessage(image);
  });
}

/**
 * The plans' wall tracer: one plan at a time (the box has few cores and the API comes first), each in a
 * worker thread. Walls land in the plan converted to metres at the plan's scale at that moment; a plan
 * deleted meanwhile is skipped; a failure marks the plan so the editor says "draw the walls yourself".
 */
export function startWallTracer(deps: { db: Db; files: FileStore; log: Logger }): (organizationId: number, planId: number) => void {
  let queue: Promise<void> = Promise.resolve();
  const trace = async (organizationId: number, planId: number) => {
    const scope = { organizationId };
    const plan = await findPlan(deps.db, scope, planId);
    const image = plan && (await deps.files.get(plan.image_key));
    if (!plan || !image) return;
    const started = performance.now();
    try {
      const walls = await traceInWorker(image);
      await deps.db.transaction(async (trx) => {
        // Under the row lock: a scale set meanwhile is applied before or after, never half.
        const current = await lockPlan(trx, scope, planId);
        // Walls the client already saved win over a late draft.
        if (!current || current.walls_status !== 'pending') return;
        const mpp = current.metres_per_pixel;
        await updatePlan(trx, scope, planId, { walls: walls.map((w) => w.map(([x, y]) => [x * mpp, y * mpp] as const)), walls_status: 'done' });
      });
      deps.log.info({ planId, walls: walls.length, ms: Math.round(performance.now() - started) }, 'plan walls traced');
    } catch (err) {
      deps.log.warn({ err, planId }, 'plan wall tracing failed');
      await updatePlan(deps.db, scope, planId, { walls_status: 'failed' });
    }
  };
  return (organizationId, planId) => {
    queue = queue.then(() => trace(organizationId, planId)).catch((err: unknown) => deps.log.error({ err, planId }, 'plan wall tracer error'));
  };
}

import type { ProductSettings } from '../../core/products.ts';
import { INGEST_PRODUCTS } from './index.ts';
import type { ProductRuntime, ProductWorkers } from './product.ts';

/** Every product's background work, started through its lifecycle hook. */
export interface RunningProducts {
  /** Brings every product's derived data up to date with what is stored (tests and benchmarks). */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs each product's `start` hook in registry order; stops them in reverse. If one fails to start,
 * those already started are stopped before the error propagates.
 */
export async function startProducts(runtime: Omit<ProductRuntime, 'settings'> & { settings: ProductSettings }): Promise<RunningProducts> {
  const running: ProductWorkers[] = [];
  const stop = async () => {
    for (const workers of running.reverse()) await workers.stop();
  };
  try {
    for (const product of Object.values(INGEST_PRODUCTS)) {
      // TypeScript cannot correlate a product with its own settings across the union; the registry's mapped types do.
      const workers = await product.start?.({ ...runtime, settings: runtime.settings[product.name] } as never);
      if (workers) running.push(workers);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { settle: async () => void (await Promise.all(running.map((w) => w.settle()))), stop };
}

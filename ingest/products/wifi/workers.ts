import type { ProductRuntime, ProductWorkers } from '../product.ts';
import { applyRetention } from './retention.ts';
import { sessionRulesFromDb, WifiSessionizer } from './sessionizer.ts';

/** WiFi's lifecycle hook: raw-event retention applied, then the sessionizer keeping visits in step with presence. */
export async function startWifiWorkers(rt: ProductRuntime<'wifi'>): Promise<ProductWorkers> {
  await applyRetention(rt.ch, rt.settings.rawRetentionDays, rt.log);
  const sessionizer = new WifiSessionizer({
    ch: rt.ch,
    rulesOf: (id) => sessionRulesFromDb(rt.db, id),
    bus: rt.bus,
    log: rt.log,
    intervalMs: rt.settings.sessionizeIntervalMs,
  });
  sessionizer.start();
  return { settle: () => sessionizer.runOnce(), stop: () => sessionizer.stop() };
}

import type { ProductRuntime, ProductWorkers } from '../product.ts';
import { PositioningEngine } from './engine.ts';
import { closeOrphanVisits } from './orphan-visits.ts';
import { PositionsWriter } from './positions-writer.ts';
import { applyPositionsRetention } from './retention.ts';
import { SiteModel } from './site-model.ts';
import { loadSiteRecords } from './site-repository.ts';

/** BLE's running positioning worker: the product's lifecycle answer plus the engine's figures. */
export interface BleWorkers extends ProductWorkers {
  engine: PositioningEngine;
  writer: PositionsWriter;
}

/**
 * BLE's lifecycle hook. Readings come from the bus event 'ingest.stored' (ingest announces each BLE
 * batch once it is durable — in this process, or relayed over Redis from the ingest workers of a
 * scale-out installation), so a fix follows its readings by one round, not by a ClickHouse poll; this
 * hook runs in exactly one process (the product-workers run-once lock), so each tag is positioned in
 * one place. The site model is re-read every `siteReloadMs` and when an organization's BLE settings
 * change: sites change by hand, rarely, and a reload is four small queries.
 */
export async function startBleWorkers(rt: ProductRuntime<'ble'>): Promise<BleWorkers> {
  const { db, bus, log, settings } = rt;
  await applyPositionsRetention(rt.ch, settings.positionsRetentionDays, log);
  // Before this engine writes any: visits it opens are its own, those still open are a predecessor's.
  await closeOrphanVisits(rt.ch, log);
  const load = async () => new SiteModel(await loadSiteRecords(db), settings.params);
  const writer = new PositionsWriter({ ch: rt.ch, log });
  const engine = new PositioningEngine(await load(), { bus, writer, log, receiverWaitMs: settings.receiverWaitMs });
  let stopped = false;
  let roundTimer: NodeJS.Timeout | undefined;

  const reload = async () => {
    try {
      engine.setSite(await load());
    } catch (err) {
      log.warn({ err }, 'BLE site model reload failed; keeping the previous one');
    }
  };
  const scheduleRound = () => {
    if (roundTimer || stopped) return;
    roundTimer = setTimeout(() => {
      roundTimer = undefined;
      engine.round();
      // Tags heard but not yet due, and visits still open, need later rounds even if nothing arrives.
      if (engine.hasWork) scheduleRound();
    }, settings.roundMs);
  };
  const offStored = bus.on('ingest.stored', ({ product, rows }) => {
    if (product !== 'ble') return;
    engine.feedRows(rows);
    scheduleRound();
  });
  const offSettings = bus.on('product.settings_changed', ({ product }) => {
    if (product === 'ble') void reload();
  });
  const reloadTimer = setInterval(() => void reload(), settings.siteReloadMs);
  reloadTimer.unref();
  log.info({ roundMs: settings.roundMs, receiverWaitMs: settings.receiverWaitMs, ...settings.params }, 'BLE positioning engine started');

  return {
    engine,
    writer,
    async settle() {
      await reload();
      engine.round({ flush: true });
      await writer.drain();
    },
    async stop() {
      stopped = true;
      offStored();
      offSettings();
      clearInterval(reloadTimer);
      clearTimeout(roundTimer);
      await writer.stop();
    },
  };
}

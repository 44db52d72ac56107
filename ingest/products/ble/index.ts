import { ble as bleProduct } from '../../../core/products/ble.ts';
import type { ProductIngest } from '../product.ts';
import { bleEvents, type BleEvent } from './events.ts';
import { startBleWorkers } from './worker.ts';

/** BLE's ingest slice: iBeacon sightings into ble_events, and the positioning engine fed by them as they are stored. */
export const ble: ProductIngest<BleEvent, 'ble'> = {
  name: 'ble',
  table: bleProduct.eventTable,
  ...bleEvents,
  announceStored: true,
  start: startBleWorkers,
};

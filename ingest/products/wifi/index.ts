import { wifi as wifiProduct } from '../../../core/products/wifi.ts';
import type { ProductIngest } from '../product.ts';
import { wifiEvents, type WifiEvent } from './events.ts';
import { startWifiWorkers } from './workers.ts';

/** WiFi's ingest slice: probe frames into wifi_events, and the workers that turn them into visits. */
export const wifi: ProductIngest<WifiEvent, 'wifi'> = {
  name: 'wifi',
  table: wifiProduct.eventTable,
  ...wifiEvents,
  start: startWifiWorkers,
};

import { z } from 'zod';
import { defineProduct } from './product.ts';

/** BLE Tracking: iBeacon tags seen by the scanners, positioned on floor plans. */
export const ble = defineProduct({
  name: 'ble',
  title: 'BLE Tracking',
  eventTable: 'ble_events',
  // prototype config: BLE scanning is on by default, batches every 2.5 s.
  deviceConfig: z.looseObject({
    enabled: z.boolean().default(true),
    batch_interval_ms: z.number().int().min(100).max(3_600_000).default(2500),
  }),
  settings: z.object({}),
});

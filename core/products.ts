import { z, type ZodObject } from 'zod';

/**
 * The product registry: one entry per product. A product's name is its organization flag,
 * its uplink topic suffix (`devices/<mac>/<name>`), its API prefix (`/api/v1/client/<name>`)
 * and the key of its section in the device config.
 */
export interface ProductDefinition {
  name: string;
  title: string;
  /** Defaults merged under every device's overrides. */
  defaultDeviceConfig: Record<string, unknown>;
  /**
   * What the product's section of the device config (`config[name]`) may hold: types and ranges. Checked
   * on the merged section whenever overrides change; keys it does not name are refused (issue 17).
   */
  deviceConfig: ZodObject;
}

// A batch interval from 0.1 s to an hour: shorter floods the broker, longer makes the dashboards stale.
const batchIntervalMs = z.number().int().min(100).max(3_600_000);

export const PRODUCTS = [
  {
    name: 'ble',
    title: 'BLE Tracking',
    defaultDeviceConfig: { ble: { enabled: true, batch_interval_ms: 2500 } },
    deviceConfig: z.object({ enabled: z.boolean(), batch_interval_ms: batchIntervalMs }).partial(),
  },
  {
    name: 'wifi',
    title: 'WiFi Analytics',
    defaultDeviceConfig: { wifi: { monitor_enabled: false } },
    deviceConfig: z.object({ monitor_enabled: z.boolean(), batch_interval_ms: batchIntervalMs }).partial(),
  },
] as const satisfies readonly ProductDefinition[];

export type ProductName = (typeof PRODUCTS)[number]['name'];

export const PRODUCT_NAMES = PRODUCTS.map((p) => p.name) as [ProductName, ...ProductName[]];

/** Type guard for a string naming a registered product. */
export const isProductName = (value: string): value is ProductName =>
  (PRODUCT_NAMES as string[]).includes(value);

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
}

export const PRODUCTS = [
  { name: 'ble', title: 'BLE Tracking', defaultDeviceConfig: { ble: { enabled: true, batch_interval_ms: 2500 } } },
  { name: 'wifi', title: 'WiFi Analytics', defaultDeviceConfig: { wifi: { monitor_enabled: false } } },
] as const satisfies readonly ProductDefinition[];

export type ProductName = (typeof PRODUCTS)[number]['name'];

export const PRODUCT_NAMES = PRODUCTS.map((p) => p.name) as [ProductName, ...ProductName[]];

/** Type guard for a string naming a registered product. */
export const isProductName = (value: string): value is ProductName =>
  (PRODUCT_NAMES as string[]).includes(value);

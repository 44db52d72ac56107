import type { z } from 'zod';
import { ble } from './products/ble.ts';
import { temperature } from './products/temperature.ts';
import { wifi } from './products/wifi.ts';

/**
 * The product registry: one entry per product, each declared in its own file under core/products/
 * (name, title, event table, device config section, settings). A product's name is its organization
 * flag, its uplink topic suffix (`devices/<mac>/<name>`), its API prefix (`/api/v1/client/<name>`) and
 * the key of its section in the device config. Each tier keeps its own slices in a `products/` folder.
 */
export const PRODUCTS = [ble, wifi, temperature] as const;

type Registered = (typeof PRODUCTS)[number];
export type ProductName = Registered['name'];

/** Each product's validated settings, by product name (Config.products). */
export type ProductSettings = { [D in Registered as D['name']]: z.output<D['settings']> };

export const PRODUCT_NAMES = PRODUCTS.map((p) => p.name) as [ProductName, ...ProductName[]];

/** Type guard for a string naming a registered product. */
export const isProductName = (value: string): value is ProductName =>
  (PRODUCT_NAMES as string[]).includes(value);

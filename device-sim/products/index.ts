import { deepMerge, type ConfigObject } from '../../core/device-config.ts';
import type { ProductName } from '../../core/products.ts';
import { ble } from './ble.ts';
import type { SimProduct } from './product.ts';
import { temperature } from './temperature.ts';
import { wifi } from './wifi.ts';

/** Every product the simulator can generate traffic for; a new product adds its file and one line here. */
export const SIM_PRODUCTS: readonly SimProduct[] = [ble as SimProduct, wifi as SimProduct, temperature as SimProduct];

export function simProducts(names: readonly ProductName[]): SimProduct[] {
  return names.map((name) => {
    const product = SIM_PRODUCTS.find((p) => p.name === name);
    if (!product) throw new Error(`the simulator has no traffic model for product "${name}"`);
    return product;
  });
}

/** The device config that switches every named product on; undefined when the defaults already do. */
export function enableConfig(names: readonly ProductName[]): ConfigObject | undefined {
  const config = simProducts(names).reduce<ConfigObject>((acc, p) => deepMerge(acc, p.enableConfig), {});
  return Object.keys(config).length ? config : undefined;
}

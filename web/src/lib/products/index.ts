import type { Organization } from '$lib/api/types.ts';
import type { ProductName } from '$core/products.ts';
import { ble } from './ble/index.ts';
import type { ProductModule } from './registry.ts';
import { temperature } from './temperature/index.ts';
import { wifi } from './wifi/index.ts';

export type { ProductModule };

/** Every product the cabinet knows, in menu order. A new product = one file beside this one + one line here. */
export const PRODUCT_MODULES: readonly ProductModule[] = [wifi, ble, temperature];

export const productModule = (name: ProductName): ProductModule | undefined => PRODUCT_MODULES.find((p) => p.name === name);

/** The organization's enabled products that the cabinet has a section for. */
export const enabledProducts = (org: Organization | null): ProductModule[] =>
  org ? PRODUCT_MODULES.filter((p) => org.products.includes(p.name)) : [];

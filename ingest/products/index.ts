import type { ProductName } from '../../core/products.ts';
import { ble } from './ble/index.ts';
import type { ProductIngest } from './product.ts';
import { temperature } from './temperature.ts';
import { wifi } from './wifi/index.ts';

/** Each product's ingest slice, by product name; a new product adds one line here. */
export const INGEST_PRODUCTS: { readonly [P in ProductName]: ProductIngest<never, P> } = { ble, wifi, temperature };

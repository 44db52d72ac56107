import type { z, ZodObject, ZodType } from 'zod';

/**
 * What the platform knows of a product before any tier's slice: its name (organization flag, uplink
 * topic suffix `devices/<mac>/<name>`, API prefix `/api/v1/client/<name>`, device config section), its
 * title, where its raw events are stored, its section of the device config and its own settings.
 */
export interface ProductDefinition<N extends string = string, C extends ZodObject = ZodObject, S extends ZodType = ZodType> {
  name: N;
  title: string;
  /** ClickHouse table of its raw device events; device and organization event counts sum over these. */
  eventTable: string;
  /** Schema of the product's section of the device config (`config[name]`); its defaults are the default config. */
  deviceConfig: C;
  /** The product's environment variables (documented in README), validated at start with the platform's own. */
  settings: S;
}

/** A definition plus its default device config section, derived once from the schema. */
export type Product<N extends string = string, C extends ZodObject = ZodObject, S extends ZodType = ZodType> = ProductDefinition<N, C, S> & {
  /** `{ <name>: <section defaults> }`, merged under every device's overrides. */
  defaultDeviceConfig: Record<string, unknown>;
};

/** Declares a product (one file under core/products/, one line in core/products.ts). */
export function defineProduct<const N extends string, C extends ZodObject, S extends ZodType>(
  definition: ProductDefinition<N, C, S>,
): Product<N, C, S> {
  return { ...definition, defaultDeviceConfig: { [definition.name]: definition.deviceConfig.parse({}) as z.output<C> } };
}

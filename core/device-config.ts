import { PRODUCTS } from './products.ts';

export type ConfigObject = Record<string, unknown>;

const isPlainObject = (v: unknown): v is ConfigObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every product's default device config, merged into one document. */
export function defaultDeviceConfig(): ConfigObject {
  return PRODUCTS.reduce<ConfigObject>((acc, p) => deepMerge(acc, p.defaultDeviceConfig), {});
}

/** Deep-merges `override` over `base`: objects merge key by key, anything else (arrays included) replaces. */
export function deepMerge(base: ConfigObject, override: ConfigObject): ConfigObject {
  const out: ConfigObject = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

/** The config a device should run: product defaults with the device's overrides on top. */
export const mergedDeviceConfig = (overrides: ConfigObject): ConfigObject => deepMerge(defaultDeviceConfig(), overrides);

import { z } from 'zod';
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

/** One problem with a device's config overrides, in the API's validation_failed detail shape. */
export interface DeviceConfigIssue {
  /** Dotted path inside the overrides, e.g. `ble.batch_interval_ms`. */
  path: string;
  code: string;
  message: string;
  minimum?: number;
  maximum?: number;
}

const strictSection = new Map(PRODUCTS.map((p) => [p.name as string, z.strictObject(p.deviceConfig.shape)]));

/**
 * Checks overrides against the products' config schemas (issue 17): every top-level key must be a product,
 * each product's section — merged over its defaults, so a partial override is judged as the device will
 * run it — must match its schema, and keys a schema does not name are refused. Empty when all is well.
 */
export function deviceConfigIssues(overrides: ConfigObject): DeviceConfigIssue[] {
  const merged = mergedDeviceConfig(overrides);
  const issues: DeviceConfigIssue[] = [];
  for (const key of Object.keys(overrides)) {
    const schema = strictSection.get(key);
    if (!schema) {
      issues.push({ path: key, code: 'unrecognized_keys', message: `"${key}" is not a product's section of the device config` });
      continue;
    }
    const result = schema.safeParse(merged[key]);
    if (result.success) continue;
    for (const issue of result.error.issues) {
      const at = [key, ...issue.path.map(String)];
      if (issue.code === 'unrecognized_keys') {
        for (const unknown of issue.keys) issues.push({ path: [...at, unknown].join('.'), code: issue.code, message: `"${unknown}" is not a setting of ${key}` });
      } else {
        const bounds = issue.code === 'too_small' ? { minimum: Number(issue.minimum) } : issue.code === 'too_big' ? { maximum: Number(issue.maximum) } : {};
        issues.push({ path: at.join('.'), code: issue.code, message: issue.message, ...bounds });
      }
    }
  }
  return issues;
}

let jsonSchemas: Record<string, unknown> | undefined;

/** Each product's config section as JSON Schema, for clients that generate a settings form from it. */
export const deviceConfigSchemas = (): Record<string, unknown> =>
  (jsonSchemas ??= Object.fromEntries([...strictSection].map(([name, schema]) => [name, z.toJSONSchema(schema)])));

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

/**
 * Sections of the device config that are the platform's rather than a product's. `tunnel.ports`: the local
 * ports a device's remote-access tunnel may reach (api/tunnels); absent means the platform's TUNNEL_PORTS.
 */
const PLATFORM_SECTIONS = {
  tunnel: z.object({ ports: z.array(z.number().int().min(1).max(65535)).min(1).max(16).optional() }),
};

const strictSection = new Map<string, z.ZodType>([
  ...PRODUCTS.map((p): [string, z.ZodType] => [p.name, z.strictObject(p.deviceConfig.shape)]),
  ...Object.entries(PLATFORM_SECTIONS).map(([name, schema]): [string, z.ZodType] => [name, z.strictObject(schema.shape)]),
]);

/**
 * Checks overrides against the products' config schemas (issue 17): every top-level key must be a product
 * (or a platform section such as `tunnel`),
 * each product's section — merged over its defaults, so a partial override is judged as the device will
 * run it — must match its schema, and keys a schema does not name are refused. Empty when all is well.
 */
export function deviceConfigIssues(overrides: ConfigObject): DeviceConfigIssue[] {
  const merged = mergedDeviceConfig(overrides);
  const issues: DeviceConfigIssue[] = [];
  for (const key of Object.keys(overrides)) {
    const schema = strictSection.get(key);
    if (!schema) {
      issues.push({ path: key, code: 'unrecognized_keys', message: `"${key}" is not a section of the device config` });
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

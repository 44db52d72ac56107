import type { JsonObject } from '$lib/api/types.ts';
import { t } from '$lib/i18n/index.svelte.ts';

export type ParsedObject = { ok: true; value: JsonObject } | { ok: false; message: string };

/** Parses text that must be a JSON object, with a translated reason when it is not. */
export function parseJsonObject(source: string): ParsedObject {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (err) {
    return { ok: false, message: t('device.config.invalidJson', { reason: err instanceof Error ? err.message : String(err) }) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: t('device.config.notObject') };
  return { ok: true, value: value as JsonObject };
}

import { t } from '$lib/i18n/index.svelte.ts';
import type { TagType, Zone } from './api.ts';

/** A tag's dot by what it is: people, assets and vehicles tell apart at a glance on a busy map. */
export const TAG_COLOURS: Record<TagType, string> = { person: '#1CB5D5', asset: '#9C27B0', vehicle: '#FF5722' };

/** "Zone #3" (the number the plan gave it, never reused); "Outside zones" for none. */
export const zoneTitle = (z: Pick<Zone, 'number'> | null | undefined): string => (z ? t('ble.zone.numbered', { n: z.number }) : t('ble.live.outside'));

/** "Zone #3 · Checkout" when the zone has a name. */
export const zoneFullTitle = (z: Pick<Zone, 'number' | 'name'> | null | undefined): string => (z?.name ? `${zoneTitle(z)} · ${z.name}` : zoneTitle(z));

/** Seconds as "1 h 05 min" / "4 min 10 s" in the interface language. */
export function formatSeconds(total: number): string {
  const s = Math.round(total);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return t('ble.duration.hm', { h, m: String(m).padStart(2, '0') });
  if (m > 0) return t('ble.duration.ms', { m, s: s % 60 });
  return t('ble.duration.s', { s });
}

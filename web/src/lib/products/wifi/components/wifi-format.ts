import { trueMinus } from '$lib/format.ts';
import { locale } from '$lib/i18n/index.svelte.ts';

/** WiFi numbers in the interface language (counts go through $lib/format.ts formatNumber). */

/** 0.4237 → "42.4%" / "42,4 %". */
export const formatPercent = (share: number): string =>
  trueMinus(new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(share));

/** 18.333 → "18.3 min" / "18,3 мин". */
export const formatMinutes = (minutes: number): string =>
  new Intl.NumberFormat(locale(), { style: 'unit', unit: 'minute', unitDisplay: 'short', maximumFractionDigits: 1 }).format(minutes);

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** 1536 → "1.5 kB" / "1,5 КБ". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(locale(), { style: 'unit', unit: BYTE_UNITS[unit], unitDisplay: 'short', maximumFractionDigits: unit ? 1 : 0 }).format(value);
}

/** A local date "2026-11-20" as "Nov 20, 2026" / "20 нояб. 2026 г." (the date itself, whatever the browser's zone). */
export const formatLocalDate = (day: string): string =>
  new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

/** "Nov 20 – Nov 26, 2026", or one date when both ends are the same day. */
export const formatDayRange = (first: string, last: string): string =>
  first === last
    ? formatLocalDate(first)
    : new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).formatRange(new Date(`${first}T00:00:00Z`), new Date(`${last}T00:00:00Z`));

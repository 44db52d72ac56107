import { locale, t } from '$lib/i18n/index.svelte.ts';

/** Dates and numbers in the interface language. */

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Infinity],
];

export function formatNumber(n: number): string {
  return formatNumberWith(n, {});
}

/** A number with explicit Intl options (signs, percents, fraction digits), same locale and minus sign. */
export const formatNumberWith = (n: number, options: Intl.NumberFormatOptions): string => trueMinus(new Intl.NumberFormat(locale(), options).format(n));

/** issue 17: a true minus sign (U+2212), "−70 dBm", not a hyphen — in every locale. */
export const trueMinus = (text: string): string => text.replace(/-/g, '\u2212');

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return t('common.never');
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** brief: "Receiver #5" / "Приёмник #5", the number people use on the phone with support. */
export const deviceLabel = (device: { simple_id: number }): string => t('device.label', { n: device.simple_id });

/** "5 minutes ago" / "5 минут назад"; `now` is passed in so a ticking clock can re-render it. */
export function formatRelative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return t('common.never');
  let value = (new Date(iso).getTime() - now) / 1000;
  const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' });
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(value) < size) return rtf.format(Math.round(value), unit);
    value /= size;
  }
  return formatDateTime(iso);
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** 1536 → "1.5 KB": binary multiples, one decimal below 10, in the interface language's digits. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit > 0 && Math.abs(value) < 10 ? 1 : 0;
  return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(value)} ${BYTE_UNITS[unit]}`;
}

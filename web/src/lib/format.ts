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

export function formatNumber(n: number, options: Intl.NumberFormatOptions = {}): string {
  return trueMinus(new Intl.NumberFormat(locale(), options).format(n));
}

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

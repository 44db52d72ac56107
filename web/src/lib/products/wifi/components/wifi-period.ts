import { WIFI_PERIODS, type Granularity, type WifiPeriod, type WifiPeriodName } from '$lib/products/wifi/api.ts';
import type { MessageKey } from '$lib/i18n/index.svelte.ts';

/**
 * The WiFi pages keep their period in the URL (`?period=custom&from=…&to=…&granularity=hour`), so a
 * reload, the back button and a shared link show the same numbers.
 */

export const DEFAULT_PERIOD: WifiPeriodName = 'week';

export const PERIOD_LABELS: Record<WifiPeriodName, MessageKey> = {
  today: 'wifi.period.today',
  yesterday: 'wifi.period.yesterday',
  week: 'wifi.period.week',
  month: 'wifi.period.month',
  custom: 'wifi.period.custom',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 366;

const isPeriodName = (v: string | null): v is WifiPeriodName => WIFI_PERIODS.includes(v as WifiPeriodName);

/** The period in the URL; a custom one without both dates falls back to the default. */
export function periodFromUrl(params: URLSearchParams): WifiPeriod {
  const name = params.get('period');
  if (!isPeriodName(name)) return { period: DEFAULT_PERIOD };
  if (name !== 'custom') return { period: name };
  const [from, to] = [params.get('from') ?? '', params.get('to') ?? ''];
  return DATE.test(from) && DATE.test(to) ? { period: 'custom', from, to } : { period: DEFAULT_PERIOD };
}

/** URL parameters for a period (the default is simply absent). */
export const periodToQuery = (p: WifiPeriod): Record<string, string | null> => ({
  period: p.period === DEFAULT_PERIOD ? null : p.period,
  from: p.period === 'custom' ? (p.from ?? null) : null,
  to: p.period === 'custom' ? (p.to ?? null) : null,
});

/** Hours for a day or two, days for longer periods, unless the URL says otherwise. */
export function granularityFromUrl(params: URLSearchParams, p: WifiPeriod): Granularity {
  const g = params.get('granularity');
  if (g === 'day' || g === 'hour') return g;
  return p.period === 'today' || p.period === 'yesterday' || (p.period === 'custom' && p.from === p.to) ? 'hour' : 'day';
}

/**
 * What is wrong with a custom range, as a message key (the API checks too; this answers before asking).
 * `today` is the browser's local date: a range may not end after it (there are no numbers from the future).
 */
export function customRangeProblem(from: string, to: string, today = localDay(new Date())): MessageKey | null {
  if (!DATE.test(from) || !DATE.test(to)) return null;
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days < 1) return 'wifi.period.invalid';
  if (days > MAX_DAYS) return 'wifi.period.tooLong';
  if (to > today) return 'wifi.period.future';
  return null;
}

/** A date as the browser's calendar shows it, `YYYY-MM-DD`. */
export const localDay = (d: Date): string => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** The last 7 days by the browser's calendar: where a custom range starts when the page has no period from the API. */
export function lastWeek(now = new Date()): { first_day: string; last_day: string } {
  return { first_day: localDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 6)), last_day: localDay(now) };
}

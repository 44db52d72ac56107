import type { MessageKey } from '$lib/i18n/index.svelte.ts';

/** The periods a client can count events over; "today" is the API's default (the organization's local day). */
export const PERIODS = ['today', 'week', 'month'] as const;
export type PeriodName = (typeof PERIODS)[number];

export const PERIOD_LABELS: Record<PeriodName, MessageKey> = { today: 'period.today', week: 'period.week', month: 'period.month' };

const DAYS: Record<PeriodName, number> = { today: 0, week: 7, month: 30 };

export const isPeriod = (value: string | null): value is PeriodName => PERIODS.includes(value as PeriodName);

/** from/to query parameters for a period (none for today, so the server uses the organization's time zone). */
export function periodRange(name: PeriodName, now = new Date()): { from?: string; to?: string } {
  if (name === 'today') return {};
  return { from: new Date(now.getTime() - DAYS[name] * 86_400_000).toISOString(), to: now.toISOString() };
}

import type { MessageKey } from '$lib/i18n/index.svelte.ts';

/** The periods a client can count events over; "today" is the API's default (the organization's local day). */
export const PERIODS = ['today', 'week', 'month'] as const;
export type PeriodName = (typeof PERIODS)[number];

export const PERIOD_LABELS: Record<PeriodName, MessageKey> = { today: 'period.today', week: 'period.week', month: 'period.month' };

export const isPeriod = (value: string | null): value is PeriodName => PERIODS.includes(value as PeriodName);

/**
 * The query naming a period: the server counts it in the organization's local days ("week" = the last
 * 7 days including today), the same meaning every dashboard uses, rather than the browser's clock.
 */
export const periodQuery = (name: PeriodName): { period: PeriodName } => ({ period: name });

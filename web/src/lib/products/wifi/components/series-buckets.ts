import type { Granularity, ResolvedPeriod, SeriesPoint } from '$lib/products/wifi/api.ts';

/**
 * The series API lists only buckets that saw something; a chart of "the last 7 days" needs all seven.
 * Fills every local day (or hour, up to the period's end) of the period with zeros where nothing was seen.
 */
export function fillSeries(points: SeriesPoint[], period: ResolvedPeriod, granularity: Granularity): SeriesPoint[] {
  const seen = new Map(points.map((p) => [p.bucket, p]));
  const last = granularity === 'hour' ? localHour(period.to, period.time_zone) : period.last_day;
  const buckets: string[] = [];
  for (let day = period.first_day; day <= period.last_day; day = nextDay(day)) {
    if (granularity === 'day') buckets.push(day);
    else for (let h = 0; h < 24; h++) buckets.push(`${day}T${String(h).padStart(2, '0')}:00`);
  }
  return buckets.filter((b) => b <= last).map((bucket) => seen.get(bucket) ?? empty(bucket));
}

const empty = (bucket: string): SeriesPoint => ({ bucket, uniques: 0, uniques_real: 0, uniques_randomized: 0, visitors: 0, visits: 0, events: 0 });

const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The local hour bucket (`YYYY-MM-DDTHH:00`) that holds the last moment before `endIso`. */
function localHour(endIso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(Date.parse(endIso) - 1));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:00`;
}

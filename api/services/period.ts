import { AppError } from '../../core/errors.ts';
import { localDate, zonedMidnight, type LocalDate } from '../../core/time-zones.ts';
import { z } from '../http/openapi.ts';

const LocalDateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-23');

/** How a dashboard names its period: the presets count whole local days up to now; custom takes local dates. */
export const PeriodQuery = {
  period: z.enum(['today', 'yesterday', 'week', 'month', 'custom']).default('today')
    .describe('today; yesterday; week = the last 7 days incl. today; month = the last 30 days incl. today; custom = from..to'),
  from: LocalDateString.optional().describe('custom: first local date (inclusive)'),
  to: LocalDateString.optional().describe('custom: last local date (inclusive)'),
};

export interface ResolvedPeriod {
  from: Date;
  to: Date;
  /** The local dates covered, for labels and CSV file names. */
  firstDay: string;
  lastDay: string;
}

// A year of raw-grain analytics is the most a dashboard may ask for in one request.
const MAX_DAYS = 366;

/** Turns a period choice into UTC instants, with days starting at local midnight in the organization's zone. */
export function resolvePeriod(
  q: { period: 'today' | 'yesterday' | 'week' | 'month' | 'custom'; from?: string; to?: string },
  timeZone: string,
  now = new Date(),
): ResolvedPeriod {
  const today = localDate(now, timeZone);
  const shift = (d: LocalDate, days: number): LocalDate => ({ ...d, day: d.day + days });
  switch (q.period) {
    case 'today':
      return span(today, today, timeZone, now);
    case 'yesterday':
      return span(shift(today, -1), shift(today, -1), timeZone);
    case 'week':
      return span(shift(today, -6), today, timeZone, now);
    case 'month':
      return span(shift(today, -29), today, timeZone, now);
    case 'custom': {
      if (!q.from || !q.to) throw new AppError(400, 'invalid_period', 'A custom period needs both `from` and `to` dates');
      const [first, last] = [parse(q.from), parse(q.to)];
      const resolved = span(first, last, timeZone);
      const days = Math.round((Date.UTC(last.year, last.month - 1, last.day) - Date.UTC(first.year, first.month - 1, first.day)) / 86_400_000) + 1;
      if (days < 1) throw new AppError(400, 'invalid_period', '`from` must not be after `to`', { from: q.from, to: q.to });
      if (days > MAX_DAYS) throw new AppError(400, 'invalid_period', `A period may cover at most ${MAX_DAYS} days`, { days });
      // issue 17: a period ending after today would promise numbers nobody can have yet.
      if (Date.UTC(last.year, last.month - 1, last.day) > Date.UTC(today.year, today.month - 1, today.day)) {
        throw new AppError(400, 'period_in_future', 'A period must not end after today', { to: q.to, today: format(zonedMidnightDate(today)) });
      }
      return resolved;
    }
  }
}

/** From local midnight of `first` to local midnight after `last` (or `until`, if earlier). */
function span(first: LocalDate, last: LocalDate, timeZone: string, until?: Date): ResolvedPeriod {
  const from = zonedMidnight(first, timeZone);
  const end = zonedMidnight({ ...last, day: last.day + 1 }, timeZone);
  return { from, to: until && until < end ? until : end, firstDay: format(zonedMidnightDate(first)), lastDay: format(zonedMidnightDate(last)) };
}

const zonedMidnightDate = (d: LocalDate) => new Date(Date.UTC(d.year, d.month - 1, d.day));
const format = (d: Date) => d.toISOString().slice(0, 10);

function parse(s: string): LocalDate {
  const [year, month, day] = s.split('-').map(Number) as [number, number, number];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new AppError(400, 'validation_failed', `${s} is not a calendar date`, [{ in: 'query', message: `${s} is not a calendar date` }]);
  }
  return { year, month, day };
}

/**
 * The period just before `p`, as long in local days, for "compared with the previous period": the previous 7
 * days for a week, yesterday for today. A period still running (today up to now) is compared with the same
 * stretch of its predecessor, so a morning is not compared with a whole day.
 */
export function previousPeriod(p: ResolvedPeriod, timeZone: string): ResolvedPeriod {
  const [first, last] = [parse(p.firstDay), parse(p.lastDay)];
  const days = Math.round((Date.UTC(last.year, last.month - 1, last.day) - Date.UTC(first.year, first.month - 1, first.day)) / 86_400_000) + 1;
  const shift = (d: LocalDate): LocalDate => ({ ...d, day: d.day - days });
  const previous = span(shift(first), shift(last), timeZone);
  const running = p.to < zonedMidnight({ ...last, day: last.day + 1 }, timeZone);
  return running ? { ...previous, to: new Date(previous.from.getTime() + (p.to.getTime() - p.from.getTime())) } : previous;
}

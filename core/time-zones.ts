/** A calendar date, as people in some time zone see it. */
export interface LocalDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

/** Whether the runtime knows an IANA time zone name (e.g. `Europe/Moscow`). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The calendar date in `timeZone` at an instant. */
export function localDate(at: Date, timeZone: string): LocalDate {
  const p = zonedParts(at, timeZone);
  return { year: p.year, month: p.month, day: p.day };
}

/** The instant a local calendar date began in `timeZone`; day overflow rolls over (day 0 = last of previous month). */
export function zonedMidnight(date: LocalDate, timeZone: string): Date {
  const midnightAsUtc = Date.UTC(date.year, date.month - 1, date.day);
  // Local midnight = UTC midnight of that date minus the zone's offset then (twice, for DST edges).
  let guess = midnightAsUtc - offsetMs(new Date(midnightAsUtc), timeZone);
  guess = midnightAsUtc - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

/** The instant local midnight began in `timeZone` on the calendar day that contains `at`. */
export const startOfDay = (at: Date, timeZone: string): Date => zonedMidnight(localDate(at, timeZone), timeZone);

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetMs(at: Date, timeZone: string): number {
  const p = zonedParts(at, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

function zonedParts(at: Date, timeZone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  return Object.fromEntries(format.formatToParts(at).map((x) => [x.type, Number(x.value)])) as ReturnType<typeof zonedParts>;
}

import t from 'tap';
import { isTimeZone, localDate, startOfDay, zonedMidnight } from '../../core/time-zones.ts';
import { resolvePeriod } from '../../api/services/period.ts';

t.test('local midnight in zones east and west of UTC, and across DST changes', async (t) => {
  const at = new Date('2026-11-23T14:30:00Z');
  t.equal(startOfDay(at, 'UTC').toISOString(), '2026-11-23T00:00:00.000Z');
  t.equal(startOfDay(at, 'Europe/Moscow').toISOString(), '2026-11-22T21:00:00.000Z');
  t.equal(startOfDay(at, 'Asia/Kolkata').toISOString(), '2026-11-22T18:30:00.000Z', 'half-hour offset');
  t.equal(startOfDay(new Date('2026-11-23T22:30:00Z'), 'Asia/Tokyo').toISOString(), '2026-11-23T15:00:00.000Z', 'already tomorrow in Tokyo');
  // New York springs forward on 2026-03-08 at 02:00 and falls back on 2026-11-01 at 02:00.
  t.equal(zonedMidnight({ year: 2026, month: 3, day: 8 }, 'America/New_York').toISOString(), '2026-03-08T05:00:00.000Z');
  t.equal(zonedMidnight({ year: 2026, month: 3, day: 9 }, 'America/New_York').toISOString(), '2026-03-09T04:00:00.000Z');
  t.equal(zonedMidnight({ year: 2026, month: 11, day: 1 }, 'America/New_York').toISOString(), '2026-11-01T04:00:00.000Z');
  t.equal(zonedMidnight({ year: 2026, month: 11, day: 2 }, 'America/New_York').toISOString(), '2026-11-02T05:00:00.000Z');
  t.same(localDate(new Date('2026-12-31T23:30:00Z'), 'Europe/Berlin'), { year: 2027, month: 1, day: 1 });
  t.equal(zonedMidnight({ year: 2026, month: 3, day: 0 }, 'UTC').toISOString(), '2026-02-28T00:00:00.000Z', 'day 0 rolls back');
});

t.test('time zone names are checked against the runtime’s database', async (t) => {
  t.ok(isTimeZone('Europe/Moscow'));
  t.notOk(isTimeZone('Mars/Olympus'));
  t.notOk(isTimeZone(''));
});

t.test('dashboard periods are whole local days up to now', async (t) => {
  const now = new Date('2026-11-23T10:00:00Z'); // 13:00 in Moscow
  const today = resolvePeriod({ period: 'today' }, 'Europe/Moscow', now);
  t.same([today.from.toISOString(), today.to.toISOString(), today.firstDay, today.lastDay], ['2026-11-22T21:00:00.000Z', now.toISOString(), '2026-11-23', '2026-11-23']);
  const yesterday = resolvePeriod({ period: 'yesterday' }, 'Europe/Moscow', now);
  t.same([yesterday.from.toISOString(), yesterday.to.toISOString()], ['2026-11-21T21:00:00.000Z', '2026-11-22T21:00:00.000Z']);
  const week = resolvePeriod({ period: 'week' }, 'Europe/Moscow', now);
  t.equal(week.firstDay, '2026-11-17', 'seven days including today');
  const month = resolvePeriod({ period: 'month' }, 'Europe/Moscow', now);
  t.equal(month.firstDay, '2026-10-25', 'thirty days including today');
  const custom = resolvePeriod({ period: 'custom', from: '2026-10-31', to: '2026-11-01' }, 'America/New_York', now);
  t.same([custom.from.toISOString(), custom.to.toISOString()], ['2026-10-31T04:00:00.000Z', '2026-11-02T05:00:00.000Z'], 'a 25-hour day');
  t.throws(() => resolvePeriod({ period: 'custom', from: '2026-11-02', to: '2026-11-01' }, 'UTC', now), { code: 'invalid_period' });
  t.throws(() => resolvePeriod({ period: 'custom', from: '2026-02-30', to: '2026-03-01' }, 'UTC', now), { code: 'validation_failed' });
  t.throws(() => resolvePeriod({ period: 'custom', from: '2024-01-01', to: '2026-01-01' }, 'UTC', now), { code: 'invalid_period' });
  t.throws(() => resolvePeriod({ period: 'custom' }, 'UTC', now), { code: 'invalid_period' });
});

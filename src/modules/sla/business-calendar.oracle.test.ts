// The indexed calendar arithmetic against the day-by-day walk it replaced (kept here as the
// oracle): same instants, same minutes, same failures, over random calendars (offsets, working
// periods as the admin form allows them, holidays on weekdays and 调休 make-up Saturdays and
// Sundays, long closures), random instants and random durations, fractional ones included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { type BusinessCalendar, SEARCH_LIMIT_DAYS, addWorkingMinutes, workingMinutesBetween } from './business-calendar.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

// ---- the oracle: the previous implementation, verbatim ----

function oracleLocalDay(calendar: BusinessCalendar, at: Date): string {
  return new Date(at.getTime() + calendar.offsetMinutes * MINUTE).toISOString().slice(0, 10);
}

function oracleLocalMidnight(calendar: BusinessCalendar, at: number): number {
  const shifted = at + calendar.offsetMinutes * MINUTE;
  return shifted - (((shifted % DAY) + DAY) % DAY) - calendar.offsetMinutes * MINUTE;
}

function oracleIsWorkingDay(calendar: BusinessCalendar, day: string): boolean {
  const exception = calendar.exceptions.get(day);
  if (exception) return exception === 'workday';
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

function oraclePeriodsOfDay(calendar: BusinessCalendar, midnight: number): Array<[number, number]> {
  const day = oracleLocalDay(calendar, new Date(midnight));
  if (!oracleIsWorkingDay(calendar, day)) return [];
  return calendar.periods.map(([s, e]) => [midnight + s * MINUTE, midnight + e * MINUTE]);
}

const EXHAUSTED = 'exhausted';

function oracleAddWorkingMinutes(calendar: BusinessCalendar, start: Date, minutes: number): Date | typeof EXHAUSTED {
  let remaining = minutes * MINUTE;
  let midnight = oracleLocalMidnight(calendar, start.getTime());
  for (let i = 0; i <= SEARCH_LIMIT_DAYS; i++, midnight += DAY) {
    for (const [s, e] of oraclePeriodsOfDay(calendar, midnight)) {
      const from = Math.max(s, start.getTime());
      if (from >= e) continue;
      if (remaining === 0) return new Date(from);
      const available = e - from;
      if (remaining <= available) return new Date(from + remaining);
      remaining -= available;
    }
  }
  return EXHAUSTED;
}

function oracleWorkingMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  if (to.getTime() <= from.getTime()) return 0;
  let total = 0;
  let midnight = oracleLocalMidnight(calendar, from.getTime());
  for (; midnight < to.getTime(); midnight += DAY) {
    for (const [s, e] of oraclePeriodsOfDay(calendar, midnight)) {
      const a = Math.max(s, from.getTime());
      const b = Math.min(e, to.getTime());
      if (b > a) total += b - a;
    }
  }
  return total / MINUTE;
}

// ---- random calendars ----

const RANGE_FROM = Date.UTC(2025, 0, 1);
const RANGE_TO = Date.UTC(2027, 11, 31);
const dayKey = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Working periods as the admin form accepts them: whole minutes, sorted, not overlapping (touching allowed), within the day. */
const periodsArb = fc
  .uniqueArray(fc.integer({ min: 0, max: 24 * 60 }), { minLength: 0, maxLength: 8 })
  .map((points) => {
    const sorted = [...points].sort((a, b) => a - b);
    const periods: Array<readonly [number, number]> = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) periods.push([sorted[i] as number, sorted[i + 1] as number]);
    return periods;
  });

/** Exceptions: single days (holidays, make-up days on any weekday or weekend) and runs of holidays up to well past the search limit. */
const exceptionsArb = fc
  .array(
    fc.record({
      day: fc.integer({ min: 0, max: Math.floor((RANGE_TO - RANGE_FROM) / DAY) }),
      length: fc.oneof({ weight: 6, arbitrary: fc.constant(1) }, { weight: 3, arbitrary: fc.integer({ min: 2, max: 10 }) }, { weight: 1, arbitrary: fc.integer({ min: 300, max: 500 }) }),
      kind: fc.constantFrom('holiday' as const, 'workday' as const),
    }),
    { maxLength: 40 },
  )
  .map((runs) => {
    const exceptions = new Map<string, 'holiday' | 'workday'>();
    for (const run of runs) {
      for (let d = 0; d < run.length; d++) exceptions.set(dayKey(RANGE_FROM + (run.day + d) * DAY), run.length > 10 ? 'holiday' : run.kind);
    }
    return exceptions;
  });

const calendarArb: fc.Arbitrary<BusinessCalendar> = fc.record({
  offsetMinutes: fc.oneof({ weight: 3, arbitrary: fc.constant(480) }, { weight: 1, arbitrary: fc.integer({ min: -720, max: 840 }) }),
  periods: periodsArb,
  exceptions: exceptionsArb,
});

const instantArb = fc.oneof(
  fc.integer({ min: RANGE_FROM, max: RANGE_TO }),
  // whole minutes and local midnights: the boundaries where off-by-one errors live
  fc.integer({ min: RANGE_FROM / MINUTE, max: RANGE_TO / MINUTE }).map((m) => m * MINUTE),
  fc.integer({ min: RANGE_FROM / DAY, max: RANGE_TO / DAY }).map((d) => d * DAY - 480 * MINUTE),
);

/** Durations: zero, minutes, days of working time, fractions (as minutesBetween returns them), and more than the search limit holds. */
const minutesArb = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 600 }),
  fc.integer({ min: 0, max: 60_000 }),
  fc.integer({ min: 0, max: 400_000 }),
  fc.integer({ min: 0, max: 20_000_000 }).map((ms) => ms / MINUTE),
  fc.double({ min: 0, max: 5_000, noNaN: true }),
);

function outcome(run: () => Date): number | typeof EXHAUSTED {
  try {
    return run().getTime();
  } catch (error) {
    if (error instanceof AppError && error.code === 'unprocessable') return EXHAUSTED;
    throw error;
  }
}

describe('indexed business calendar against the day-by-day walk', () => {
  it('addWorkingMinutes finds the same instant, or gives up the same way', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, minutesArb, (calendar, startMs, minutes) => {
        const start = new Date(startMs);
        const expected = oracleAddWorkingMinutes(calendar, start, minutes);
        expect(outcome(() => addWorkingMinutes(calendar, start, minutes))).toBe(expected === EXHAUSTED ? EXHAUSTED : expected.getTime());
      }),
      { numRuns: 1_000 },
    );
  });

  it('workingMinutesBetween counts the same minutes, to the last bit', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, instantArb, (calendar, a, b) => {
        expect(workingMinutesBetween(calendar, new Date(a), new Date(b))).toBe(oracleWorkingMinutesBetween(calendar, new Date(a), new Date(b)));
        expect(workingMinutesBetween(calendar, new Date(b), new Date(a))).toBe(oracleWorkingMinutesBetween(calendar, new Date(b), new Date(a)));
      }),
      { numRuns: 1_000 },
    );
  });

  it('adds back what it measured: durations taken from workingMinutesBetween', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, instantArb, instantArb, (calendar, a, b, startMs) => {
        const minutes = workingMinutesBetween(calendar, new Date(Math.min(a, b)), new Date(Math.max(a, b)));
        const start = new Date(startMs);
        const expected = oracleAddWorkingMinutes(calendar, start, minutes);
        expect(outcome(() => addWorkingMinutes(calendar, start, minutes))).toBe(expected === EXHAUSTED ? EXHAUSTED : expected.getTime());
      }),
      { numRuns: 600 },
    );
  });

  it('agrees on a make-up Saturday, a weekday holiday and the last day of the search', () => {
    const calendar: BusinessCalendar = {
      offsetMinutes: 480,
      periods: [[540, 720], [840, 1080]],
      exceptions: new Map([['2026-02-14', 'workday'], ['2026-04-06', 'holiday']]),
    };
    const friday = new Date('2026-02-13T17:00:00+08:00');
    expect(addWorkingMinutes(calendar, friday, 120)).toEqual(new Date('2026-02-14T10:00:00+08:00'));
    expect(addWorkingMinutes(calendar, new Date('2026-04-03T17:00:00+08:00'), 120)).toEqual(new Date('2026-04-07T10:00:00+08:00'));
    // Exactly the working time of the 400 days after the start: found at the last period's end.
    const start = new Date('2026-03-01T00:00:00+08:00');
    const all = oracleWorkingMinutesBetween(calendar, start, new Date(start.getTime() + (SEARCH_LIMIT_DAYS + 1) * DAY));
    expect(addWorkingMinutes(calendar, start, all)).toEqual(oracleAddWorkingMinutes(calendar, start, all));
    expect(() => addWorkingMinutes(calendar, start, all + 1 / 60_000)).toThrow(AppError);
  });
});

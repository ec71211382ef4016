// Working-time arithmetic on the shipped 2026 calendar (UTC+8, 09:00–12:00 and 14:00–18:00).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import {
  type BusinessCalendar,
  addWorkingMinutes,
  deadlineAfter,
  isWorkingDay,
  localDay,
  minutesBetween,
  workingMinutesBetween,
} from './business-calendar.js';
import { shippedCalendarYears, shippedWorkHours, toCalendar } from './sla.service.js';

const year2026 = shippedCalendarYears().find((y) => y.year === 2026);
if (!year2026) throw new Error('data/calendar/2026.json is missing');
const calendar = toCalendar(
  shippedWorkHours(),
  Object.entries(year2026.days).map(([day, d]) => ({ day, kind: d.kind })),
);

/** An instant given as local (UTC+8) wall time. */
const local = (text: string) => new Date(`${text}+08:00`);

describe('business calendar', () => {
  it('carries 120 working minutes from a Friday 17:00 to Monday 10:00', () => {
    expect(localDay(calendar, local('2026-03-06T17:00:00'))).toBe('2026-03-06');
    expect(addWorkingMinutes(calendar, local('2026-03-06T17:00:00'), 120)).toEqual(local('2026-03-09T10:00:00'));
    expect(workingMinutesBetween(calendar, local('2026-03-06T17:00:00'), local('2026-03-09T10:00:00'))).toBe(120);
  });

  it('skips a weekday holiday (清明, Monday 2026-04-06)', () => {
    expect(isWorkingDay(calendar, '2026-04-06')).toBe(false);
    expect(addWorkingMinutes(calendar, local('2026-04-03T17:00:00'), 120)).toEqual(local('2026-04-07T10:00:00'));
  });

  it('works on a make-up Saturday (春节调休, 2026-02-14)', () => {
    expect(isWorkingDay(calendar, '2026-02-14')).toBe(true);
    expect(isWorkingDay(calendar, '2026-02-21')).toBe(false);
    expect(addWorkingMinutes(calendar, local('2026-02-13T17:00:00'), 120)).toEqual(local('2026-02-14T10:00:00'));
  });

  it('skips the lunch break and starts from the next working minute outside working time', () => {
    expect(addWorkingMinutes(calendar, local('2026-03-09T11:30:00'), 60)).toEqual(local('2026-03-09T14:30:00'));
    expect(addWorkingMinutes(calendar, local('2026-03-07T03:00:00'), 0)).toEqual(local('2026-03-09T09:00:00'));
  });

  it('measures wall-clock deadlines in plain minutes', () => {
    const start = local('2026-03-07T23:00:00');
    expect(deadlineAfter(calendar, start, 90, true)).toEqual(new Date(start.getTime() + 90 * 60_000));
    expect(minutesBetween(calendar, start, new Date(start.getTime() + 90 * 60_000), true)).toBe(90);
    expect(minutesBetween(calendar, start, local('2026-03-09T09:30:00'), false)).toBe(30);
  });

  it('workingMinutesBetween inverts addWorkingMinutes for any start and duration', () => {
    const from = local('2025-12-20T00:00:00').getTime();
    const to = local('2027-01-10T00:00:00').getTime();
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), fc.integer({ min: 0, max: 20_000 }), (startMs, minutes) => {
        const start = new Date(startMs);
        const end = addWorkingMinutes(calendar, start, minutes);
        expect(end.getTime()).toBeGreaterThanOrEqual(start.getTime());
        expect(workingMinutesBetween(calendar, start, end)).toBeCloseTo(minutes, 9);
        // The deadline lies in working time (or at the end of a period): one minute more moves it.
        expect(addWorkingMinutes(calendar, start, minutes + 1).getTime()).toBeGreaterThan(end.getTime());
      }),
      { numRuns: 500 },
    );
  });

  it('fails with a clear unprocessable error when every day is a holiday', () => {
    const exceptions = new Map<string, 'holiday' | 'workday'>();
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2028, 0, 1); t += 86_400_000) exceptions.set(new Date(t).toISOString().slice(0, 10), 'holiday');
    const closed: BusinessCalendar = { ...calendar, exceptions };
    const attempt = () => addWorkingMinutes(closed, local('2026-03-06T10:00:00'), 60);
    expect(attempt).toThrow(AppError);
    try {
      attempt();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('unprocessable');
      expect((error as AppError).errors?.[0]?.field).toBe('calendar');
    }
    expect(workingMinutesBetween(closed, local('2026-03-06T10:00:00'), local('2026-12-31T10:00:00'))).toBe(0);
  });

  it('fails the same way when a working day has no working periods', () => {
    const noHours: BusinessCalendar = { ...calendar, periods: [] };
    expect(() => deadlineAfter(noHours, local('2026-03-06T10:00:00'), 1, false)).toThrow(/no working time/);
    expect(deadlineAfter(noHours, local('2026-03-06T10:00:00'), 1, true)).toEqual(new Date(local('2026-03-06T10:00:00').getTime() + 60_000));
  });
});

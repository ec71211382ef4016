// Working-time arithmetic on a business calendar: weekdays work, weekends rest, except for the
// listed holidays and make-up working days (调休); each working day has fixed local working periods.
// Pure functions, no I/O: the SLA service loads the calendar and passes it in.
import { AppError } from '../../errors.js';

export interface BusinessCalendar {
  /** Minutes east of UTC of the local time the periods are in (China: 480). */
  offsetMinutes: number;
  /** Working periods of a working day, as [start, end) minutes after local midnight, sorted. */
  periods: ReadonlyArray<readonly [number, number]>;
  /** Exceptions to the weekday rule, by local date `YYYY-MM-DD`. */
  exceptions: ReadonlyMap<string, 'holiday' | 'workday'>;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** How far ahead a deadline search looks before giving up on a calendar without working time. */
export const SEARCH_LIMIT_DAYS = 400;

export function parseHhMm(value: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  if (!match) throw new Error(`expected HH:MM, got "${value}"`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (minutes > 24 * 60) throw new Error(`time out of range: "${value}"`);
  return minutes;
}

/** The local date (YYYY-MM-DD) of an instant. */
export function localDay(calendar: BusinessCalendar, at: Date): string {
  return new Date(at.getTime() + calendar.offsetMinutes * MINUTE).toISOString().slice(0, 10);
}

/** UTC epoch ms of local midnight of the local day containing `at`. */
function localMidnight(calendar: BusinessCalendar, at: number): number {
  const shifted = at + calendar.offsetMinutes * MINUTE;
  return shifted - (((shifted % DAY) + DAY) % DAY) - calendar.offsetMinutes * MINUTE;
}

export function isWorkingDay(calendar: BusinessCalendar, day: string): boolean {
  const exception = calendar.exceptions.get(day);
  if (exception) return exception === 'workday';
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

/** Working periods of the local day starting at `midnight`, as absolute [start, end) ms. */
function periodsOfDay(calendar: BusinessCalendar, midnight: number): Array<[number, number]> {
  const day = localDay(calendar, new Date(midnight));
  if (!isWorkingDay(calendar, day)) return [];
  return calendar.periods.map(([s, e]) => [midnight + s * MINUTE, midnight + e * MINUTE]);
}

function exhausted(start: Date): AppError {
  return new AppError(
    'unprocessable',
    `The business calendar has no working time within ${SEARCH_LIMIT_DAYS} days after ${start.toISOString()}: check the calendar's holidays and working hours`,
    { errors: [{ field: 'calendar', message: 'no working time left' }] },
  );
}

/** The instant `minutes` working minutes after `start`. */
export function addWorkingMinutes(calendar: BusinessCalendar, start: Date, minutes: number): Date {
  let remaining = minutes * MINUTE;
  let midnight = localMidnight(calendar, start.getTime());
  for (let i = 0; i <= SEARCH_LIMIT_DAYS; i++, midnight += DAY) {
    for (const [s, e] of periodsOfDay(calendar, midnight)) {
      const from = Math.max(s, start.getTime());
      if (from >= e) continue;
      if (remaining === 0) return new Date(from);
      const available = e - from;
      if (remaining <= available) return new Date(from + remaining);
      remaining -= available;
    }
  }
  throw exhausted(start);
}

/** Working minutes in [from, to); 0 when to <= from. */
export function workingMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  if (to.getTime() <= from.getTime()) return 0;
  let total = 0;
  let midnight = localMidnight(calendar, from.getTime());
  for (; midnight < to.getTime(); midnight += DAY) {
    for (const [s, e] of periodsOfDay(calendar, midnight)) {
      const a = Math.max(s, from.getTime());
      const b = Math.min(e, to.getTime());
      if (b > a) total += b - a;
    }
  }
  return total / MINUTE;
}

/** A deadline `minutes` after `start`: working time, or plain minutes when `wallClock`. */
export function deadlineAfter(calendar: BusinessCalendar, start: Date, minutes: number, wallClock: boolean): Date {
  return wallClock ? new Date(start.getTime() + minutes * MINUTE) : addWorkingMinutes(calendar, start, minutes);
}

/** Time left on a deadline measured like the deadline itself. */
export function minutesBetween(calendar: BusinessCalendar, from: Date, to: Date, wallClock: boolean): number {
  if (wallClock) return Math.max(0, (to.getTime() - from.getTime()) / MINUTE);
  return workingMinutesBetween(calendar, from, to);
}

// Working-time arithmetic on a business calendar: weekdays work, weekends rest, except for the
// listed holidays and make-up working days (调休); each working day has fixed local working periods.
// Pure functions, no I/O: the SLA service loads the calendar and passes it in.
//
// Days are numbered (local days since 1970-01-01). A calendar is indexed once (kept per calendar
// object, so a calendar must not be changed after its first use): the exception days sorted by
// number, with the running difference they make to the weekday count. Whether a day works and how
// many working days lie before it are then arithmetic (weeks × 5 plus a binary search), so a
// deadline days away or a duration across months costs the same as one within a day: only the
// first and the last day are walked period by period, the days between count whole.
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
const MINUTES_PER_DAY = 24 * 60;
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

export function isWorkingDay(calendar: BusinessCalendar, day: string): boolean {
  const exception = calendar.exceptions.get(day);
  if (exception) return exception === 'workday';
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

/** Monday to Friday, for a day number (day 0, 1970-01-01, was a Thursday). */
function isWeekday(day: number): boolean {
  const weekday = mod(day + 3, 7); // 0 = Monday
  return weekday < 5;
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

interface CalendarIndex {
  offsetMs: number;
  /** Working periods with a positive length, as ms after local midnight. */
  periods: Array<readonly [number, number]>;
  /** Working ms of one working day. */
  dayMs: number;
  /**
   * Every period lies within its day in whole ms, so a day strictly between two others is either
   * entirely working time or none: whole days may be counted instead of walked.
   */
  wholeDays: boolean;
  /** Exception days by number, ascending; whether each works; exceptionShift[k]: working days the first k exceptions add to the weekday count. */
  exceptionDays: number[];
  exceptionWorks: boolean[];
  exceptionShift: number[];
}

const indexes = new WeakMap<BusinessCalendar, CalendarIndex>();

function indexOf(calendar: BusinessCalendar): CalendarIndex {
  const cached = indexes.get(calendar);
  if (cached) return cached;
  const offsetMs = calendar.offsetMinutes * MINUTE;
  // A period that does not end after it starts never holds working time.
  const periods = calendar.periods.filter(([s, e]) => e > s).map(([s, e]) => [s * MINUTE, e * MINUTE] as const);
  const dayMs = periods.reduce((sum, [s, e]) => sum + (e - s), 0);
  const wholeDays =
    Number.isInteger(offsetMs) && calendar.periods.every(([s, e]) => Number.isInteger(s * MINUTE) && Number.isInteger(e * MINUTE) && s >= 0 && e <= MINUTES_PER_DAY);
  const exceptions: Array<{ day: number; works: boolean }> = [];
  for (const [key, kind] of calendar.exceptions) {
    const day = dayNumberOfDate(key);
    // Only a truthy exception overrides the weekday rule; any kind but 'workday' rests.
    if (day !== undefined && kind) exceptions.push({ day, works: kind === 'workday' });
  }
  exceptions.sort((a, b) => a.day - b.day);
  const exceptionShift = [0];
  for (const e of exceptions) exceptionShift.push((exceptionShift.at(-1) ?? 0) + Number(e.works) - Number(isWeekday(e.day)));
  const index: CalendarIndex = {
    offsetMs,
    periods,
    dayMs,
    wholeDays,
    exceptionDays: exceptions.map((e) => e.day),
    exceptionWorks: exceptions.map((e) => e.works),
    exceptionShift,
  };
  indexes.set(calendar, index);
  return index;
}

/** The day number of a `YYYY-MM-DD` key exactly as localDay writes it; undefined for anything else (never looked up). */
function dayNumberOfDate(key: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(key)) return undefined;
  const ms = Date.parse(`${key}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== key) return undefined;
  return ms / DAY;
}

/** Position of the first exception day >= day. */
function exceptionsBefore(index: CalendarIndex, day: number): number {
  const days = index.exceptionDays;
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((days[mid] as number) < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function worksOn(index: CalendarIndex, day: number): boolean {
  const k = exceptionsBefore(index, day);
  if (index.exceptionDays[k] === day) return index.exceptionWorks[k] as boolean;
  return isWeekday(day);
}

/** Working days before `day`, counted from a fixed Monday long ago: only differences mean anything. */
function workingDaysBefore(index: CalendarIndex, day: number): number {
  const sinceMonday = day + 3;
  const weeks = Math.floor(sinceMonday / 7);
  return weeks * 5 + Math.min(sinceMonday - weeks * 7, 5) + (index.exceptionShift[exceptionsBefore(index, day)] as number);
}

/** The local day number of an instant. */
function dayOf(index: CalendarIndex, at: number): number {
  return Math.floor((at + index.offsetMs) / DAY);
}

/** UTC epoch ms of the local midnight starting day number `day`. */
function midnightOf(index: CalendarIndex, day: number): number {
  return day * DAY - index.offsetMs;
}

function exhausted(start: Date): AppError {
  return new AppError(
    'unprocessable',
    `The business calendar has no working time within ${SEARCH_LIMIT_DAYS} days after ${start.toISOString()}: check the calendar's holidays and working hours`,
    { errors: [{ field: 'calendar', message: 'no working time left' }] },
  );
}

/**
 * Walks the working periods of one day from `notBefore` on, spending `cursor.remaining` ms: the
 * instant where it runs out, or undefined with what is left in the cursor.
 */
function spendInDay(index: CalendarIndex, day: number, notBefore: number, cursor: { remaining: number }): number | undefined {
  if (!worksOn(index, day)) return undefined;
  const midnight = midnightOf(index, day);
  for (const [s, e] of index.periods) {
    const from = Math.max(midnight + s, notBefore);
    const end = midnight + e;
    if (from >= end) continue;
    if (cursor.remaining === 0) return from;
    const available = end - from;
    if (cursor.remaining <= available) return from + cursor.remaining;
    cursor.remaining -= available;
  }
  return undefined;
}

/** Working ms of one day within [from, to). */
function workingMsInDay(index: CalendarIndex, day: number, from: number, to: number): number {
  if (!worksOn(index, day)) return 0;
  const midnight = midnightOf(index, day);
  let total = 0;
  for (const [s, e] of index.periods) {
    const a = Math.max(midnight + s, from);
    const b = Math.min(midnight + e, to);
    if (b > a) total += b - a;
  }
  return total;
}

/** The instant `minutes` working minutes after `start`. */
export function addWorkingMinutes(calendar: BusinessCalendar, start: Date, minutes: number): Date {
  const index = indexOf(calendar);
  const startMs = start.getTime();
  if (Number.isNaN(startMs)) throw new RangeError('Invalid time value');
  const cursor = { remaining: minutes * MINUTE };
  const first = dayOf(index, startMs);
  const found = spendInDay(index, first, startMs, cursor);
  if (found !== undefined) return new Date(found);
  const last = first + SEARCH_LIMIT_DAYS;
  if (!index.wholeDays) {
    for (let day = first + 1; day <= last; day++) {
      const at = spendInDay(index, day, startMs, cursor);
      if (at !== undefined) return new Date(at);
    }
    throw exhausted(start);
  }
  // Past the first day every working day offers dayMs: the target lies on the n-th working day
  // after it, n the fewest whole days that hold what remains (at least one, to reach a start).
  const remaining = cursor.remaining;
  const base = workingDaysBefore(index, first + 1);
  const workingDays = workingDaysBefore(index, last + 1) - base;
  if (index.dayMs === 0 || workingDays === 0 || !(remaining <= workingDays * index.dayMs)) throw exhausted(start);
  let n = remaining <= 0 ? 1 : Math.max(1, Math.ceil(remaining / index.dayMs));
  while (n * index.dayMs < remaining) n++;
  while (n > 1 && (n - 1) * index.dayMs >= remaining) n--;
  // The first day after `first` with n working days up to and including it.
  let lo = first + 1;
  let hi = last;
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (workingDaysBefore(index, mid + 1) - base >= n) hi = mid;
    else lo = mid + 1;
  }
  // Whole-ms subtractions from what remains are exact, as the day-by-day walk's were.
  cursor.remaining = remaining - (n - 1) * index.dayMs;
  const at = spendInDay(index, lo, startMs, cursor);
  if (at === undefined) throw new Error(`business calendar: no working time found on day ${lo} though counted`);
  return new Date(at);
}

/** Working minutes in [from, to); 0 when to <= from. */
export function workingMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (!(toMs > fromMs)) return 0;
  const index = indexOf(calendar);
  const first = dayOf(index, fromMs);
  // The last day whose midnight is before `to`.
  const last = Math.ceil((toMs + index.offsetMs) / DAY) - 1;
  let total = workingMsInDay(index, first, fromMs, toMs);
  if (last > first) {
    if (index.wholeDays) total += (workingDaysBefore(index, last) - workingDaysBefore(index, first + 1)) * index.dayMs;
    else for (let day = first + 1; day < last; day++) total += workingMsInDay(index, day, fromMs, toMs);
    total += workingMsInDay(index, last, fromMs, toMs);
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

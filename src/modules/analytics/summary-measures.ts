// The published measures (docs/metrics.md) computed from summed daily rollup counters, and the
// period arithmetic of the summary API. Pure: the service sums rows, this turns sums into numbers.
import { ROLLUP_MEASURES, type RollupMeasure } from '../../db/schema-cases.js';
import { HANDLING_BUCKETS_HOURS } from './rollup-deltas.js';

export type RollupSums = Record<RollupMeasure, number>;

export function emptySums(): RollupSums {
  return Object.fromEntries(ROLLUP_MEASURES.map((m) => [m, 0])) as RollupSums;
}

/** Counts reported as they are summed (names as in the API). */
export const COUNT_MEASURES = {
  received: 'received',
  accepted: 'accepted',
  rejected: 'rejected',
  merged: 'merged',
  dispatched: 'dispatched',
  acknowledged: 'acknowledged',
  acknowledgedOnTime: 'ack_on_time',
  resolved: 'resolved',
  resolvedOnTime: 'resolved_on_time',
  overdue: 'overdue',
  escalated: 'escalated',
  reopened: 'reopened',
  returned: 'returned',
  followedUp: 'followed_up',
  satisfied: 'satisfied',
  basicallySatisfied: 'basically_satisfied',
  unsatisfied: 'unsatisfied',
  closed: 'closed',
} as const satisfies Record<string, RollupMeasure>;
export type CountName = keyof typeof COUNT_MEASURES;
export const countNames = Object.keys(COUNT_MEASURES) as CountName[];

export const derivedNames = ['responseRate', 'resolutionRate', 'satisfactionRate', 'onTimeRate', 'medianHandlingHours', 'p90HandlingHours'] as const;
export type DerivedName = (typeof derivedNames)[number];

export type PeriodMeasures = Record<CountName, number> & Record<DerivedName, number | null>;

/** numerator / denominator, or null when there is nothing to divide by (never 0, never NaN). */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

const HISTOGRAM: readonly RollupMeasure[] = ['h0', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8', 'h9'];

/**
 * The q-quantile (0 < q < 1) of handling time in hours, from the bucket counts h0…h9: find the
 * bucket holding rank q·n and interpolate linearly inside it (cases assumed spread evenly across
 * the bucket). The last bucket has no upper bound, so a quantile falling in it is reported as its
 * lower bound (720 h): "at least 30 days". Null when nothing was resolved.
 */
export function handlingQuantileHours(sums: RollupSums, q: number): number | null {
  const counts = HISTOGRAM.map((m) => Math.max(0, sums[m]));
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const rank = q * n;
  let before = 0;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i] ?? 0;
    if (count > 0 && before + count >= rank) {
      const lower = i === 0 ? 0 : (HANDLING_BUCKETS_HOURS[i - 1] ?? 0);
      const upper = HANDLING_BUCKETS_HOURS[i];
      if (upper === undefined) return lower;
      return lower + ((rank - before) / count) * (upper - lower);
    }
    before += count;
  }
  return HANDLING_BUCKETS_HOURS.at(-1) ?? null;
}

/** Every published measure of one period from its summed counters (definitions: docs/metrics.md). */
export function measuresOf(sums: RollupSums): PeriodMeasures {
  const counts = Object.fromEntries(countNames.map((name) => [name, sums[COUNT_MEASURES[name]]])) as Record<CountName, number>;
  return {
    ...counts,
    responseRate: ratio(sums.ack_on_time, sums.dispatched),
    resolutionRate: ratio(sums.resolved, sums.received - sums.rejected - sums.merged),
    satisfactionRate: ratio(sums.satisfied + sums.basically_satisfied, sums.followed_up),
    onTimeRate: ratio(sums.resolved_on_time, sums.resolved),
    medianHandlingHours: handlingQuantileHours(sums, 0.5),
    p90HandlingHours: handlingQuantileHours(sums, 0.9),
  };
}

export interface Change {
  absolute: number | null;
  relative: number | null;
}

/** Change of every measure from `base` to `current`; relative is null when the base is 0 or missing. */
export function changeOf(current: PeriodMeasures, base: PeriodMeasures): Record<CountName | DerivedName, Change> {
  const out = {} as Record<CountName | DerivedName, Change>;
  for (const name of [...countNames, ...derivedNames]) {
    const c = current[name];
    const b = base[name];
    if (c === null || b === null) {
      out[name] = { absolute: null, relative: null };
      continue;
    }
    out[name] = { absolute: c - b, relative: b === 0 ? null : (c - b) / Math.abs(b) };
  }
  return out;
}

// ---- Periods: local calendar days as YYYY-MM-DD; arithmetic on UTC midnights of those dates.

const DAY_MS = 86_400_000;

/** Whether `value` is a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included. */
export function daysInclusive(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** The same date `years` years away; 29 February becomes 28 February in a common year. */
export function shiftYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const lastOfMonth = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastOfMonth)).padStart(2, '0')}`;
}

export interface DayRange {
  from: string;
  to: string;
}

export interface ComparedPeriods {
  current: DayRange;
  /** The period of equal length that ends the day before `current` starts. */
  previous: DayRange;
  /** The same dates one year earlier. */
  lastYear: DayRange;
}

export function comparedPeriods(from: string, to: string): ComparedPeriods {
  const length = daysInclusive(from, to);
  return {
    current: { from, to },
    previous: { from: addDays(from, -length), to: addDays(from, -1) },
    lastYear: { from: shiftYears(from, -1), to: shiftYears(to, -1) },
  };
}

/** The longest period the summary answers: three years (to before from + 3 years). */
export function isWithinThreeYears(from: string, to: string): boolean {
  return to < shiftYears(from, 3);
}

// Dashboard periods as local days in China (UTC+8, as the analytics API counts them).
import type { DayRange } from './dashboard.api';

export type PeriodKind = '7d' | '30d' | '90d' | 'year' | 'custom';
export const periodKinds: readonly PeriodKind[] = ['7d', '30d', '90d', 'year', 'custom'];

const DAY_MS = 86_400_000;
const LOCAL_OFFSET_MS = 8 * 3_600_000;

/** Today's date in UTC+8, YYYY-MM-DD. */
export function localToday(now = new Date()): string {
  return new Date(now.getTime() + LOCAL_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isDay(value: string | null): value is string {
  return value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/** The days of a preset period ending today; `custom` keeps the range given. */
export function rangeOf(kind: PeriodKind, custom?: DayRange, now = new Date()): DayRange {
  const today = localToday(now);
  switch (kind) {
    case '7d':
      return { from: addDays(today, -6), to: today };
    case '30d':
      return { from: addDays(today, -29), to: today };
    case '90d':
      return { from: addDays(today, -89), to: today };
    case 'year':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
    case 'custom':
      return custom ?? { from: addDays(today, -29), to: today };
  }
}

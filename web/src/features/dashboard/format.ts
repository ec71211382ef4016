// Presentation of API numbers: a rate (a fraction) as a percentage, a count as it is, a change as
// a signed percentage. Formatting only; no arithmetic beyond scaling for display.
import type { Change, Measure } from './dashboard.api';

export function isRate(measure: string): boolean {
  return measure.endsWith('Rate');
}

export function isHours(measure: string): boolean {
  return measure.endsWith('HandlingHours');
}

export function formatValue(measure: string, value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined) return '—';
  if (isRate(measure)) return `${(value * 100).toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
  if (isHours(measure)) return value.toLocaleString(locale, { maximumFractionDigits: 1 });
  return value.toLocaleString(locale);
}

/** A relative change (0.125) as "+12.5%"; rates compare by percentage points ("+2.0 pt"). */
export function formatChange(measure: Measure | string, change: Change | undefined, locale: string): string {
  if (!change) return '—';
  if (isRate(measure)) {
    if (change.absolute === null) return '—';
    const points = change.absolute * 100;
    return `${points > 0 ? '+' : ''}${points.toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} pt`;
  }
  if (change.relative === null) return change.absolute === null || change.absolute === 0 ? '—' : `${change.absolute > 0 ? '+' : ''}${change.absolute.toLocaleString(locale)}`;
  const pct = change.relative * 100;
  return `${pct > 0 ? '+' : ''}${pct.toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
}

/** Whether a rise of this measure is good news (colours the change). */
export function isRiseGood(measure: string): boolean {
  return !['overdue', 'escalated', 'reopened', 'returned', 'unsatisfied', 'medianHandlingHours', 'p90HandlingHours', 'rejected', 'harmOccurred', 'raised', 'stillOpen'].includes(measure);
}

// Tier deadlines on the business calendar: "within 2 working days" or "within 2 hours".
import { type BusinessCalendar, addWorkingMinutes } from '../sla/business-calendar.js';
import type { Tier, TierSpecType, Tiers, WithinSpec } from './risk.definitions.js';

/** Working minutes in one working day of the calendar (09:00–12:00 + 14:00–18:00 → 420). */
export function workingDayMinutes(calendar: BusinessCalendar): number {
  return calendar.periods.reduce((sum, [s, e]) => sum + (e - s), 0);
}

/** The instant a `within` spec ends when counted from `from`. */
export function dueWithin(calendar: BusinessCalendar, from: Date, within: WithinSpec): Date {
  if (within.hours !== undefined) return new Date(from.getTime() + within.hours * 3_600_000);
  const days = within.workingDays ?? 1;
  const perDay = workingDayMinutes(calendar);
  // A calendar without working hours cannot count working days: fall back to calendar days.
  if (perDay === 0) return new Date(from.getTime() + days * 86_400_000);
  return addWorkingMinutes(calendar, from, Math.round(days * perDay));
}

export function tierSpec(tiers: Tiers, tier: Tier): TierSpecType {
  const spec = tiers.tiers.find((t) => t.tier === tier);
  if (!spec) throw new Error(`tier table v${tiers.version} lacks ${tier}`);
  return spec;
}

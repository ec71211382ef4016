// Deadlines for cases: which policy applies, on which calendar. The calendar and policies are read
// from the database and cached for a minute (admins' edits reach every instance within that time).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/database.js';
import { type BusinessCalendar, deadlineAfter, parseHhMm } from './business-calendar.js';
import * as slaRepo from './sla.repository.js';

export const WORK_HOURS_SETTING = 'calendar.workHours';
const CACHE_MS = 60_000;

export interface WorkHours {
  offsetMinutes: number;
  periods: Array<[string, string]>;
}

export interface SlaPolicy {
  categoryCode: string | null;
  priority: string;
  ackMinutes: number;
  resolveMinutes: number;
  wallClock: boolean;
}

interface Loaded {
  at: number;
  calendar: BusinessCalendar;
  policies: SlaPolicy[];
}

const cache = new WeakMap<object, Loaded>();

export function toCalendar(workHours: WorkHours, days: Array<{ day: string; kind: string }>): BusinessCalendar {
  const periods = workHours.periods
    .map(([s, e]) => [parseHhMm(s), parseHhMm(e)] as const)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const exceptions = new Map<string, 'holiday' | 'workday'>();
  for (const d of days) if (d.kind === 'holiday' || d.kind === 'workday') exceptions.set(d.day, d.kind);
  return { offsetMinutes: workHours.offsetMinutes, periods, exceptions };
}

async function load(db: Db): Promise<Loaded> {
  const cached = cache.get(db);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached;
  const [rawHours, days, policies] = await Promise.all([slaRepo.findSetting(db, WORK_HOURS_SETTING), slaRepo.findCalendarDays(db), slaRepo.findPolicies(db)]);
  const workHours: WorkHours = rawHours ? JSON.parse(rawHours) : shippedWorkHours();
  const loaded: Loaded = {
    at: Date.now(),
    calendar: toCalendar(workHours, days),
    policies: policies.map((p) => ({ categoryCode: p.category_code, priority: p.priority, ackMinutes: p.ack_minutes, resolveMinutes: p.resolve_minutes, wallClock: p.wall_clock === 1 })),
  };
  cache.set(db, loaded);
  return loaded;
}

/** Forget the cached calendar and policies (after an admin edit in this process). */
export function invalidateSlaCache(db: Db): void {
  cache.delete(db);
}

export async function loadCalendar(db: Db): Promise<BusinessCalendar> {
  return (await load(db)).calendar;
}

/** The calendar and the policies in force, read together (the SLA sweep measures with both). */
export async function loadSlaRules(db: Db): Promise<{ calendar: BusinessCalendar; policies: SlaPolicy[] }> {
  const { calendar, policies } = await load(db);
  return { calendar, policies };
}

/** The most specific policy: level-2 category, then its level-1 parent, then the default. */
export function pickPolicy(policies: SlaPolicy[], categoryCode: string, priority: string): SlaPolicy {
  const candidates = [categoryCode, categoryCode.slice(0, 2), null];
  for (const code of candidates) {
    const found = policies.find((p) => p.categoryCode === code && p.priority === priority);
    if (found) return found;
  }
  const fallback = policies.find((p) => p.categoryCode === null && p.priority === 'normal');
  if (fallback) return fallback;
  return { categoryCode: null, priority, ackMinutes: 120, resolveMinutes: 2100, wallClock: priority === 'urgent' };
}

export interface Deadlines {
  ackDueAt: string;
  resolveDueAt: string;
  wallClock: boolean;
}

/** Both deadlines for a case dispatched at `from`. */
export async function computeDeadlines(db: Db, categoryCode: string, priority: string, from: Date): Promise<Deadlines> {
  const { calendar, policies } = await load(db);
  const policy = pickPolicy(policies, categoryCode, priority);
  return {
    ackDueAt: deadlineAfter(calendar, from, policy.ackMinutes, policy.wallClock).toISOString(),
    resolveDueAt: deadlineAfter(calendar, from, policy.resolveMinutes, policy.wallClock).toISOString(),
    wallClock: policy.wallClock,
  };
}

const dataDir = path.resolve(import.meta.dirname, '../../../data');

export function shippedWorkHours(): WorkHours {
  return JSON.parse(readFileSync(path.join(dataDir, 'calendar/work-hours.json'), 'utf8'));
}

export function shippedCalendarYears(): Array<{ year: number; days: Record<string, { kind: string; note?: string }> }> {
  return readdirSync(path.join(dataDir, 'calendar'))
    .filter((f) => /^\d{4}\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(path.join(dataDir, 'calendar', f), 'utf8')));
}

/** Seeds working hours, shipped calendar years and SLA policies into an empty database. */
export async function seedSla(db: Db): Promise<void> {
  const now = new Date().toISOString();
  if ((await slaRepo.findSetting(db, WORK_HOURS_SETTING)) === undefined) {
    await slaRepo.upsertSetting(db, WORK_HOURS_SETTING, JSON.stringify(shippedWorkHours()), now);
  }
  if ((await slaRepo.findCalendarDays(db)).length === 0) {
    for (const year of shippedCalendarYears()) {
      const days = Object.entries(year.days).map(([day, d]) => ({ day, kind: d.kind, note: d.note ?? '' }));
      await slaRepo.replaceCalendarYear(db, year.year, days);
    }
  }
  if ((await slaRepo.countPolicies(db)) === 0) {
    const file = JSON.parse(readFileSync(path.join(dataDir, 'sla-policies.json'), 'utf8')) as {
      policies: Array<{ categoryCode: string | null; priority: string; ackMinutes: number; resolveMinutes: number; wallClock?: boolean }>;
    };
    await slaRepo.insertPolicies(
      db,
      file.policies.map((p) => ({ category_code: p.categoryCode, priority: p.priority, ack_minutes: p.ackMinutes, resolve_minutes: p.resolveMinutes, wall_clock: p.wallClock ? 1 : 0, updated_at: now })),
    );
  }
}

// Admin use cases of deadlines: replace a calendar year, set the working hours, upsert an SLA
// policy. Each validates before writing, writes and audits in one transaction, then drops this
// process's cached calendar (other processes pick the change up within the cache's minute).
import type { AppContext } from '../../context.js';
import { AppError, type FieldError } from '../../errors.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { Actor } from '../auth/actor.js';
import { parseHhMm } from './business-calendar.js';
import * as repo from './sla.repository.js';
import { WORK_HOURS_SETTING, type WorkHours, invalidateSlaCache, shippedWorkHours } from './sla.service.js';

const sourceKey = (year: number) => `calendar.source.${year}`;

function failIfAny(errors: FieldError[]): void {
  if (errors.length === 0) return;
  throw new AppError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export interface CalendarYearInput {
  year: number;
  source?: string;
  days: Record<string, { kind: 'holiday' | 'workday'; note?: string }>;
}

export async function getCalendarYear(ctx: AppContext, year: number): Promise<CalendarYearInput> {
  const [rows, source] = await Promise.all([repo.findCalendarYear(ctx.db, year), repo.findSetting(ctx.db, sourceKey(year))]);
  const days: CalendarYearInput['days'] = {};
  for (const r of rows) {
    if (r.kind !== 'holiday' && r.kind !== 'workday') continue;
    days[r.day] = r.note ? { kind: r.kind, note: r.note } : { kind: r.kind };
  }
  return { year, ...(source ? { source } : {}), days };
}

/** Replaces every exception of one year with the body's (the format of data/calendar/<year>.json). */
export async function replaceCalendarYear(ctx: AppContext, actor: Actor, year: number, body: CalendarYearInput, ip: string | null) {
  const errors: FieldError[] = [];
  if (body.year !== year) errors.push({ field: 'year', message: `must be ${year}, the year in the path` });
  for (const day of Object.keys(body.days)) {
    if (!isIsoDate(day)) errors.push({ field: `days.${day}`, message: 'not a date (YYYY-MM-DD)' });
    else if (day.slice(0, 4) !== String(year)) errors.push({ field: `days.${day}`, message: `not in ${year}` });
  }
  failIfAny(errors);
  const entries = Object.entries(body.days).map(([day, d]) => ({ day, kind: d.kind, note: d.note ?? '' }));
  const now = new Date().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await repo.replaceCalendarYear(trx, year, entries);
    await repo.upsertSetting(trx, sourceKey(year), body.source ?? '', now);
    await appendAudit(trx, {
      actorUserId: actor.userId,
      actorLabel: actor.label,
      action: 'calendar.year_replaced',
      entityType: 'calendar',
      entityId: year,
      detail: { holidays: entries.filter((e) => e.kind === 'holiday').length, workdays: entries.filter((e) => e.kind === 'workday').length },
      ip,
      at: now,
    });
  });
  invalidateSlaCache(ctx.db);
  return getCalendarYear(ctx, year);
}

export async function getWorkHours(ctx: AppContext): Promise<WorkHours> {
  const raw = await repo.findSetting(ctx.db, WORK_HOURS_SETTING);
  return raw ? (JSON.parse(raw) as WorkHours) : shippedWorkHours();
}

/** Working periods must be real spans and must not overlap (touching is fine: 12:00–12:00). */
function periodErrors(periods: Array<[string, string]>): FieldError[] {
  const errors: FieldError[] = [];
  const spans = periods.map(([s, e], index) => ({ index, start: parseHhMm(s), end: parseHhMm(e) }));
  for (const span of spans) {
    if (span.end <= span.start) errors.push({ field: `periods.${span.index}`, message: 'must end after it starts' });
  }
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const [prev, cur] = [sorted[i - 1], sorted[i]];
    if (prev && cur && cur.start < prev.end) {
      const [first, second] = prev.index < cur.index ? [prev, cur] : [cur, prev];
      errors.push({ field: `periods.${second.index}`, message: `overlaps periods.${first.index}` });
    }
  }
  return errors;
}

export async function setWorkHours(ctx: AppContext, actor: Actor, body: WorkHours, ip: string | null): Promise<WorkHours> {
  failIfAny(periodErrors(body.periods));
  const workHours: WorkHours = {
    offsetMinutes: body.offsetMinutes,
    periods: [...body.periods].sort((a, b) => parseHhMm(a[0]) - parseHhMm(b[0])),
  };
  const now = new Date().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await repo.findSetting(trx, WORK_HOURS_SETTING);
    await repo.upsertSetting(trx, WORK_HOURS_SETTING, JSON.stringify(workHours), now);
    await appendAudit(trx, {
      actorUserId: actor.userId,
      actorLabel: actor.label,
      action: 'calendar.work_hours_changed',
      entityType: 'calendar',
      entityId: 'work-hours',
      detail: { before: before ? (JSON.parse(before) as unknown) : null, after: workHours },
      ip,
      at: now,
    });
  });
  invalidateSlaCache(ctx.db);
  return workHours;
}

type PolicyRow = NonNullable<Awaited<ReturnType<typeof repo.findPolicyById>>>;

function toPolicyDto(p: PolicyRow) {
  return { id: p.id, categoryCode: p.category_code, priority: p.priority, ackMinutes: p.ack_minutes, resolveMinutes: p.resolve_minutes, wallClock: p.wall_clock === 1, updatedAt: p.updated_at };
}

export async function listPolicies(ctx: AppContext) {
  return { items: (await repo.findPolicies(ctx.db)).map(toPolicyDto) };
}

export interface PolicyInput {
  categoryCode: string | null;
  priority: string;
  ackMinutes: number;
  resolveMinutes: number;
  wallClock: boolean;
}

/** Creates or replaces the policy of one (category or default, priority). */
export async function upsertPolicy(ctx: AppContext, actor: Actor, body: PolicyInput, ip: string | null) {
  const errors: FieldError[] = [];
  if (body.categoryCode !== null && !(await repo.categoryExists(ctx.db, body.categoryCode))) {
    errors.push({ field: 'categoryCode', message: `no category ${body.categoryCode} (GET /categories)` });
  }
  if (body.resolveMinutes < body.ackMinutes) errors.push({ field: 'resolveMinutes', message: 'must not be shorter than ackMinutes' });
  failIfAny(errors);
  const now = new Date().toISOString();
  const saved = await ctx.db.transaction().execute(async (trx) => {
    const id = await repo.upsertPolicy(trx, {
      category_code: body.categoryCode,
      priority: body.priority,
      ack_minutes: body.ackMinutes,
      resolve_minutes: body.resolveMinutes,
      wall_clock: body.wallClock ? 1 : 0,
      updated_at: now,
    });
    await appendAudit(trx, { actorUserId: actor.userId, actorLabel: actor.label, action: 'sla_policy.upserted', entityType: 'sla_policy', entityId: id, detail: { ...body }, ip, at: now });
    return repo.findPolicyById(trx, id);
  });
  invalidateSlaCache(ctx.db);
  if (!saved) throw new AppError('internal', 'SLA policy vanished after saving');
  return toPolicyDto(saved);
}

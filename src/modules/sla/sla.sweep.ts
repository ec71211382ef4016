// The SLA sweep: finds open cases near or past a deadline and writes what that means through the
// one write path: a reminder at 80% of a clock, an overdue flag past it, and for a lapsed resolve
// deadline an escalation to the centre one level up with a supervision record (督办), all in the
// case's own transaction. Flags plus the case version make a repeated or concurrent sweep a no-op.
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { systemActor } from '../auth/actor.js';
import type { CaseEvent, CaseProjection } from '../cases/case-reducer.js';
import { type StoredCase, loadStoredCase, writeCaseEvent } from '../cases/case-write.js';
import * as casesRepo from '../cases/cases.repository.js';
import { type CaseStatus, caseStatuses, findTransition } from '../cases/workflow.js';
import { type BusinessCalendar, addWorkingMinutes, minutesBetween } from './business-calendar.js';
import * as slaRepo from './sla.repository.js';
import { type SlaPolicy, loadSlaRules, pickPolicy } from './sla.service.js';

export type Clock = 'ack' | 'resolve';

/** Share of a clock left when the unit is reminded (at 80% of the time). 0.2 × minutes is exact for the policies' whole minutes. */
export const REMIND_WHEN_LEFT = 0.2;
/** Working days an overdue supervision (督办) gives the new owner to report back. */
export const OVERDUE_SUPERVISION_WORKING_DAYS = 3;
const BATCH_SIZE = 200;
const FAR_FUTURE = '9999-12-31T23:59:59.999Z';

/** Statuses whose resolve clock is stopped (on hold) or no longer matters. */
const RESOLVE_CLOCK_STOPPED: readonly CaseStatus[] = ['on_hold', 'resolved', 'closed', 'rejected', 'merged'];
export const RESOLVE_CLOCK_STATUSES: readonly CaseStatus[] = caseStatuses.filter((s) => !RESOLVE_CLOCK_STOPPED.includes(s));

export interface SweepPlan {
  remind: Clock[];
  overdue: Clock[];
}

function leadStillPending(p: CaseProjection): boolean {
  return p.units.some((u) => u.unitId === p.leadUnitId && u.role === 'lead' && u.status === 'pending' && u.endedAt === null);
}

/** The deadline of a clock while it runs, else null. */
export function runningDeadline(p: CaseProjection, clock: Clock): string | null {
  if (clock === 'ack') return p.status === 'dispatched' && leadStillPending(p) ? p.ackDueAt : null;
  return RESOLVE_CLOCK_STOPPED.includes(p.status) ? null : p.resolveDueAt;
}

/**
 * What the sweep must write for a case at `now`. A clock past its deadline is flagged overdue once;
 * a clock with at most 20% of its policy time left (measured like the deadline) is reminded once.
 */
export function planSweep(p: CaseProjection, policy: SlaPolicy, calendar: BusinessCalendar, now: Date): SweepPlan {
  const plan: SweepPlan = { remind: [], overdue: [] };
  for (const clock of ['ack', 'resolve'] as const) {
    const due = runningDeadline(p, clock);
    if (due === null) continue;
    const dueAt = new Date(due);
    const [reminded, overdue] = clock === 'ack' ? [p.remindedAck, p.overdueAck] : [p.remindedResolve, p.overdueResolve];
    if (now.getTime() > dueAt.getTime()) {
      if (!overdue) plan.overdue.push(clock);
      continue;
    }
    const total = clock === 'ack' ? policy.ackMinutes : policy.resolveMinutes;
    if (!reminded && minutesBetween(calendar, now, dueAt, p.wallClock) <= total * REMIND_WHEN_LEFT) plan.remind.push(clock);
  }
  return plan;
}

/** Deadlines up to this instant may be within their reminder window; later ones cannot be. */
export function reminderHorizon(calendar: BusinessCalendar, policies: SlaPolicy[], now: Date): string {
  const longest = Math.max(2100, ...policies.flatMap((p) => [p.ackMinutes, p.resolveMinutes]));
  const window = Math.ceil(longest * REMIND_WHEN_LEFT) + 1;
  // Working minutes pass no faster than wall-clock ones, so this bounds wall-clock cases too; a
  // deadline at or after it has more than `window` working minutes left.
  try {
    return addWorkingMinutes(calendar, now, window).toISOString();
  } catch {
    return FAR_FUTURE; // a calendar without working time: every running clock is at its end
  }
}

export interface SweepSummary {
  reminded: number;
  overdue: number;
  escalated: number;
  /** Cases someone changed meanwhile (or a concurrent sweep took): left for the next sweep. */
  skipped: number;
  failed: number;
}

type Outcome = Pick<SweepSummary, 'reminded' | 'overdue' | 'escalated'> | 'skipped';

const actor = systemActor('sla-sweep');

function supervisionDue(calendar: BusinessCalendar, now: Date): string {
  const dayMinutes = calendar.periods.reduce((sum, [s, e]) => sum + (e - s), 0);
  try {
    if (dayMinutes > 0) return addWorkingMinutes(calendar, now, OVERDUE_SUPERVISION_WORKING_DAYS * dayMinutes).toISOString();
  } catch {
    // no working time in the calendar: fall back to calendar days
  }
  return new Date(now.getTime() + OVERDUE_SUPERVISION_WORKING_DAYS * 86_400_000).toISOString();
}

/** Escalates a case whose resolve deadline lapsed and opens its supervision record (督办). */
async function escalateOverdue(trx: Db, stored: StoredCase, calendar: BusinessCalendar, now: Date): Promise<{ stored: StoredCase; escalated: boolean }> {
  const p = stored.projection;
  const at = now.toISOString();
  const owner = await casesRepo.findUnit(trx, p.ownerUnitId);
  const parent = owner ? await casesRepo.findParentCenter(trx, owner.region_code) : undefined;
  let current = stored;
  // The province centre has nobody above it: the case stays, the supervision still opens.
  if (parent && findTransition(p.status, 'escalate')) {
    const event: CaseEvent = {
      action: 'escalate',
      toStatus: 'escalated',
      unitId: null,
      at,
      payload: { fromUnitId: p.ownerUnitId, toUnitId: parent.id, toUnitName: parent.name, reason: 'overdue' },
    };
    const written = await writeCaseEvent(trx, current, event, { actor, isPublic: true });
    current = { ...current, version: written.version, projection: written.projection };
  }
  const dueAt = supervisionDue(calendar, now);
  const supervisionId = await casesRepo.insertSupervision(trx, {
    caseId: stored.id,
    kind: 'overdue',
    reason: `超期未办结: resolve deadline ${p.resolveDueAt ?? '?'} passed`,
    openedBy: actor.label,
    supervisorUnitId: parent?.id ?? p.ownerUnitId,
    at,
    dueAt,
    reportEveryDays: null,
    regionCode: stored.regionCode,
  });
  await casesRepo.insertOutbox(trx, {
    topic: 'supervision.opened',
    caseId: stored.id,
    regionCode: stored.regionCode,
    at,
    payload: { supervisionId, caseId: stored.id, trackingCode: stored.trackingCode, kind: 'overdue', dueAt, supervisorUnitId: parent?.id ?? p.ownerUnitId, ownerUnitId: current.projection.ownerUnitId },
  });
  return { stored: current, escalated: current !== stored };
}

/**
 * One case: planned first from a plain read, and only a case with something to write gets a
 * transaction, in which it is read and planned again (the authoritative plan). Most candidates of a
 * sweep are cases inside the reminder horizon whose reminder point has not come yet: on PostgreSQL
 * a transaction for each of them cost more than the reads.
 */
async function sweepCase(db: Db, candidate: slaRepo.SweepCandidate, rules: { calendar: BusinessCalendar; policies: SlaPolicy[] }, now: Date): Promise<Outcome> {
  const seen = await slaRepo.findCaseForSweep(db, candidate.id);
  if (!seen || seen.version !== candidate.version) return 'skipped';
  const preview = planSweep((await loadStoredCase(db, seen)).projection, pickPolicy(rules.policies, seen.category_code, seen.priority), rules.calendar, now);
  if (preview.remind.length === 0 && preview.overdue.length === 0) return { reminded: 0, overdue: 0, escalated: 0 };
  return db.transaction().execute(async (trx) => {
    const row = await slaRepo.findCaseForSweep(trx, candidate.id);
    // Someone acted since the case was found: its deadlines may have moved; look again next sweep.
    if (!row || row.version !== candidate.version) return 'skipped';
    let stored = await loadStoredCase(trx, row);
    const plan = planSweep(stored.projection, pickPolicy(rules.policies, row.category_code, row.priority), rules.calendar, now);
    const outcome = { reminded: 0, overdue: 0, escalated: 0 };
    const at = now.toISOString();
    const write = async (action: 'remind' | 'overdue', clock: Clock) => {
      const dueAt = clock === 'ack' ? stored.projection.ackDueAt : stored.projection.resolveDueAt;
      const event: CaseEvent = { action, toStatus: stored.projection.status, unitId: null, at, payload: { clock, dueAt } };
      const written = await writeCaseEvent(trx, stored, event, { actor, isPublic: false });
      stored = { ...stored, version: written.version, projection: written.projection };
    };
    for (const clock of plan.remind) {
      await write('remind', clock);
      outcome.reminded++;
    }
    for (const clock of plan.overdue) {
      await write('overdue', clock);
      outcome.overdue++;
      if (clock !== 'resolve') continue;
      const escalation = await escalateOverdue(trx, stored, rules.calendar, now);
      stored = escalation.stored;
      if (escalation.escalated) outcome.escalated++;
    }
    return outcome;
  });
}

/** Lost races: a stale version, a PostgreSQL serialization failure or deadlock, a busy SQLite. */
function isContention(error: unknown): boolean {
  if (error instanceof AppError) return error.code === 'version_conflict';
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01' || (typeof code === 'string' && code.startsWith('SQLITE_BUSY'));
}

/** One sweep of every deadline at `now`. Safe to run again, and concurrently with itself. */
export async function sweepDeadlines(ctx: Pick<AppContext, 'db' | 'log'>, now: Date, options: { batchSize?: number } = {}): Promise<SweepSummary> {
  const rules = await loadSlaRules(ctx.db);
  const summary: SweepSummary = { reminded: 0, overdue: 0, escalated: 0, skipped: 0, failed: 0 };
  const limit = options.batchSize ?? BATCH_SIZE;
  const base = { horizon: reminderHorizon(rules.calendar, rules.policies, now), now: now.toISOString(), limit };
  const finders = [
    (afterId: number) => slaRepo.findAckCandidates(ctx.db, { ...base, afterId }),
    (afterId: number) => slaRepo.findResolveCandidates(ctx.db, { ...base, afterId, statuses: RESOLVE_CLOCK_STATUSES }),
  ];
  // A case is looked at once per sweep, whichever clock found it: one transaction plans both
  // clocks, and a case lost to a concurrent writer waits for the next sweep.
  const seen = new Set<number>();
  for (const find of finders) {
    for (let afterId = 0; ; ) {
      const batch = await find(afterId);
      for (const candidate of batch) {
        if (seen.has(candidate.id)) continue;
        seen.add(candidate.id);
        try {
          const outcome = await sweepCase(ctx.db, candidate, rules, now);
          if (outcome === 'skipped') {
            summary.skipped++;
            continue;
          }
          summary.reminded += outcome.reminded;
          summary.overdue += outcome.overdue;
          summary.escalated += outcome.escalated;
        } catch (error) {
          if (isContention(error)) {
            summary.skipped++;
            continue;
          }
          // One broken case must not stop the sweep of the others; it is tried again next time.
          summary.failed++;
          ctx.log.error({ err: error, caseId: candidate.id }, 'SLA sweep failed on a case');
        }
      }
      const last = batch.at(-1);
      if (!last || batch.length < limit) break;
      afterId = last.id;
    }
  }
  return summary;
}

// The mediation sweep (job `mediation-sweep`; time comes in as `now`, so tests drive the clock).
// It reuses what cases already have rather than a second SLA machine:
// - a mediation within 5 working days of its deadline: one outbox reminder to the committee;
// - past its deadline: flagged overdue, a 'mediation_overdue' event on the case timeline, an
//   'overdue' supervision record (督办) on the case for the owning centre, and an outbox row;
// - an agreement whose 30-day judicial-confirmation window closes within 5 working days and has no
//   application: one outbox warning;
// - a court step past its statutory time (acceptance 3 days, ruling 15 (+10) days): one reminder;
// - a follow-up visit that is due: one reminder.
// Every flag is compare-and-set, so a repeated or concurrent sweep writes nothing twice.
import type { AppContext } from '../../context.js';
import { systemActor } from '../auth/actor.js';
import { insertOutbox, insertSupervision } from '../cases/cases.repository.js';
import { addWorkingMinutes } from '../sla/business-calendar.js';
import { loadCalendar } from '../sla/sla.service.js';
import { workingDayMinutes } from '../risk/risk.tiers.js';
import { writeSideEvent } from './case-timeline.js';
import * as repo from './mediation.repository.js';
import { WARN_BEFORE_WORKING_DAYS } from './mediation.rules.js';

const actor = systemActor('mediation-sweep');
const BATCH = 200;

export interface MediationSweepSummary {
  reminded: number;
  overdue: number;
  windowsClosing: number;
  courtLate: number;
  followUpsDue: number;
}

export async function sweepMediations(ctx: Pick<AppContext, 'db'>, now: Date): Promise<MediationSweepSummary> {
  const at = now.toISOString();
  const calendar = await loadCalendar(ctx.db);
  const perDay = workingDayMinutes(calendar);
  let horizon: string;
  try {
    horizon = addWorkingMinutes(calendar, now, WARN_BEFORE_WORKING_DAYS * Math.max(perDay, 1)).toISOString();
  } catch {
    horizon = new Date(now.getTime() + WARN_BEFORE_WORKING_DAYS * 86_400_000).toISOString();
  }
  const summary: MediationSweepSummary = { reminded: 0, overdue: 0, windowsClosing: 0, courtLate: 0, followUpsDue: 0 };

  for (let afterId = 0; ; ) {
    const batch = await repo.findDueMediations(ctx.db, { horizon, afterId, limit: BATCH });
    for (const m of batch) {
      const isOverdue = m.due_at < at;
      if (!isOverdue && m.reminded === 1) continue;
      const wrote = await ctx.db.transaction().execute(async (trx) => {
        if (!(await repo.markMediationFlag(trx, m.id, isOverdue ? 'overdue' : 'reminded', at))) return false;
        const c = await trx.selectFrom('cases').select(['owner_unit_id', 'tracking_code']).where('id', '=', m.case_id).executeTakeFirst();
        if (isOverdue) {
          await writeSideEvent(trx, m.case_id, 'mediation_overdue', { mediationId: m.id, dueAt: m.due_at }, { actor, at, unitId: m.committee_unit_id });
          await insertSupervision(trx, { caseId: m.case_id, kind: 'overdue', reason: `调解超期: mediation ${m.id} due ${m.due_at} is not settled`, openedBy: actor.label, supervisorUnitId: c?.owner_unit_id ?? null, at, dueAt: null, reportEveryDays: null, regionCode: m.region_code });
        }
        await insertOutbox(trx, {
          topic: isOverdue ? 'mediation.overdue' : 'mediation.deadline_near',
          caseId: m.case_id,
          regionCode: m.region_code,
          at,
          payload: { mediationId: m.id, caseId: m.case_id, trackingCode: c?.tracking_code ?? null, dueAt: m.due_at, unitIds: [m.committee_unit_id, c?.owner_unit_id].filter((u) => u !== undefined) },
        });
        return true;
      });
      if (wrote) summary[isOverdue ? 'overdue' : 'reminded']++;
    }
    const last = batch.at(-1);
    if (!last || batch.length < BATCH) break;
    afterId = last.id;
  }

  for (const a of await repo.findClosingWindows(ctx.db, { horizon, now: at, limit: BATCH })) {
    const wrote = await ctx.db.transaction().execute(async (trx) => {
      if (!(await repo.markWindowWarned(trx, a.id, at))) return false;
      await insertOutbox(trx, { topic: 'mediation.confirmation_window_closing', caseId: a.case_id, regionCode: a.region_code, at, payload: { agreementId: a.id, mediationId: a.mediation_id, caseId: a.case_id, windowEndsAt: a.confirm_window_ends_at, unitIds: [a.committee_unit_id] } });
      return true;
    });
    if (wrote) summary.windowsClosing++;
  }

  for (const c of await repo.findLateConfirmations(ctx.db, { now: at, limit: BATCH })) {
    const wrote = await ctx.db.transaction().execute(async (trx) => {
      if (!(await repo.markConfirmationReminded(trx, c.id, at))) return false;
      await insertOutbox(trx, { topic: 'mediation.court_step_late', caseId: c.case_id, regionCode: c.region_code, at, payload: { confirmationId: c.id, mediationId: c.mediation_id, status: c.status, dueAt: c.status === 'applied' ? c.accept_due_at : c.ruling_due_at, unitIds: [c.committee_unit_id] } });
      return true;
    });
    if (wrote) summary.courtLate++;
  }

  for (const f of await repo.findDueFollowups(ctx.db, { now: at, limit: BATCH })) {
    const wrote = await ctx.db.transaction().execute(async (trx) => {
      if (!(await repo.markFollowupReminded(trx, f.id, at))) return false;
      await insertOutbox(trx, { topic: 'mediation.follow_up_due', caseId: f.case_id, regionCode: f.region_code, at, payload: { followUpId: f.id, mediationId: f.mediation_id, dueAt: f.due_at, unitIds: [f.committee_unit_id] } });
      return true;
    });
    if (wrote) summary.followUpsDue++;
  }
  return summary;
}

// The risk sweep (run by the `risk-sweep` job; time comes in as `now`, so tests drive the clock):
// - an acknowledgement past its deadline is flagged and escalated to the centre one level above the
//   case's owner (outbox row + audit), once;
// - a conference action past its deadline is flagged and escalated the same way, once;
// - an acknowledged warning whose review date (last incident + lapse months) passed goes back to review;
// - a conference whose next review date passed is reminded, once.
// Escalation means people are told; nothing is done to the parties.
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { appendAudit } from '../audit/audit.repository.js';
import { systemActor } from '../auth/actor.js';
import { findParentCenter, findUnit, insertOutbox } from '../cases/cases.repository.js';
import { loadCalendar } from '../sla/sla.service.js';
import { isTier } from './risk.definitions.js';
import { activeTiers } from './risk.definitions.service.js';
import * as repo from './risk.repository.js';
import { dueWithin, tierSpec } from './risk.tiers.js';

const actor = systemActor('risk-sweep');
const BATCH = 200;

export interface RiskSweepSummary {
  ackOverdue: number;
  actionsOverdue: number;
  lapsed: number;
  conferenceReviews: number;
}

async function escalationTarget(db: Db, caseId: number): Promise<{ ownerUnitId: number | null; toUnitId: number | null }> {
  const c = await repo.findCaseCore(db, caseId);
  if (!c) return { ownerUnitId: null, toUnitId: null };
  const owner = await findUnit(db, c.owner_unit_id);
  const parent = owner ? await findParentCenter(db, owner.region_code) : undefined;
  return { ownerUnitId: c.owner_unit_id, toUnitId: parent?.id ?? c.owner_unit_id };
}

export async function sweepRisk(ctx: Pick<AppContext, 'db'>, now: Date): Promise<RiskSweepSummary> {
  const at = now.toISOString();
  const summary: RiskSweepSummary = { ackOverdue: 0, actionsOverdue: 0, lapsed: 0, conferenceReviews: 0 };

  for (const w of await repo.findAckOverdue(ctx.db, at, BATCH)) {
    const done = await ctx.db.transaction().execute(async (trx) => {
      const target = await escalationTarget(trx, w.case_id);
      if (!(await repo.updateWarning(trx, w.id, w.version, { ack_overdue: 1, ack_escalated_at: at, ack_escalated_to_unit_id: target.toUnitId, updated_at: at }))) return false;
      await repo.insertLog(trx, { warning_id: w.id, kind: 'ack_overdue', from_tier: w.tier, to_tier: w.tier, reason: `not acknowledged by ${w.ack_due_at}`, user_id: null, user_label: actor.label, at });
      await insertOutbox(trx, { topic: 'risk.ack_overdue', caseId: w.case_id, regionCode: w.region_code, at, payload: { warningId: w.id, caseId: w.case_id, tier: w.tier, ackDueAt: w.ack_due_at, escalatedToUnitId: target.toUnitId, unitIds: [target.ownerUnitId, target.toUnitId].filter((u) => u !== null) } });
      await appendAudit(trx, { actorUserId: null, actorLabel: actor.label, action: 'risk.ack_escalated', entityType: 'risk_warning', entityId: w.id, regionCode: w.region_code, detail: { toUnitId: target.toUnitId }, at });
      return true;
    });
    if (done) summary.ackOverdue++;
  }

  for (const a of await repo.findOverdueActions(ctx.db, at, BATCH)) {
    const done = await ctx.db.transaction().execute(async (trx) => {
      const target = await escalationTarget(trx, a.case_id);
      if (!(await repo.markActionOverdue(trx, a.id, { at, toUnitId: target.toUnitId }))) return false;
      await repo.insertLog(trx, { warning_id: a.warning_id, kind: 'action_overdue', from_tier: null, to_tier: null, reason: `action ${a.id} (${a.owner_label}) due ${a.due_at}: ${a.description}`, user_id: null, user_label: actor.label, at });
      await insertOutbox(trx, {
        topic: 'risk.action_overdue',
        caseId: a.case_id,
        regionCode: a.region_code,
        at,
        payload: { actionId: a.id, warningId: a.warning_id, conferenceId: a.conference_id, caseId: a.case_id, dueAt: a.due_at, ownerUnitId: a.owner_unit_id, ownerLabel: a.owner_label, escalatedToUnitId: target.toUnitId, unitIds: [a.owner_unit_id, target.ownerUnitId, target.toUnitId].filter((u) => u !== null) },
      });
      await appendAudit(trx, { actorUserId: null, actorLabel: actor.label, action: 'risk.action_escalated', entityType: 'risk_action', entityId: a.id, regionCode: a.region_code, detail: { warningId: a.warning_id, toUnitId: target.toUnitId }, at });
      return true;
    });
    if (done) summary.actionsOverdue++;
  }

  const lapsed = await repo.findLapsed(ctx.db, at, BATCH);
  if (lapsed.length > 0) {
    const tiers = await activeTiers(ctx.db);
    const calendar = await loadCalendar(ctx.db);
    for (const w of lapsed) {
      const tier = isTier(w.tier) ? w.tier : 'blue';
      const ackDueAt = dueWithin(calendar, now, tierSpec(tiers, tier).acknowledgeWithin).toISOString();
      const done = await ctx.db.transaction().execute(async (trx) => {
        if (!(await repo.updateWarning(trx, w.id, w.version, { status: 'review_due', ack_due_at: ackDueAt, ack_overdue: 0, updated_at: at }))) return false;
        await repo.insertLog(trx, { warning_id: w.id, kind: 'lapsed_to_review', from_tier: w.tier, to_tier: w.tier, reason: `no incident since ${w.last_incident_at}`, user_id: null, user_label: actor.label, at });
        await insertOutbox(trx, { topic: 'risk.review_due', caseId: w.case_id, regionCode: w.region_code, at, payload: { warningId: w.id, caseId: w.case_id, tier: w.tier, ackDueAt } });
        await appendAudit(trx, { actorUserId: null, actorLabel: actor.label, action: 'risk.lapsed_to_review', entityType: 'risk_warning', entityId: w.id, regionCode: w.region_code, detail: {}, at });
        return true;
      });
      if (done) summary.lapsed++;
    }
  }

  for (const c of await repo.findConferencesDueForReview(ctx.db, at, BATCH)) {
    const done = await ctx.db.transaction().execute(async (trx) => {
      if (!(await repo.markConferenceReminded(trx, c.id, at))) return false;
      await insertOutbox(trx, { topic: 'risk.conference_review_due', caseId: c.case_id, regionCode: c.region_code, at, payload: { conferenceId: c.id, warningId: c.warning_id, caseId: c.case_id, nextReviewAt: c.next_review_at } });
      return true;
    });
    if (done) summary.conferenceReviews++;
  }
  return summary;
}

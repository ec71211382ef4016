// Warning rows to API shapes. Every factor is shown with what it rests on; a case that fired a rule
// is named only to a viewer who may see that case (others see how many restricted cases there are).
import type { Db } from '../../db/database.js';
import type { Actor } from '../auth/actor.js';
import { caseScope } from '../cases/cases.policy.js';
import { caseVisible } from '../cases/cases.repository.js';
import { loadCalendar } from '../sla/sla.service.js';
import { type Tier, isTier } from './risk.definitions.js';
import type { FiredItem } from './risk.engine.js';
import { activeTiers } from './risk.definitions.service.js';
import * as repo from './risk.repository.js';
import { dueWithin, tierSpec } from './risk.tiers.js';

export const WARNING_DISCLAIMER = '风险预警描述的是一个情势（纠纷、冲突中的家庭），从不是对某个人的评判。A warning describes a situation, never a judgement of a person.';

type WarningWithCase = repo.WarningRow & { tracking_code: string; case_title: string; owner_unit_id: number };

interface StoredRule {
  key: string;
  version: number;
  name: string;
  kind: string;
  tier: string;
  reviewRequired: boolean;
  caseIds: number[];
  detail: string;
  limits: string[];
}

interface StoredFactors {
  assessmentId: number;
  evaluatedAt: string;
  computedTier: string;
  reviewRequired: boolean;
  trigger: Record<string, unknown>;
  instrument: Record<string, unknown> | null;
  items: FiredItem[];
  rules: StoredRule[];
}

async function visibleCases(db: Db, actor: Actor, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('cases')
    .select(['id', 'tracking_code'])
    .where('id', 'in', ids)
    .where((eb) => caseVisible(eb, caseScope(actor)))
    .execute();
  return new Map(rows.map((r) => [r.id, r.tracking_code]));
}

export async function presentWarning(db: Db, actor: Actor, w: WarningWithCase) {
  const factors = JSON.parse(w.factors) as StoredFactors;
  const ids = [...new Set(factors.rules.flatMap((r) => r.caseIds))];
  const visible = await visibleCases(db, actor, ids);
  const tiers = await activeTiers(db);
  const calendar = await loadCalendar(db);
  const tier: Tier = isTier(w.tier) ? w.tier : 'blue';
  const spec = tierSpec(tiers, tier);
  const pending = await repo.findPendingLowering(db, w.id);
  const from = new Date(w.acknowledged_at ?? w.raised_at);
  return {
    id: w.id,
    caseId: w.case_id,
    trackingCode: w.tracking_code,
    caseTitle: w.case_title,
    regionCode: w.region_code,
    status: w.status,
    tier,
    tierLabel: `${spec.label} ${spec.labelEn}`,
    tierMeaning: spec.meaning,
    computedTier: w.computed_tier,
    initialTier: w.initial_tier,
    reviewRequired: w.review_required === 1,
    source: w.source,
    factors: {
      assessmentId: factors.assessmentId,
      evaluatedAt: factors.evaluatedAt,
      trigger: factors.trigger,
      instrument: factors.instrument,
      items: factors.items,
      rules: factors.rules.map((r) => ({
        key: r.key,
        version: r.version,
        name: r.name,
        kind: r.kind,
        tier: r.tier,
        reviewRequired: r.reviewRequired,
        detail: r.detail,
        limits: r.limits,
        cases: r.caseIds.filter((id) => visible.has(id)).map((id) => ({ id, trackingCode: visible.get(id) ?? '' })),
        restrictedCases: r.caseIds.filter((id) => !visible.has(id)).length,
      })),
    },
    requiredActions: spec.requiredActions.map((a) => ({ code: a.code, text: a.text, textEn: a.textEn ?? null, dueAt: a.within ? dueWithin(calendar, from, a.within).toISOString() : null })),
    restrictions: { jointSessionsAllowed: spec.jointSessionsAllowed, sessionsPaused: spec.sessionsPaused },
    tierTableVersion: tiers.version,
    ackDueAt: w.ack_due_at,
    ackOverdue: w.ack_overdue === 1,
    ackEscalatedAt: w.ack_escalated_at,
    reviewer: w.reviewer_user_id === null ? null : { userId: w.reviewer_user_id, label: w.reviewer_label ?? '' },
    acknowledgedAt: w.acknowledged_at,
    ackOnTime: w.ack_on_time === null ? null : w.ack_on_time === 1,
    decision: w.decision,
    decisionReason: w.decision_reason,
    overridden: w.overridden === 1,
    pendingLowering: pending ? { id: pending.id, fromTier: pending.from_tier, toTier: pending.to_tier, reason: pending.reason, proposedBy: pending.proposed_by_label, proposedAt: pending.proposed_at } : null,
    lastIncidentAt: w.last_incident_at,
    reviewAt: w.review_at,
    outcome: w.outcome,
    outcomeNote: w.outcome_note,
    outcomeBy: w.outcome_by_label,
    outcomeAt: w.outcome_at,
    raisedAt: w.raised_at,
    updatedAt: w.updated_at,
    version: w.version,
    disclaimer: WARNING_DISCLAIMER,
  };
}

export type WarningDto = Awaited<ReturnType<typeof presentWarning>>;

// Use cases of risk assessment on a case: submit answers to an instrument, read the case's risk
// (every view audited), and the entry points mediation calls (a screening that asks for a review,
// a breach or new tension after an agreement). Each runs in one transaction.
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { Actor } from '../auth/actor.js';
import { caseScope } from '../cases/cases.policy.js';
import { normalizeRegionCode, subtreeRange } from '../regions/region-code.js';
import { validateAnswers } from './risk.engine.js';
import { type EvaluationInput, evaluateCase, mediationRestrictions } from './risk.evaluate.js';
import { activeInstrument, activeTiers, instrumentById } from './risk.definitions.service.js';
import { requireCaseKind, requireVisibleCase } from './risk.policy.js';
import { presentWarning } from './risk.presenter.js';
import * as repo from './risk.repository.js';

export interface AssessInput {
  instrumentKey: string;
  instrumentVersion?: number;
  answers: Record<string, unknown>;
}

/** Scores answers to an instrument together with the pattern rules; raises or updates the warning. */
export async function assessCase(ctx: AppContext, actor: Actor, caseId: number, input: AssessInput) {
  const row = await requireVisibleCase(ctx.db, actor, caseId);
  const instrument = await activeInstrument(ctx.db, input.instrumentKey, input.instrumentVersion);
  if (!instrument) {
    const which = input.instrumentVersion === undefined ? input.instrumentKey : `${input.instrumentKey} v${input.instrumentVersion}`;
    throw new AppError('validation_failed', `instrumentKey: no active instrument ${which}`, { errors: [{ field: 'instrumentKey', message: `no active instrument ${which}` }] });
  }
  requireCaseKind(row.kind, instrument.def.appliesTo.caseKinds);
  const answers = validateAnswers(instrument.def, input.answers);
  const outcome = await ctx.db.transaction().execute((trx) =>
    evaluateCase(trx, actor, { caseId, regionCode: row.region_code, ownerUnitId: row.owner_unit_id, instrument, answers, trigger: { kind: 'assessment' } }),
  );
  const warning = outcome.warningId === null ? null : await repo.findWarning(ctx.db, outcome.warningId, caseScope(actor));
  return {
    assessmentId: outcome.assessmentId,
    tier: outcome.tier,
    reviewRequired: outcome.reviewRequired,
    instrument: outcome.instrument,
    rules: outcome.rules.map((r) => ({ key: r.key, version: r.version, name: r.name, tier: r.tier, detail: r.detail, caseIds: r.caseIds })),
    warningAction: outcome.warningAction,
    warning: warning ? await presentWarning(ctx.db, actor, warning) : null,
  };
}

/** The risk panel of a case: assessments, warnings, restrictions on mediation. Audited. */
export async function getCaseRisk(ctx: AppContext, actor: Actor, caseId: number, ip: string | null) {
  const row = await requireVisibleCase(ctx.db, actor, caseId);
  const [assessments, warnings, restrictions] = await Promise.all([repo.findAssessments(ctx.db, caseId), repo.findWarningsOfCase(ctx.db, caseId), mediationRestrictions(ctx.db, caseId)]);
  await ctx.db.transaction().execute((trx) =>
    appendAudit(trx, { actorUserId: actor.userId, actorLabel: actor.label, action: 'risk.case_viewed', entityType: 'case', entityId: caseId, regionCode: row.region_code, detail: { warnings: warnings.map((w) => w.id) }, ip }),
  );
  return {
    caseId,
    restrictions,
    assessments: assessments.map((a) => ({
      id: a.id,
      instrumentKey: a.instrument_key,
      instrumentVersion: a.instrument_version,
      trigger: a.trigger_kind,
      answers: JSON.parse(a.answers) as Record<string, unknown>,
      result: JSON.parse(a.result) as Record<string, unknown>,
      assessor: a.assessor_label,
      at: a.at,
    })),
    warnings: await Promise.all(warnings.map((w) => presentWarning(ctx.db, actor, { ...w, tracking_code: row.tracking_code, case_title: row.title, owner_unit_id: row.owner_unit_id }))),
  };
}

async function reassess(trx: Db, actor: Actor, caseRow: { id: number; region_code: string; owner_unit_id: number }, trigger: EvaluationInput['trigger'], extra: Partial<EvaluationInput>) {
  // The latest instrument answers are scored again (same instrument version) beside the rules.
  const last = await repo.findLatestInstrumentAssessment(trx, caseRow.id);
  const instrument = last?.instrument_key && last.instrument_version ? await instrumentById(trx, last.instrument_key, last.instrument_version) : undefined;
  const answers = instrument && last ? (JSON.parse(last.answers) as Record<string, never>) : {};
  return evaluateCase(trx, actor, { caseId: caseRow.id, regionCode: caseRow.region_code, ownerUnitId: caseRow.owner_unit_id, instrument: instrument ?? null, answers, trigger, ...extra });
}

/** A safety screen asked for a risk review: evaluate with at least the screening tier, review required. */
export async function requestReviewFromScreening(trx: Db, actor: Actor, caseRow: { id: number; region_code: string; owner_unit_id: number }, screening: { mediationId: number; screeningId: number; concerns: string[] }) {
  const tiers = await activeTiers(trx);
  return reassess(trx, actor, caseRow, { kind: 'mediation_screening', ...screening }, { floor: tiers.screeningReviewTier, forceReview: true });
}

/** A follow-up found a breach or new tension: reassess, and a person must review. */
export async function reassessAfterFollowUp(trx: Db, actor: Actor, caseRow: { id: number; region_code: string; owner_unit_id: number }, trigger: { kind: 'mediation_breach' | 'mediation_new_tension'; mediationId: number; followUpId: number }) {
  return reassess(trx, actor, caseRow, trigger, { forceReview: true });
}

export interface WarningListQuery {
  status?: string;
  tier?: string;
  region?: string;
  overdue?: boolean;
  limit?: number;
  cursor?: number;
}

/** The warnings worklist of the cases the caller may see, newest first (open ones unless a status is asked). Audited. */
export async function listWarnings(ctx: AppContext, actor: Actor, q: WarningListQuery, ip: string | null) {
  const limit = q.limit ?? 50;
  const code = q.region === undefined ? undefined : normalizeRegionCode(q.region);
  if (q.region !== undefined && !code) throw new AppError('validation_failed', 'region: not a GB/T 2260 code', { errors: [{ field: 'region', message: 'not a region code' }] });
  const rows = await repo.findWarnings(ctx.db, caseScope(actor), {
    limit,
    ...(q.status ? { status: q.status } : {}),
    ...(q.tier ? { tier: q.tier } : {}),
    ...(code ? { region: subtreeRange(code) } : {}),
    ...(q.overdue ? { overdueOnly: true } : {}),
    ...(q.cursor !== undefined ? { beforeId: q.cursor } : {}),
  });
  await ctx.db.transaction().execute((trx) =>
    appendAudit(trx, { actorUserId: actor.userId, actorLabel: actor.label, action: 'risk.worklist_viewed', entityType: 'risk_warning', entityId: null, detail: { filter: q, ids: rows.map((r) => r.id) }, ip }),
  );
  return { items: await Promise.all(rows.map((r) => presentWarning(ctx.db, actor, r))), nextCursor: rows.length === limit ? (rows.at(-1)?.id ?? null) : null };
}

// Evaluation: build the whitelisted facts of a case, score the instrument answers, run the rules,
// and raise or update the case's warning, all in the caller's transaction and audited. The engine
// never lowers a tier: a lower result leaves the warning where a person put it.
import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { Actor } from '../auth/actor.js';
import { insertOutbox } from '../cases/cases.repository.js';
import * as mediationRepo from '../mediation/mediation.repository.js';
import { loadCalendar } from '../sla/sla.service.js';
import { type Answer, type FiredRule, type InstrumentResult, combine, evaluateRules, lastIncidentAt, scoreInstrument } from './risk.engine.js';
import { type RiskFacts, toRiskFacts } from './risk.facts.js';
import { type Instrument, type Tier, type Tiers, isTier, tierRank } from './risk.definitions.js';
import { type LoadedDefinition, activeRules, activeTiers } from './risk.definitions.service.js';
import * as repo from './risk.repository.js';
import { dueWithin, tierSpec } from './risk.tiers.js';

/** History looked at, whatever a rule's window: the longest window a rule may declare. */
const HISTORY_MONTHS = 24;
const MONTH_MS = 30.44 * 86_400_000;

/** Gathers the subject case and every case sharing a party with it (by blind index) into the whitelisted facts. */
export async function gatherFacts(db: Db, caseId: number, now: Date): Promise<RiskFacts> {
  const subject = await repo.findCaseCore(db, caseId);
  if (!subject) throw notFound('Case', caseId);
  const parties = await repo.findPartyHashes(db, caseId);
  const since = new Date(now.getTime() - HISTORY_MONTHS * MONTH_MS).toISOString();
  const matches = await repo.findMatchingParties(db, {
    caseId,
    phoneHashes: parties.map((p) => p.phone_hash).filter((h): h is string => h !== null),
    nameHashes: parties.map((p) => p.name_hash).filter((h): h is string => h !== null),
    since,
  });
  const byCase = new Map<number, typeof matches>();
  for (const m of matches) byCase.set(m.case_id, [...(byCase.get(m.case_id) ?? []), m]);
  const tiersOf = await repo.findLatestTiers(db, [caseId, ...byCase.keys()]);
  const linked = [...byCase.entries()].map(([id, rows]) => {
    const first = rows[0];
    // A subject party is shared when any party of the other case has its phone or name index.
    const shared = parties.filter((p) => rows.some((r) => (p.phone_hash !== null && r.phone_hash === p.phone_hash) || (p.name_hash !== null && r.name_hash === p.name_hash))).length;
    return { caseId: id, kind: first?.kind ?? 'dispute', at: first?.created_at ?? since, priority: first?.priority ?? 'normal', assessedTier: tiersOf.get(id) ?? null, sharedParties: shared, isSubject: false };
  });
  const breaches = await mediationRepo.findBreachesForCases(db, [caseId, ...byCase.keys()]);
  return toRiskFacts({
    subjectCaseId: caseId,
    now: now.toISOString(),
    cases: [{ caseId, kind: subject.kind, at: subject.created_at, priority: subject.priority, assessedTier: tiersOf.get(caseId) ?? null, sharedParties: parties.length, isSubject: true }, ...linked],
    agreements: breaches.map((b) => ({ caseId: b.case_id, agreementId: b.id, breachedAt: b.breached_at ?? now.toISOString() })),
  });
}

export interface EvaluationInput {
  caseId: number;
  regionCode: string;
  ownerUnitId: number;
  instrument: LoadedDefinition<Instrument> | null;
  answers: Record<string, Answer>;
  /** What started it: an assessment, a mediation screening, a breach or new tension at follow-up. */
  trigger: { kind: 'assessment' | 'mediation_screening' | 'mediation_breach' | 'mediation_new_tension'; [k: string]: unknown };
  /** A floor for the tier (a screening asks for at least the tier table's screening tier). */
  floor?: Tier;
  /** A person asked for a review whatever the result. */
  forceReview?: boolean;
}

export interface EvaluationOutcome {
  assessmentId: number;
  tier: Tier;
  reviewRequired: boolean;
  instrument: InstrumentResult | null;
  rules: FiredRule[];
  warningId: number | null;
  warningAction: 'raised' | 'escalated' | 'updated' | 'none';
}

function factorsOf(input: EvaluationInput, instrument: InstrumentResult | null, rules: FiredRule[], allRules: Awaited<ReturnType<typeof activeRules>>, tier: Tier, reviewRequired: boolean, assessmentId: number, at: string) {
  const def = input.instrument?.def;
  return {
    assessmentId,
    evaluatedAt: at,
    computedTier: tier,
    reviewRequired,
    trigger: input.trigger,
    instrument: instrument && def
      ? { key: def.key, version: def.version, name: def.name, licence: def.licence, citation: def.citation, population: def.population, limits: def.limits, method: instrument.method, score: instrument.score, tier: instrument.tier, band: instrument.band, combinations: instrument.combinations }
      : null,
    items: instrument?.items ?? [],
    rules: rules.map((r) => ({ ...r, limits: allRules.find((x) => x.key === r.key)?.limits ?? [] })),
  };
}

/** Runs one evaluation and writes its assessment, warning, outbox and audit rows in `trx`. */
export async function evaluateCase(trx: Db, actor: Actor, input: EvaluationInput, now = new Date()): Promise<EvaluationOutcome> {
  const at = now.toISOString();
  const facts = await gatherFacts(trx, input.caseId, now);
  const rules = await activeRules(trx);
  const tiersDef = await activeTiers(trx);
  const instrument = input.instrument ? scoreInstrument(input.instrument.def, input.answers) : null;
  const fired = evaluateRules(rules, facts);
  const combined = combine(instrument, fired, input.floor ?? 'blue');
  const reviewRequired = combined.reviewRequired || input.forceReview === true;
  const assessmentId = await repo.insertAssessment(trx, {
    case_id: input.caseId,
    region_code: input.regionCode,
    definition_id: input.instrument?.id ?? null,
    instrument_key: input.instrument?.def.key ?? null,
    instrument_version: input.instrument?.def.version ?? null,
    trigger_kind: input.trigger.kind,
    answers: JSON.stringify(input.answers),
    result: JSON.stringify({ tier: combined.tier, reviewRequired, instrument, rules: fired }),
    assessor_user_id: actor.userId,
    assessor_label: actor.label,
    at,
  });
  const factors = factorsOf(input, instrument, fired, rules, combined.tier, reviewRequired, assessmentId, at);
  const warning = await upsertWarning(trx, actor, input, { tier: combined.tier, reviewRequired, factors, fired, lastIncident: lastIncidentAt(facts, fired), assessmentId, tiersDef, now });
  await appendAudit(trx, {
    actorUserId: actor.userId,
    actorLabel: actor.label,
    action: 'risk.evaluated',
    entityType: 'case',
    entityId: input.caseId,
    regionCode: input.regionCode,
    detail: { assessmentId, trigger: input.trigger.kind, tier: combined.tier, reviewRequired, items: instrument?.items.map((i) => i.id) ?? [], rules: fired.map((r) => ({ key: r.key, caseIds: r.caseIds })), warningId: warning.id, warningAction: warning.action },
    at,
  });
  return { assessmentId, tier: combined.tier, reviewRequired, instrument, rules: fired, warningId: warning.id, warningAction: warning.action };
}

interface UpsertInput {
  tier: Tier;
  reviewRequired: boolean;
  factors: ReturnType<typeof factorsOf>;
  fired: FiredRule[];
  lastIncident: string;
  assessmentId: number;
  tiersDef: Tiers;
  now: Date;
}

function addMonths(iso: string, months: number): string {
  const d = new Date(iso);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString();
}

async function upsertWarning(trx: Db, actor: Actor, input: EvaluationInput, u: UpsertInput): Promise<{ id: number | null; action: EvaluationOutcome['warningAction'] }> {
  const at = u.now.toISOString();
  const open = await repo.findOpenWarningOfCase(trx, input.caseId);
  const shouldWarn = u.tier !== 'blue' || u.reviewRequired;
  if (!open && !shouldWarn) return { id: null, action: 'none' };
  const calendar = await loadCalendar(trx);
  const ackDue = (tier: Tier) => dueWithin(calendar, u.now, tierSpec(u.tiersDef, tier).acknowledgeWithin).toISOString();
  const reviewAt = addMonths(u.lastIncident > at ? at : u.lastIncident, u.tiersDef.lapseMonths);
  const rules = u.fired.map((r) => ({ key: r.key, version: r.version, caseIds: r.caseIds }));
  const notify = (id: number, action: string, tier: Tier) =>
    insertOutbox(trx, { topic: `risk.warning_${action}`, caseId: input.caseId, regionCode: input.regionCode, at, payload: { warningId: id, caseId: input.caseId, tier, ackDueAt: ackDue(tier), unitIds: [input.ownerUnitId] } });
  if (!open) {
    const id = await repo.insertWarning(trx, {
      case_id: input.caseId,
      region_code: input.regionCode,
      status: 'pending_review',
      tier: u.tier,
      computed_tier: u.tier,
      initial_tier: u.tier,
      review_required: u.reviewRequired ? 1 : 0,
      source: input.trigger.kind,
      factors: JSON.stringify(u.factors),
      assessment_id: u.assessmentId,
      ack_due_at: ackDue(u.tier),
      ack_escalated_at: null,
      ack_escalated_to_unit_id: null,
      reviewer_user_id: null,
      reviewer_label: null,
      acknowledged_at: null,
      ack_on_time: null,
      decision: null,
      decision_reason: null,
      last_incident_at: u.lastIncident,
      review_at: reviewAt,
      outcome: null,
      outcome_note: null,
      outcome_by_label: null,
      outcome_at: null,
      raised_at: at,
      updated_at: at,
    });
    await repo.replaceWarningRules(trx, id, rules);
    await repo.insertLog(trx, { warning_id: id, kind: 'raised', from_tier: null, to_tier: u.tier, reason: `computed by ${input.trigger.kind}`, user_id: actor.userId, user_label: actor.label, at });
    await notify(id, 'raised', u.tier);
    return { id, action: 'raised' };
  }
  const current = isTier(open.tier) ? open.tier : 'blue';
  const higher = tierRank(u.tier) > tierRank(current);
  // New facts from a mediation (breach, tension, a screening) always go back to a person.
  const backToReview = higher || (input.trigger.kind !== 'assessment' && u.reviewRequired) || open.status === 'review_due';
  const tier = higher ? u.tier : current;
  const ok = await repo.updateWarning(trx, open.id, open.version, {
    tier,
    computed_tier: u.tier,
    review_required: u.reviewRequired || open.review_required === 1 ? 1 : 0,
    factors: JSON.stringify(u.factors),
    assessment_id: u.assessmentId,
    last_incident_at: u.lastIncident > open.last_incident_at ? u.lastIncident : open.last_incident_at,
    review_at: reviewAt > open.review_at ? reviewAt : open.review_at,
    ...(backToReview ? { status: 'pending_review', ack_due_at: ackDue(tier), ack_overdue: 0, ack_escalated_at: null, ack_escalated_to_unit_id: null } : {}),
    updated_at: at,
  });
  if (!ok) throw new AppError('version_conflict', `Risk warning ${open.id} was changed while the case was evaluated; submit again`, { errors: [{ field: 'version', message: 'stale' }] });
  await repo.replaceWarningRules(trx, open.id, rules);
  await repo.insertLog(trx, { warning_id: open.id, kind: higher ? 'engine_raised' : 'reevaluated', from_tier: current, to_tier: tier, reason: `computed ${u.tier} by ${input.trigger.kind}`, user_id: actor.userId, user_label: actor.label, at });
  if (backToReview) await notify(open.id, higher ? 'raised' : 'review_requested', tier);
  return { id: open.id, action: higher ? 'escalated' : 'updated' };
}

/** What the case's open warning allows mediation to do now (the tier table's restrictions). */
export async function mediationRestrictions(db: Db, caseId: number) {
  const open = await repo.findOpenWarningOfCase(db, caseId);
  if (!open || !isTier(open.tier)) return { warningId: null, tier: null, jointSessionsAllowed: true, sessionsPaused: false };
  const spec = tierSpec(await activeTiers(db), open.tier);
  return { warningId: open.id, tier: open.tier, jointSessionsAllowed: spec.jointSessionsAllowed, sessionsPaused: spec.sessionsPaused };
}

// What named reviewers do with a warning: acknowledge it with a decision and reason, raise its tier
// by professional judgement, lower it (only when a second, different reviewer agrees, with a written
// reason), and record how it ended. Each is one transaction with its log, outbox and audit rows.
// Nothing here acts on a person: the platform records decisions people make.
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { Actor } from '../auth/actor.js';
import { caseScope } from '../cases/cases.policy.js';
import { insertOutbox } from '../cases/cases.repository.js';
import { type Tier, isTier, tierRank } from './risk.definitions.js';
import { activeTiers } from './risk.definitions.service.js';
import { requireNamedReviewer } from './risk.policy.js';
import { presentWarning } from './risk.presenter.js';
import * as repo from './risk.repository.js';

export const decisions = ['confirm', 'raise', 'lower'] as const;
export const outcomes = ['de_escalated', 'resolved', 'harm_occurred', 'unfounded'] as const;

type Loaded = NonNullable<Awaited<ReturnType<typeof repo.findWarning>>>;
type Reviewer = Actor & { userId: number };

function field(name: string, message: string): AppError {
  return new AppError('validation_failed', `${name}: ${message}`, { errors: [{ field: name, message }] });
}

async function load(trx: Db, actor: Actor, id: number, version: number): Promise<Loaded> {
  const w = await repo.findWarning(trx, id, caseScope(actor));
  if (!w) throw notFound('Risk warning', id);
  if (w.version !== version) {
    throw new AppError('version_conflict', `Risk warning ${id} is at version ${w.version}, you sent ${version}; reload it`, { errors: [{ field: 'version', message: 'stale' }], extra: { currentVersion: w.version } });
  }
  if (w.status === 'closed') throw new AppError('conflict', `Risk warning ${id} is closed (outcome ${w.outcome ?? '?'})`);
  return w;
}

function currentTier(w: Loaded): Tier {
  return isTier(w.tier) ? w.tier : 'blue';
}

async function save(trx: Db, w: Loaded, patch: Parameters<typeof repo.updateWarning>[3]) {
  if (!(await repo.updateWarning(trx, w.id, w.version, patch))) {
    throw new AppError('version_conflict', `Risk warning ${w.id} was changed by someone else; reload it`, { errors: [{ field: 'version', message: 'stale' }] });
  }
}

async function record(trx: Db, actor: Reviewer, w: Loaded, kind: string, fromTier: Tier | null, toTier: Tier | null, reason: string | null, at: string, ip: string | null) {
  await repo.insertLog(trx, { warning_id: w.id, kind, from_tier: fromTier, to_tier: toTier, reason, user_id: actor.userId, user_label: actor.label, at });
  await appendAudit(trx, { actorUserId: actor.userId, actorLabel: actor.label, action: `risk.warning_${kind}`, entityType: 'risk_warning', entityId: w.id, regionCode: w.region_code, detail: { caseId: w.case_id, fromTier, toTier }, ip, at });
  await insertOutbox(trx, { topic: `risk.warning_${kind}`, caseId: w.case_id, regionCode: w.region_code, at, payload: { warningId: w.id, caseId: w.case_id, kind, fromTier, toTier, by: actor.label, unitIds: [w.owner_unit_id] } });
}

async function respond(ctx: AppContext, actor: Actor, id: number) {
  const w = await repo.findWarning(ctx.db, id, caseScope(actor));
  if (!w) throw notFound('Risk warning', id);
  return presentWarning(ctx.db, actor, w);
}

async function applyLowering(trx: Db, w: Loaded, to: Tier, at: string) {
  await save(trx, w, { tier: to, overridden: 1, updated_at: at });
}

export interface AcknowledgeInput {
  version: number;
  decision: (typeof decisions)[number];
  tier?: Tier;
  reason: string;
}

/** The named reviewer takes the warning: decision (confirm / raise / propose a lowering) and reason. */
export async function acknowledgeWarning(ctx: AppContext, actor: Actor, id: number, input: AcknowledgeInput, ip: string | null) {
  requireNamedReviewer(actor);
  await ctx.db.transaction().execute(async (trx) => {
    const w = await load(trx, actor, id, input.version);
    if (w.status !== 'pending_review' && w.status !== 'review_due') throw new AppError('conflict', `Risk warning ${id} was already acknowledged by ${w.reviewer_label ?? '?'}; use raise or lower to change it`);
    const at = new Date().toISOString();
    const from = currentTier(w);
    const to = input.decision === 'confirm' ? from : input.tier;
    if (to === undefined) throw field('tier', `required when the decision is ${input.decision}`);
    if (input.decision === 'raise' && tierRank(to) <= tierRank(from)) throw field('tier', `must be above ${from} to raise`);
    if (input.decision === 'lower' && tierRank(to) >= tierRank(from)) throw field('tier', `must be below ${from} to lower`);
    const tiers = await activeTiers(trx);
    const reviewAgain = w.status === 'review_due' ? { review_at: addMonths(at, tiers.lapseMonths) } : {};
    await save(trx, w, {
      status: 'active',
      reviewer_user_id: actor.userId,
      reviewer_label: actor.label,
      acknowledged_at: at,
      ack_on_time: at <= w.ack_due_at ? 1 : 0,
      decision: input.decision === 'confirm' ? 'confirmed' : input.decision === 'raise' ? 'raised' : 'lowering_proposed',
      decision_reason: input.reason,
      ...(input.decision === 'raise' ? { tier: to, overridden: 1 } : {}),
      ...reviewAgain,
      updated_at: at,
    });
    if (input.decision === 'lower') await proposeLowering(trx, actor, w, from, to, input.reason, at);
    await record(trx, actor, w, 'acknowledged', from, input.decision === 'raise' ? to : from, `${input.decision}: ${input.reason}`, at, ip);
  });
  return respond(ctx, actor, id);
}

function addMonths(iso: string, months: number): string {
  const d = new Date(iso);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString();
}

/** Professional judgement may raise a tier at any time; one reviewer suffices. */
export async function raiseWarning(ctx: AppContext, actor: Actor, id: number, input: { version: number; tier: Tier; reason: string }, ip: string | null) {
  requireNamedReviewer(actor);
  await ctx.db.transaction().execute(async (trx) => {
    const w = await load(trx, actor, id, input.version);
    const from = currentTier(w);
    if (tierRank(input.tier) <= tierRank(from)) throw field('tier', `must be above the current tier ${from}`);
    const at = new Date().toISOString();
    await save(trx, w, { tier: input.tier, overridden: 1, updated_at: at });
    // A raise cancels a lowering that was waiting for its second reviewer.
    const pending = await repo.findPendingLowering(trx, w.id);
    if (pending) await repo.decideLowering(trx, pending.id, { status: 'withdrawn', decided_by: actor.userId, decided_by_label: actor.label, decided_at: at, decision_reason: 'tier raised meanwhile' });
    await record(trx, actor, w, 'raised', from, input.tier, input.reason, at, ip);
  });
  return respond(ctx, actor, id);
}

async function proposeLowering(trx: Db, actor: Reviewer, w: Loaded, from: Tier, to: Tier, reason: string, at: string) {
  await repo.insertLowering(trx, { warning_id: w.id, from_tier: from, to_tier: to, reason, proposed_by: actor.userId, proposed_by_label: actor.label, proposed_at: at, status: 'pending', decided_by: null, decided_by_label: null, decided_at: null, decision_reason: null });
}

/**
 * Lowering a tier: the first reviewer proposes (nothing changes yet); a second, different reviewer
 * asking for the same tier applies it. The proposer asking again answers 403.
 */
export async function lowerWarning(ctx: AppContext, actor: Actor, id: number, input: { version: number; tier: Tier; reason: string }, ip: string | null) {
  requireNamedReviewer(actor);
  const result = await ctx.db.transaction().execute(async (trx) => {
    const w = await load(trx, actor, id, input.version);
    const from = currentTier(w);
    if (tierRank(input.tier) >= tierRank(from)) throw field('tier', `must be below the current tier ${from}`);
    const at = new Date().toISOString();
    const pending = await repo.findPendingLowering(trx, w.id);
    if (!pending) {
      await proposeLowering(trx, actor, w, from, input.tier, input.reason, at);
      await save(trx, w, { updated_at: at });
      await record(trx, actor, w, 'lowering_proposed', from, input.tier, input.reason, at, ip);
      return 'proposed' as const;
    }
    if (pending.proposed_by === actor.userId) {
      throw new AppError('forbidden', `Lowering risk warning ${id} needs a second, different reviewer: you proposed it (lowering ${pending.id})`, { extra: { loweringId: pending.id } });
    }
    if (pending.to_tier !== input.tier) {
      throw new AppError('conflict', `A lowering of risk warning ${id} to ${pending.to_tier} awaits a decision; agree to that tier or decline it (POST …/decide)`, { extra: { loweringId: pending.id, pendingTier: pending.to_tier } });
    }
    await repo.decideLowering(trx, pending.id, { status: 'approved', decided_by: actor.userId, decided_by_label: actor.label, decided_at: at, decision_reason: input.reason });
    await applyLowering(trx, w, input.tier, at);
    await record(trx, actor, w, 'lowered', from, input.tier, `${pending.reason} / second reviewer: ${input.reason}`, at, ip);
    return 'lowered' as const;
  });
  return { result, warning: await respond(ctx, actor, id) };
}

/** The second reviewer decides on a pending lowering; the proposer cannot. */
export async function decideLowering(ctx: AppContext, actor: Actor, id: number, input: { version: number; approve: boolean; reason: string }, ip: string | null) {
  requireNamedReviewer(actor);
  await ctx.db.transaction().execute(async (trx) => {
    const w = await load(trx, actor, id, input.version);
    const pending = await repo.findPendingLowering(trx, w.id);
    if (!pending) throw new AppError('conflict', `Risk warning ${id} has no lowering awaiting a decision`);
    if (pending.proposed_by === actor.userId) throw new AppError('forbidden', `Lowering risk warning ${id} needs a second, different reviewer: you proposed it`);
    const at = new Date().toISOString();
    const from = currentTier(w);
    const to = isTier(pending.to_tier) ? pending.to_tier : from;
    await repo.decideLowering(trx, pending.id, { status: input.approve ? 'approved' : 'declined', decided_by: actor.userId, decided_by_label: actor.label, decided_at: at, decision_reason: input.reason });
    if (input.approve) await applyLowering(trx, w, to, at);
    else await save(trx, w, { updated_at: at });
    await record(trx, actor, w, input.approve ? 'lowered' : 'lowering_declined', from, input.approve ? to : from, input.reason, at, ip);
  });
  return respond(ctx, actor, id);
}

/** How the warning ended; closes it. Only after a reviewer has acknowledged it. */
export async function recordOutcome(ctx: AppContext, actor: Actor, id: number, input: { version: number; outcome: (typeof outcomes)[number]; note: string }, ip: string | null) {
  requireNamedReviewer(actor);
  await ctx.db.transaction().execute(async (trx) => {
    const w = await load(trx, actor, id, input.version);
    if (w.status === 'pending_review') throw new AppError('conflict', `Risk warning ${id} has not been acknowledged yet; a reviewer acknowledges it first`);
    const at = new Date().toISOString();
    const pending = await repo.findPendingLowering(trx, w.id);
    if (pending) await repo.decideLowering(trx, pending.id, { status: 'withdrawn', decided_by: actor.userId, decided_by_label: actor.label, decided_at: at, decision_reason: 'warning closed' });
    await save(trx, w, { status: 'closed', outcome: input.outcome, outcome_note: input.note, outcome_by_label: actor.label, outcome_at: at, updated_at: at });
    await record(trx, actor, w, 'closed', currentTier(w), currentTier(w), `${input.outcome}: ${input.note}`, at, ip);
  });
  return respond(ctx, actor, id);
}

/** One warning, with the caller's view of it audited. */
export async function viewWarning(ctx: AppContext, actor: Actor, id: number, ip: string | null) {
  const w = await repo.findWarning(ctx.db, id, caseScope(actor));
  if (!w) throw notFound('Risk warning', id);
  const [log, lowerings] = await Promise.all([repo.findLog(ctx.db, id), repo.findLowerings(ctx.db, id)]);
  await ctx.db.transaction().execute((trx) =>
    appendAudit(trx, { actorUserId: actor.userId, actorLabel: actor.label, action: 'risk.warning_viewed', entityType: 'risk_warning', entityId: id, regionCode: w.region_code, detail: { caseId: w.case_id }, ip }),
  );
  return {
    ...(await presentWarning(ctx.db, actor, w)),
    log: log.map((l) => ({ kind: l.kind, fromTier: l.from_tier, toTier: l.to_tier, reason: l.reason, by: l.user_label, at: l.at })),
    lowerings: lowerings.map((l) => ({ id: l.id, fromTier: l.from_tier, toTier: l.to_tier, reason: l.reason, proposedBy: l.proposed_by_label, proposedAt: l.proposed_at, status: l.status, decidedBy: l.decided_by_label, decidedAt: l.decided_at, decisionReason: l.decision_reason })),
  };
}

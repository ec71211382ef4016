// Use cases of a mediation up to the agreement: take a dispute into mediation, a party's refusal,
// the safety screen, mediators, invited people (with every party's consent), sessions, and failure
// with the routes the parties were told about. Each is one transaction that also writes the step
// onto the case's timeline (writeSideEvent) and the audit chain (through writeCaseEvent).
import type { AppContext } from '../../context.js';
import { encryptPii } from '../../crypto/pii.js';
import type { Db } from '../../db/database.js';
import { AppError, invalid } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { requireVisibleCase } from '../risk/risk.policy.js';
import { mediationRestrictions } from '../risk/risk.evaluate.js';
import { requestReviewFromScreening } from '../risk/risk.service.js';
import { loadCalendar } from '../sla/sla.service.js';
import { writeSideEvent } from './case-timeline.js';
import { canAct, loadForAction, requireStatus } from './mediation.policy.js';
import { presentMediation } from './mediation.presenter.js';
import * as repo from './mediation.repository.js';
import {
  type Mode,
  SETTLE_WITHIN_DAYS,
  type ScreeningAnswers,
  allowedSessionModes,
  type failureRoutes,
  type inviteeRelations,
  type mediatorHow,
  type origins,
  periodEnd,
  safetyConcerns,
  screeningModeProblem,
  type sessionModes,
  type sessionOutcomes,
} from './mediation.rules.js';

type Loaded = repo.MediationRow;

/** Saves a mediation change at the version read, or answers 409. */
export async function saveMediation(trx: Db, m: Loaded, patch: Parameters<typeof repo.updateMediation>[3], at: string) {
  if (!(await repo.updateMediation(trx, m.id, m.version, { ...patch, updated_at: at }))) {
    throw new AppError('version_conflict', `Mediation ${m.id} was changed by someone else; reload it`, { errors: [{ field: 'version', message: 'stale' }] });
  }
}

export async function timeline(trx: Db, actor: Actor, m: { id: number; case_id: number; committee_unit_id: number }, action: string, payload: Record<string, unknown>, at: string) {
  await writeSideEvent(trx, m.case_id, action, { mediationId: m.id, ...payload }, { actor, at, unitId: m.committee_unit_id });
}

export async function respond(ctx: AppContext, actor: Actor, id: number) {
  return presentMediation(ctx, actor, id);
}

export interface OpenInput {
  committeeUnitId: number;
  origin: (typeof origins)[number];
  originNote?: string;
  mediators?: Array<{ userId: number; how: (typeof mediatorHow)[number] }>;
}

/** Takes a dispute into mediation by a committee the case was sent to. */
export async function openMediation(ctx: AppContext, actor: Actor, caseId: number, input: OpenInput) {
  const c = await requireVisibleCase(ctx.db, actor, caseId);
  if (c.kind !== 'dispute') throw invalid('caseId', `only disputes are mediated; case ${caseId} is a ${c.kind}`);
  const committee = await repo.findCommittee(ctx.db, input.committeeUnitId);
  if (!committee || committee.kind !== 'mediation_committee' || committee.status !== 'active') throw invalid('committeeUnitId', `unit ${input.committeeUnitId} is not an active mediation committee`);
  if (!(await repo.findCaseUnitIds(ctx.db, caseId)).includes(committee.id)) {
    throw invalid('committeeUnitId', `case ${caseId} has not been sent to ${committee.name}: dispatch or whistle it to the committee first`);
  }
  if (!canAct(actor, { committee_unit_id: committee.id, case_owner_unit_id: c.owner_unit_id })) {
    throw new AppError('forbidden', `Only members of ${committee.name} or the centre that owns case ${caseId} may open its mediation`);
  }
  for (const [i, m] of (input.mediators ?? []).entries()) {
    if (!(await repo.findUserInUnit(ctx.db, m.userId, committee.id))) throw invalid(`mediators[${i}].userId`, `user ${m.userId} is not a member of ${committee.name}`);
  }
  const now = new Date();
  const at = now.toISOString();
  const calendar = await loadCalendar(ctx.db);
  const id = await ctx.db.transaction().execute(async (trx) => {
    if (await repo.findOpenMediationOfCase(trx, caseId)) throw new AppError('conflict', `Case ${caseId} already has an open mediation`);
    const mediationId = await repo.insertMediation(trx, {
      case_id: caseId,
      committee_unit_id: committee.id,
      region_code: c.region_code,
      origin: input.origin,
      origin_note: input.originNote ?? null,
      status: 'in_progress',
      mode: null,
      accepted_at: at,
      due_at: periodEnd(calendar, now, SETTLE_WITHIN_DAYS).toISOString(),
      ended_at: null,
      end_reason: null,
      end_note: null,
      routes_told: null,
      refused_by_party_id: null,
      created_by: actor.userId,
      created_by_label: actor.label,
      created_at: at,
      updated_at: at,
    });
    for (const m of input.mediators ?? []) {
      const user = await repo.findUserInUnit(trx, m.userId, committee.id);
      await repo.insertMediator(trx, { mediation_id: mediationId, user_id: m.userId, label: user?.display_name ?? String(m.userId), how: m.how, at, ended_at: null });
    }
    await timeline(trx, actor, { id: mediationId, case_id: caseId, committee_unit_id: committee.id }, 'mediation_opened', { origin: input.origin, committee: committee.name }, at);
    return mediationId;
  });
  return respond(ctx, actor, id);
}

async function requireParty(db: Db, caseId: number, partyId: number, field: string) {
  const parties = await repo.findCaseParties(db, caseId);
  if (!parties.some((p) => p.id === partyId)) throw invalid(field, `party ${partyId} is not a party of case ${caseId}`);
  return parties;
}

/** A party's clear refusal ends the mediation. It is recorded, and never read by the risk engine. */
export async function refuseMediation(ctx: AppContext, actor: Actor, id: number, input: { version: number; partyId: number; note?: string }) {
  const at = new Date().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const m = await loadForAction(trx, actor, id, input.version);
    requireStatus(m, ['in_progress'], 'a refusal');
    await requireParty(trx, m.case_id, input.partyId, 'partyId');
    await saveMediation(trx, m, { status: 'refused', ended_at: at, end_reason: 'refused', end_note: input.note ?? null, refused_by_party_id: input.partyId }, at);
    await repo.cancelPendingFollowups(trx, m.id, at);
    await timeline(trx, actor, m, 'mediation_refused', { partyId: input.partyId }, at);
  });
  return respond(ctx, actor, id);
}

/** The safety screen before any session: decides the mode, and can ask for a risk review. */
export async function screenMediation(ctx: AppContext, actor: Actor, id: number, input: { version: number; answers: ScreeningAnswers; mode: Mode; raiseRiskReview?: boolean; note?: string }) {
  const at = new Date().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const m = await loadForAction(trx, actor, id, input.version);
    requireStatus(m, ['in_progress'], 'a screening');
    const problem = screeningModeProblem(input.mode, input.answers, await mediationRestrictions(trx, m.case_id));
    if (problem) throw invalid('mode', problem);
    const concerns = safetyConcerns(input.answers);
    const raises = concerns.length > 0 || input.raiseRiskReview === true;
    const screeningId = await repo.insertScreening(trx, { mediation_id: m.id, answers: JSON.stringify(input.answers), mode: input.mode, raises_risk_review: raises ? 1 : 0, note: input.note ?? null, by_user: actor.userId, by_label: actor.label, at });
    await saveMediation(trx, m, { mode: input.mode }, at);
    await timeline(trx, actor, m, 'mediation_screening', { screeningId, mode: input.mode, raisesRiskReview: raises }, at);
    if (raises) await requestReviewFromScreening(trx, actor, { id: m.case_id, region_code: m.region_code, owner_unit_id: m.case_owner_unit_id }, { mediationId: m.id, screeningId, concerns });
  });
  return respond(ctx, actor, id);
}

export async function addMediator(ctx: AppContext, actor: Actor, id: number, input: { version: number; userId: number; how: (typeof mediatorHow)[number] }) {
  const at = new Date().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const m = await loadForAction(trx, actor, id, input.version);
    requireStatus(m, ['in_progress'], 'a mediator');
    const user = await repo.findUserInUnit(trx, input.userId, m.committee_unit_id);
    if (!user) throw invalid('userId', `user ${input.userId} is not a member of the mediation committee`);
    if ((await repo.findMediators(trx, m.id)).some((x) => x.user_id === input.userId && x.ended_at === null)) throw new AppError('conflict', `User ${input.userId} already mediates mediation ${id}`);
    await repo.insertMediator(trx, { mediation_id: m.id, user_id: input.userId, label: user.display_name, how: input.how, at, ended_at: null });
    await saveMediation(trx, m, {}, at);
    await timeline(trx, actor, m, 'mediation_mediator', { userId: input.userId, how: input.how }, at);
  });
  return respond(ctx, actor, id);
}

type Consent = { partyId: number; consented: boolean; at: string; recordedBy: string };

export async function inviteParticipant(ctx: AppContext, actor: Actor, id: number, input: { version: number; name: string; relation: (typeof inviteeRelations)[number]; consents: Array<{ partyId: number; consented: boolean }> }) {
  const at = new Date().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const m = await loadForAction(trx, actor, id, input.version);
    requireStatus(m, ['in_progress'], 'an invitation');
    for (const [i, c] of input.consents.entries()) await requireParty(trx, m.case_id, c.partyId, `consents[${i}].partyId`);
    const consents: Consent[] = input.consents.map((c) => ({ ...c, at, recordedBy: actor.label }));
    const inviteeId = await repo.insertInvitee(trx, { mediation_id: m.id, name_enc: encryptPii(ctx.config.dataKey, input.name, 'mediation_invitees.name'), relation: input.relation, consents: JSON.stringify(consents), invited_by_label: actor.label, at });
    await saveMediation(trx, m, {}, at);
    await timeline(trx, actor, m, 'mediation_invitee', { inviteeId, relation: input.relation }, at);
  });
  return respond(ctx, actor, id);
}

/** Records (or changes) one party's consent to an invited person taking part. */
export async function recordConsent(ctx: AppContext, actor: Actor, id: number, inviteeId: number, input: { version: number; partyId: number; consented: boolean }) {
  const at = new Date().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const m = await loadForAction(trx, actor, id, input.version);
    const invitee = (await repo.findInvitees(trx, m.id)).find((x) => x.id === inviteeId);
    if (!invitee) throw invalid('inviteeId', `mediation ${id} has no invitee ${inviteeId}`);
    await requireParty(trx, m.case_id, input.partyId, 'partyId');
    const consents = (JSON.parse(invitee.consents) as Consent[]).filter((c) => c.partyId !== input.partyId);
    consents.push({ partyId: input.partyId, consented: input.consented, at, recordedBy: actor.label });
    await repo.updateInviteeConsents(trx, inviteeId, JSON.stringify(consents));
    await saveMediation(trx, m, {}, at);
  });
  return respond(ctx, actor, id);
}

export type Attendee = { kind: 'party'; partyId: number } | { kind: 'mediator'; userId: number } | { kind: 'invitee'; inviteeId: number };

export async function recordSession(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: { version: number; heldAt: string; mode: (typeof sessionModes)[number]; attendees: Attendee[]; minutes: string; outcome: (typeof sessionOutcomes)[number] },
) {
  const at = new Date().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const m = await loadForAction(trx, actor, id, input.version);
    requireStatus(m, ['in_progress'], 'a session');
    const restrictions = await mediationRestrictions(trx, m.case_id);
    const allowed = allowedSessionModes(m.mode, restrictions);
    if (!allowed.includes(input.mode)) {
      const why = m.mode === null ? 'screen the mediation first (POST …/screening)' : restrictions.sessionsPaused ? `sessions are paused by risk warning ${restrictions.warningId} (${restrictions.tier})` : `allowed now: ${allowed.join(', ') || 'none'}`;
      throw new AppError('conflict', `A ${input.mode} session is not allowed for mediation ${id}: ${why}`, { errors: [{ field: 'mode', message: why }], extra: { allowedModes: allowed } });
    }
    const parties = await repo.findCaseParties(trx, m.case_id);
    const mediators = await repo.findMediators(trx, m.id);
    const invitees = await repo.findInvitees(trx, m.id);
    input.attendees.forEach((a, i) => {
      const f = `attendees[${i}]`;
      if (a.kind === 'party' && !parties.some((p) => p.id === a.partyId)) throw invalid(`${f}.partyId`, `party ${a.partyId} is not a party of the case`);
      if (a.kind === 'mediator' && !mediators.some((x) => x.user_id === a.userId)) throw invalid(`${f}.userId`, `user ${a.userId} is not a mediator of this mediation`);
      if (a.kind === 'invitee') {
        const invitee = invitees.find((x) => x.id === a.inviteeId);
        if (!invitee) throw invalid(`${f}.inviteeId`, `no invitee ${a.inviteeId}`);
        const consents = JSON.parse(invitee.consents) as Consent[];
        const missing = parties.filter((p) => !consents.some((c) => c.partyId === p.id && c.consented));
        if (missing.length > 0) throw invalid(`${f}.inviteeId`, `parties ${missing.map((p) => p.id).join(', ')} have not consented to invitee ${a.inviteeId} taking part`);
      }
    });
    const sessionId = await repo.insertSession(trx, { mediation_id: m.id, held_at: new Date(input.heldAt).toISOString(), mode: input.mode, attendees: JSON.stringify(input.attendees), minutes: input.minutes, outcome: input.outcome, recorded_by_label: actor.label, at });
    await saveMediation(trx, m, {}, at);
    await timeline(trx, actor, m, 'mediation_session', { sessionId, mode: input.mode, outcome: input.outcome, heldAt: input.heldAt }, at);
  });
  return respond(ctx, actor, id);
}

/** Mediation failed: the reason and the routes the parties were told about. */
export async function failMediation(ctx: AppContext, actor: Actor, id: number, input: { version: number; reason: string; routesTold: Array<(typeof failureRoutes)[number]>; note?: string }) {
  const at = new Date().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const m = await loadForAction(trx, actor, id, input.version);
    requireStatus(m, ['in_progress'], 'ending it as failed');
    await saveMediation(trx, m, { status: 'failed', ended_at: at, end_reason: input.reason, end_note: input.note ?? null, routes_told: JSON.stringify(input.routesTold) }, at);
    await repo.cancelPendingFollowups(trx, m.id, at);
    await timeline(trx, actor, m, 'mediation_failed', { reason: input.reason, routesTold: input.routesTold }, at);
  });
  return respond(ctx, actor, id);
}

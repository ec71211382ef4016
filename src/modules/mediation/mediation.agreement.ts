// The agreement (调解协议书): drafted with parties, facts, responsibilities and terms (how and by
// when each is performed); effective once every party has signed and the committee has sealed it
// (who and when recorded); then judicial confirmation within 30 days and follow-up visits.
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { AppError, invalid } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { reassessAfterFollowUp } from '../risk/risk.service.js';
import { loadCalendar } from '../sla/sla.service.js';
import { canSeal, loadForAction, requireStatus } from './mediation.policy.js';
import * as repo from './mediation.repository.js';
import {
  COURT_ACCEPT_DAYS,
  COURT_EXTENSION_DAYS,
  COURT_RULING_DAYS,
  CONFIRM_WINDOW_DAYS,
  FIRST_FOLLOW_UP_DAYS,
  SETTLE_WITHIN_DAYS,
  type followUpFindings,
  type followUpMethods,
  nextFollowUpAt,
  periodEnd,
  type termStatuses,
} from './mediation.rules.js';
import { respond, saveMediation, timeline } from './mediation.service.js';

export interface Signature {
  partyId: number;
  signedAt: string;
  recordedBy: string;
}

export interface DraftInput {
  version: number;
  parties: number[];
  facts: string;
  responsibilities: string;
  terms: Array<{ text: string; how: string; dueDate: string }>;
}

export async function draftAgreement(ctx: AppContext, actor: Actor, id: number, input: DraftInput) {
  const at = new Date().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const m = await loadForAction(trx, actor, id, input.version);
    requireStatus(m, ['in_progress'], 'an agreement');
    const parties = await repo.findCaseParties(trx, m.case_id);
    input.parties.forEach((p, i) => {
      if (!parties.some((x) => x.id === p)) throw invalid(`parties[${i}]`, `party ${p} is not a party of case ${m.case_id}`);
    });
    if (new Set(input.parties).size !== input.parties.length) throw invalid('parties', 'a party is listed twice');
    input.terms.forEach((t, i) => {
      if (Number.isNaN(Date.parse(`${t.dueDate}T00:00:00Z`))) throw invalid(`terms[${i}].dueDate`, 'not a date');
    });
    const current = await repo.findCurrentAgreement(trx, m.id);
    if (current?.status === 'draft') {
      const signed = JSON.parse(current.signatures) as Signature[];
      if (signed.length > 0) throw new AppError('conflict', `The draft agreement of mediation ${id} is already signed by ${signed.length} part(ies); it can no longer be replaced`);
      await repo.updateAgreement(trx, current.id, { status: 'superseded', updated_at: at });
    }
    const count = (await repo.findAgreements(trx, m.id)).length;
    const agreementId = await repo.insertAgreement(trx, {
      mediation_id: m.id,
      case_id: m.case_id,
      number: `（${at.slice(0, 4)}）调字第${m.committee_unit_id}-${m.id}-${count + 1}号`,
      status: 'draft',
      parties: JSON.stringify(input.parties),
      facts: input.facts,
      responsibilities: input.responsibilities,
      signatures: '[]',
      sealed_by: null,
      sealed_by_label: null,
      sealed_at: null,
      effective_at: null,
      confirm_window_ends_at: null,
      window_warned_at: null,
      breached_at: null,
      created_by_label: actor.label,
      created_at: at,
      updated_at: at,
    });
    await repo.insertTerms(trx, input.terms.map((t, i) => ({ agreement_id: agreementId, seq: i + 1, text: t.text, how: t.how, due_date: t.dueDate, status: 'pending', performed_at: null, breached_at: null, note: null })));
    await saveMediation(trx, m, {}, at);
    await timeline(trx, actor, m, 'mediation_agreement_drafted', { agreementId, terms: input.terms.length }, at);
  });
  return respond(ctx, actor, id);
}

async function draftOf(trx: Db, m: repo.MediationRow) {
  const a = await repo.findCurrentAgreement(trx, m.id);
  if (!a || a.status !== 'draft') throw new AppError('conflict', `Mediation ${m.id} has no draft agreement to sign or seal`);
  return a;
}

/** Records that a party signed (who recorded it, when the party signed). */
export async function signAgreement(ctx: AppContext, actor: Actor, id: number, input: { version: number; partyId: number; signedAt?: string }) {
  const at = new Date().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const m = await loadForAction(trx, actor, id, input.version);
    const a = await draftOf(trx, m);
    const parties = JSON.parse(a.parties) as number[];
    if (!parties.includes(input.partyId)) throw invalid('partyId', `party ${input.partyId} is not a party to agreement ${a.id}`);
    const signatures = JSON.parse(a.signatures) as Signature[];
    if (signatures.some((s) => s.partyId === input.partyId)) throw new AppError('conflict', `Party ${input.partyId} has already signed agreement ${a.id}`);
    signatures.push({ partyId: input.partyId, signedAt: input.signedAt ? new Date(input.signedAt).toISOString() : at, recordedBy: actor.label });
    await repo.updateAgreement(trx, a.id, { signatures: JSON.stringify(signatures), updated_at: at });
    await saveMediation(trx, m, {}, at);
    await timeline(trx, actor, m, 'mediation_agreement_signed', { agreementId: a.id, partyId: input.partyId }, at);
  });
  return respond(ctx, actor, id);
}

/** The committee seals a fully signed agreement: it takes effect, and follow-ups start. */
export async function sealAgreement(ctx: AppContext, actor: Actor, id: number, input: { version: number }) {
  const now = new Date();
  const at = now.toISOString();
  const calendar = await loadCalendar(ctx.db);
  await ctx.db.transaction().execute(async (trx) => {
    const m = await loadForAction(trx, actor, id, input.version);
    if (!canSeal(actor, m.committee_unit_id)) throw new AppError('forbidden', `Only a mediator of the committee may seal the agreement of mediation ${id}`);
    const a = await draftOf(trx, m);
    const parties = JSON.parse(a.parties) as number[];
    const signed = new Set((JSON.parse(a.signatures) as Signature[]).map((s) => s.partyId));
    const missing = parties.filter((p) => !signed.has(p));
    if (missing.length > 0) throw new AppError('conflict', `Agreement ${a.id} still needs the signature of parties ${missing.join(', ')}`, { extra: { missingPartyIds: missing } });
    await repo.updateAgreement(trx, a.id, { status: 'effective', sealed_by: actor.userId, sealed_by_label: actor.label, sealed_at: at, effective_at: at, confirm_window_ends_at: periodEnd(calendar, now, CONFIRM_WINDOW_DAYS).toISOString(), updated_at: at });
    await saveMediation(trx, m, { status: 'agreed' }, at);
    await repo.insertFollowup(trx, { mediation_id: m.id, agreement_id: a.id, due_at: periodEnd(calendar, now, FIRST_FOLLOW_UP_DAYS).toISOString(), done_at: null, method: null, finding: null, note: null, term_updates: null, reminded_at: null, by_label: null });
    await timeline(trx, actor, m, 'mediation_agreement_effective', { agreementId: a.id, sealedBy: actor.label }, at);
  });
  return respond(ctx, actor, id);
}

async function effectiveOf(trx: Db, m: repo.MediationRow) {
  const a = await repo.findCurrentAgreement(trx, m.id);
  if (!a || a.effective_at === null) throw new AppError('conflict', `Mediation ${m.id} has no effective agreement`);
  return a;
}

/** Both parties apply to a court within 30 days of the agreement taking effect. */
export async function applyForConfirmation(ctx: AppContext, actor: Actor, id: number, input: { version: number; court: string; appliedAt: string; applicants: number[] }) {
  const at = new Date().toISOString();
  const calendar = await loadCalendar(ctx.db);
  await ctx.db.transaction().execute(async (trx) => {
    const m = await loadForAction(trx, actor, id, input.version);
    const a = await effectiveOf(trx, m);
    if (await repo.findConfirmation(trx, a.id)) throw new AppError('conflict', `Agreement ${a.id} already has a judicial confirmation application`);
    const applied = new Date(input.appliedAt);
    if (a.confirm_window_ends_at && applied.getTime() > Date.parse(a.confirm_window_ends_at)) throw invalid('appliedAt', `the 30-day window closed at ${a.confirm_window_ends_at}`);
    if (a.effective_at && applied.getTime() < Date.parse(a.effective_at)) throw invalid('appliedAt', 'before the agreement took effect');
    const parties = JSON.parse(a.parties) as number[];
    const missing = parties.filter((p) => !input.applicants.includes(p));
    if (missing.length > 0) throw invalid('applicants', `the parties apply together: ${missing.join(', ')} missing`);
    await repo.insertConfirmation(trx, {
      agreement_id: a.id,
      mediation_id: m.id,
      status: 'applied',
      court: input.court,
      applicants: JSON.stringify(input.applicants),
      applied_at: applied.toISOString(),
      accept_due_at: periodEnd(calendar, applied, COURT_ACCEPT_DAYS).toISOString(),
      accepted_at: null,
      ruling_due_at: null,
      extended_at: null,
      extension_reason: null,
      ruling: null,
      ruling_at: null,
      ruling_note: null,
      reminded_at: null,
      recorded_by_label: actor.label,
      updated_at: at,
    });
    await saveMediation(trx, m, {}, at);
    await timeline(trx, actor, m, 'mediation_judicial_confirmation', { step: 'applied', court: input.court }, at);
  });
  return respond(ctx, actor, id);
}

type ConfirmationStep = { kind: 'accept'; accepted: boolean; at: string; note?: string } | { kind: 'extend'; reason: string } | { kind: 'rule'; ruling: 'confirmed' | 'rejected'; at: string; note?: string };

/** The court's steps: acceptance (3 days), ruling (15 days, extendable once by 10). */
export async function recordConfirmationStep(ctx: AppContext, actor: Actor, id: number, version: number, step: ConfirmationStep) {
  const at = new Date().toISOString();
  const calendar = await loadCalendar(ctx.db);
  await ctx.db.transaction().execute(async (trx) => {
    const m = await loadForAction(trx, actor, id, version);
    const a = await effectiveOf(trx, m);
    const c = await repo.findConfirmation(trx, a.id);
    if (!c) throw new AppError('conflict', `Agreement ${a.id} has no judicial confirmation application`);
    if (step.kind === 'accept') {
      if (c.status !== 'applied') throw new AppError('conflict', `The application is ${c.status}, not awaiting acceptance`);
      const when = new Date(step.at);
      await repo.updateConfirmation(trx, c.id, step.accepted ? { status: 'accepted', accepted_at: when.toISOString(), ruling_due_at: periodEnd(calendar, when, COURT_RULING_DAYS).toISOString(), reminded_at: null, updated_at: at } : { status: 'not_accepted', ruling_note: step.note ?? null, updated_at: at });
    } else if (step.kind === 'extend') {
      if (c.status !== 'accepted' || c.extended_at !== null || c.ruling_due_at === null) throw new AppError('conflict', 'Only an accepted application may be extended, once');
      await repo.updateConfirmation(trx, c.id, { extended_at: at, extension_reason: step.reason, ruling_due_at: periodEnd(calendar, new Date(c.ruling_due_at), COURT_EXTENSION_DAYS).toISOString(), reminded_at: null, updated_at: at });
    } else {
      if (c.status !== 'accepted') throw new AppError('conflict', `The application is ${c.status}, not awaiting a ruling`);
      await repo.updateConfirmation(trx, c.id, { status: 'ruled', ruling: step.ruling, ruling_at: new Date(step.at).toISOString(), ruling_note: step.note ?? null, updated_at: at });
    }
    await saveMediation(trx, m, {}, at);
    await timeline(trx, actor, m, 'mediation_judicial_confirmation', { step: step.kind, ...(step.kind === 'rule' ? { ruling: step.ruling } : {}), ...(step.kind === 'accept' ? { accepted: step.accepted } : {}) }, at);
  });
  return respond(ctx, actor, id);
}

export interface FollowUpInput {
  version: number;
  method: (typeof followUpMethods)[number];
  finding: (typeof followUpFindings)[number];
  terms?: Array<{ termId: number; status: (typeof termStatuses)[number]; note?: string }>;
  note: string;
  nextFollowUpAt?: string;
}

/**
 * A follow-up visit (回访): term by term, performed or not. All performed: the mediation completes.
 * A breach or new tension reopens the mediation (a new 30-day deadline) and triggers a risk
 * reassessment that a person must review.
 */
export async function recordFollowUp(ctx: AppContext, actor: Actor, id: number, input: FollowUpInput) {
  const now = new Date();
  const at = now.toISOString();
  const calendar = await loadCalendar(ctx.db);
  await ctx.db.transaction().execute(async (trx) => {
    const m = await loadForAction(trx, actor, id, input.version);
    requireStatus(m, ['agreed'], 'a follow-up visit');
    const a = await effectiveOf(trx, m);
    const terms = await repo.findTerms(trx, [a.id]);
    for (const [i, t] of (input.terms ?? []).entries()) {
      const term = terms.find((x) => x.id === t.termId);
      if (!term) throw invalid(`terms[${i}].termId`, `agreement ${a.id} has no term ${t.termId}`);
      await repo.updateTerm(trx, term.id, { status: t.status, note: t.note ?? term.note, performed_at: t.status === 'performed' ? (term.performed_at ?? at) : null, breached_at: t.status === 'breached' ? at : term.breached_at });
    }
    const after = await repo.findTerms(trx, [a.id]);
    const breached = input.finding === 'breach' || after.some((t) => t.status === 'breached');
    const finding = breached ? 'breach' : input.finding;
    const pending = await repo.findPendingFollowup(trx, m.id);
    const values = { done_at: at, method: input.method, finding, note: input.note, term_updates: JSON.stringify(input.terms ?? []), by_label: actor.label };
    const followUpId = pending ? pending.id : await repo.insertFollowup(trx, { mediation_id: m.id, agreement_id: a.id, due_at: at, reminded_at: null, ...values });
    if (pending) await repo.updateFollowup(trx, pending.id, values);
    if (finding === 'breach' || finding === 'new_tension') {
      await repo.updateAgreement(trx, a.id, { status: 'reopened', breached_at: at, updated_at: at });
      await repo.cancelPendingFollowups(trx, m.id, at);
      await saveMediation(trx, m, { status: 'in_progress', reopen_count: m.reopen_count + 1, due_at: periodEnd(calendar, now, SETTLE_WITHIN_DAYS).toISOString(), overdue: 0, reminded: 0 }, at);
      await timeline(trx, actor, m, 'mediation_reopened', { followUpId, finding }, at);
      await reassessAfterFollowUp(trx, actor, { id: m.case_id, region_code: m.region_code, owner_unit_id: m.case_owner_unit_id }, { kind: finding === 'breach' ? 'mediation_breach' : 'mediation_new_tension', mediationId: m.id, followUpId });
      return;
    }
    if (after.every((t) => t.status === 'performed')) {
      await repo.updateAgreement(trx, a.id, { status: 'performed', updated_at: at });
      await saveMediation(trx, m, { status: 'completed', ended_at: at, end_reason: 'performed' }, at);
      await timeline(trx, actor, m, 'mediation_completed', { followUpId }, at);
      return;
    }
    const requested = input.nextFollowUpAt ? new Date(input.nextFollowUpAt) : undefined;
    const next = nextFollowUpAt(calendar, now, after.filter((t) => t.status === 'pending').map((t) => t.due_date), requested);
    await repo.insertFollowup(trx, { mediation_id: m.id, agreement_id: a.id, due_at: next.toISOString(), done_at: null, method: null, finding: null, note: null, term_updates: null, reminded_at: null, by_label: null });
    await saveMediation(trx, m, {}, at);
    await timeline(trx, actor, m, 'mediation_follow_up', { followUpId, finding, nextDueAt: next.toISOString() }, at);
  });
  return respond(ctx, actor, id);
}


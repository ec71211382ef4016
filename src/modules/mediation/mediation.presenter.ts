// Reading mediations: the detail page (names masked), the worklist, the case's mediations, and the
// agreement PDF (names whole: only for those who act on the mediation; every print audited).
import type { AppContext } from '../../context.js';
import { decryptPii, maskName } from '../../crypto/pii.js';
import { AppError } from '../../errors.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { Actor } from '../auth/actor.js';
import { caseScope } from '../cases/cases.policy.js';
import { mediationRestrictions } from '../risk/risk.evaluate.js';
import { requireVisibleCase } from '../risk/risk.policy.js';
import { loadCalendar } from '../sla/sla.service.js';
import type { Signature } from './mediation.agreement.js';
import { renderAgreementPdf } from './mediation.pdf.js';
import { canAct, loadVisible } from './mediation.policy.js';
import * as repo from './mediation.repository.js';
import { allowedSessionModes, chineseDate, chineseNumeral } from './mediation.rules.js';
import { loadTemplate } from './mediation.template.js';

function json<T>(text: string | null, fallback: T): T {
  return text === null ? fallback : (JSON.parse(text) as T);
}

function partyName(ctx: AppContext, enc: string | null): string {
  return enc ? decryptPii(ctx.config.dataKey, enc, 'case_parties.name') : '';
}

export async function presentMediation(ctx: AppContext, actor: Actor, id: number) {
  const m = await loadVisible(ctx.db, actor, id);
  const [parties, mediators, screenings, invitees, sessions, agreements, followUps, restrictions] = await Promise.all([
    repo.findCaseParties(ctx.db, m.case_id),
    repo.findMediators(ctx.db, m.id),
    repo.findScreenings(ctx.db, m.id),
    repo.findInvitees(ctx.db, m.id),
    repo.findSessions(ctx.db, m.id),
    repo.findAgreements(ctx.db, m.id),
    repo.findFollowups(ctx.db, m.id),
    mediationRestrictions(ctx.db, m.case_id),
  ]);
  const terms = await repo.findTerms(ctx.db, agreements.map((a) => a.id));
  const confirmations = await Promise.all(agreements.map((a) => repo.findConfirmation(ctx.db, a.id)));
  const committee = await repo.findCommittee(ctx.db, m.committee_unit_id);
  return {
    id: m.id,
    caseId: m.case_id,
    trackingCode: m.tracking_code,
    caseTitle: m.case_title,
    committeeUnitId: m.committee_unit_id,
    committeeName: committee?.name ?? '',
    regionCode: m.region_code,
    origin: m.origin,
    originNote: m.origin_note,
    status: m.status,
    mode: m.mode,
    allowedSessionModes: m.status === 'in_progress' ? allowedSessionModes(m.mode, restrictions) : [],
    risk: restrictions,
    acceptedAt: m.accepted_at,
    dueAt: m.due_at,
    overdue: m.overdue === 1,
    reopenCount: m.reopen_count,
    endedAt: m.ended_at,
    endReason: m.end_reason,
    endNote: m.end_note,
    routesTold: json<string[] | null>(m.routes_told, null),
    refusedByPartyId: m.refused_by_party_id,
    parties: parties.map((p) => ({ id: p.id, role: p.role, name: maskName(partyName(ctx, p.name_enc)) })),
    mediators: mediators.map((x) => ({ userId: x.user_id, name: x.label, how: x.how, at: x.at, endedAt: x.ended_at })),
    screenings: screenings.map((s) => ({ id: s.id, answers: json<Record<string, string>>(s.answers, {}), mode: s.mode, raisesRiskReview: s.raises_risk_review === 1, note: s.note, by: s.by_label, at: s.at })),
    invitees: invitees.map((i) => ({ id: i.id, name: maskName(decryptPii(ctx.config.dataKey, i.name_enc, 'mediation_invitees.name')), relation: i.relation, consents: json<unknown[]>(i.consents, []), invitedBy: i.invited_by_label, at: i.at })),
    sessions: sessions.map((s) => ({ id: s.id, heldAt: s.held_at, mode: s.mode, attendees: json<unknown[]>(s.attendees, []), minutes: s.minutes, outcome: s.outcome, recordedBy: s.recorded_by_label, at: s.at })),
    agreements: agreements.map((a, i) => {
      const c = confirmations[i];
      return {
        id: a.id,
        number: a.number,
        status: a.status,
        parties: json<number[]>(a.parties, []),
        facts: a.facts,
        responsibilities: a.responsibilities,
        terms: terms.filter((t) => t.agreement_id === a.id).map((t) => ({ id: t.id, seq: t.seq, text: t.text, how: t.how, dueDate: t.due_date, status: t.status, performedAt: t.performed_at, breachedAt: t.breached_at, note: t.note })),
        signatures: json<Signature[]>(a.signatures, []),
        sealedBy: a.sealed_by_label,
        sealedAt: a.sealed_at,
        effectiveAt: a.effective_at,
        confirmationWindowEndsAt: a.confirm_window_ends_at,
        breachedAt: a.breached_at,
        judicialConfirmation: c
          ? {
              status: c.status,
              court: c.court,
              applicants: json<number[]>(c.applicants, []),
              appliedAt: c.applied_at,
              acceptDueAt: c.accept_due_at,
              acceptedAt: c.accepted_at,
              rulingDueAt: c.ruling_due_at,
              extendedAt: c.extended_at,
              extensionReason: c.extension_reason,
              ruling: c.ruling,
              rulingAt: c.ruling_at,
              rulingNote: c.ruling_note,
            }
          : null,
      };
    }),
    followUps: followUps.map((f) => ({ id: f.id, agreementId: f.agreement_id, dueAt: f.due_at, doneAt: f.done_at, method: f.method, finding: f.finding, note: f.note, termUpdates: json<unknown[]>(f.term_updates, []), by: f.by_label })),
    createdBy: m.created_by_label,
    createdAt: m.created_at,
    updatedAt: m.updated_at,
    version: m.version,
  };
}

export interface MediationListQuery {
  status?: string;
  committeeUnitId?: number;
  overdue?: boolean;
  limit?: number;
  cursor?: number;
}

function summary(r: Awaited<ReturnType<typeof repo.findMediations>>[number]) {
  return {
    id: r.id,
    caseId: r.case_id,
    trackingCode: r.tracking_code,
    caseTitle: r.case_title,
    committeeUnitId: r.committee_unit_id,
    committeeName: r.committee_name,
    status: r.status,
    mode: r.mode,
    origin: r.origin,
    acceptedAt: r.accepted_at,
    dueAt: r.due_at,
    overdue: r.overdue === 1,
    reopenCount: r.reopen_count,
    version: r.version,
  };
}

export async function listMediations(ctx: AppContext, actor: Actor, q: MediationListQuery) {
  const limit = q.limit ?? 50;
  const rows = await repo.findMediations(ctx.db, caseScope(actor), {
    limit,
    ...(q.status ? { status: q.status } : {}),
    ...(q.committeeUnitId !== undefined ? { committeeUnitId: q.committeeUnitId } : {}),
    ...(q.overdue !== undefined ? { overdue: q.overdue } : {}),
    ...(q.cursor !== undefined ? { beforeId: q.cursor } : {}),
  });
  return { items: rows.map(summary), nextCursor: rows.length === limit ? (rows.at(-1)?.id ?? null) : null };
}

export async function listCaseMediations(ctx: AppContext, actor: Actor, caseId: number) {
  await requireVisibleCase(ctx.db, actor, caseId);
  return { items: (await repo.findMediations(ctx.db, caseScope(actor), { caseId, limit: 100 })).map(summary) };
}

/** The current agreement as a PDF; audited, for those who act on the mediation only. */
export async function agreementPdf(ctx: AppContext, actor: Actor, id: number, ip: string | null): Promise<{ fileName: string; pdf: Buffer }> {
  const m = await loadVisible(ctx.db, actor, id);
  if (!canAct(actor, m)) throw new AppError('forbidden', `Only the mediation committee or the centre that owns case ${m.case_id} may print its agreement`);
  const agreement = await repo.findCurrentAgreement(ctx.db, m.id);
  if (!agreement) throw new AppError('conflict', `Mediation ${id} has no agreement yet`);
  const [parties, terms, mediators, committee, template, calendar] = await Promise.all([
    repo.findCaseParties(ctx.db, m.case_id),
    repo.findTerms(ctx.db, [agreement.id]),
    repo.findMediators(ctx.db, m.id),
    repo.findCommittee(ctx.db, m.committee_unit_id),
    loadTemplate(ctx.db),
    loadCalendar(ctx.db),
  ]);
  const partyIds = json<number[]>(agreement.parties, []);
  const signatures = json<Signature[]>(agreement.signatures, []);
  const named = partyIds.map((pid) => {
    const p = parties.find((x) => x.id === pid);
    return { id: pid, role: p?.role ?? 'party', name: partyName(ctx, p?.name_enc ?? null) };
  });
  const pdf = await renderAgreementPdf(template, {
    status: agreement.status,
    parties: named.map((p) => ({ role: p.role, name: p.name })),
    terms: terms.map((t) => ({ numeral: chineseNumeral(t.seq), text: t.text, how: t.how, due: chineseDate(calendar, t.due_date), status: t.status })),
    signatures: named.map((p) => {
      const s = signatures.find((x) => x.partyId === p.id);
      return { name: p.name, signedOn: s ? chineseDate(calendar, s.signedAt) : null };
    }),
    seal: { committee: committee?.name ?? '', sealedBy: agreement.sealed_by_label, sealedOn: agreement.sealed_at ? chineseDate(calendar, agreement.sealed_at) : null },
    values: {
      'agreement.number': agreement.number,
      'agreement.facts': agreement.facts,
      'agreement.responsibilities': agreement.responsibilities,
      'agreement.effectiveDate': agreement.effective_at ? chineseDate(calendar, agreement.effective_at) : '（未生效）',
      'committee.name': committee?.name ?? '',
      'case.trackingCode': m.tracking_code,
      mediators: mediators.filter((x) => x.ended_at === null).map((x) => x.label).join('、') || '—',
      copies: chineseNumeral(named.length + 1),
      today: chineseDate(calendar, new Date()),
    },
  });
  await ctx.db.transaction().execute((trx) =>
    appendAudit(trx, { actorUserId: actor.userId, actorLabel: actor.label, action: 'mediation.agreement_printed', entityType: 'mediation_agreement', entityId: agreement.id, regionCode: m.region_code, detail: { mediationId: m.id, templateVersion: template.version }, ip }),
  );
  return { fileName: `mediation-agreement-${agreement.id}.pdf`, pdf };
}

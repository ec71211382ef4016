// The mediation API (/api/v1/mediations, /api/v1/cases/{id}/mediations). Shapes follow
// src/modules/mediation/mediation.schemas.ts; the enums mirror mediation.rules.ts.
import { api } from '../../api';

export const origins = ['application', 'initiative', 'referral'] as const;
export const modes = ['joint', 'shuttle', 'remote', 'not_suitable'] as const;
export const sessionModes = ['joint', 'shuttle', 'remote'] as const;
export const sessionOutcomes = ['progress', 'agreement_reached', 'no_agreement', 'adjourned', 'party_left'] as const;
export const mediatorHow = ['assigned', 'chosen_by_parties'] as const;
export const inviteeRelations = ['relative', 'neighbour', 'expert', 'lawyer', 'community_member', 'other'] as const;
export const failureRoutes = ['arbitration', 'administrative', 'court', 'other'] as const;
export const followUpMethods = ['visit', 'phone', 'video', 'other'] as const;
export const followUpFindings = ['on_track', 'breach', 'new_tension'] as const;
export const termStatuses = ['pending', 'performed', 'breached'] as const;
export const screeningQuestions = ['fear_of_other_party', 'violence_or_threats', 'weapon_mentioned', 'controlling_behaviour', 'wants_to_meet_apart'] as const;
export const mediationStatuses = ['in_progress', 'agreed', 'completed', 'refused', 'failed'] as const;

export type Origin = (typeof origins)[number];
export type Mode = (typeof modes)[number];
export type SessionMode = (typeof sessionModes)[number];
export type ScreeningQuestion = (typeof screeningQuestions)[number];
export type YesNo = 'yes' | 'no' | 'unknown';

export interface MediationSummary {
  id: number;
  caseId: number;
  trackingCode: string;
  caseTitle: string;
  committeeUnitId: number;
  committeeName: string;
  status: string;
  mode: string | null;
  origin: string;
  acceptedAt: string;
  dueAt: string;
  overdue: boolean;
  reopenCount: number;
  version: number;
}

export interface Party {
  id: number;
  role: string;
  name: string;
}

export interface Consent {
  partyId: number;
  consented: boolean;
  at: string;
  recordedBy: string;
}

export type Attendee = { kind: 'party'; partyId: number } | { kind: 'mediator'; userId: number } | { kind: 'invitee'; inviteeId: number };

export interface Term {
  id: number;
  seq: number;
  text: string;
  how: string;
  dueDate: string;
  status: string;
  performedAt: string | null;
  breachedAt: string | null;
  note: string | null;
}

export interface JudicialConfirmation {
  status: string;
  court: string;
  applicants: number[];
  appliedAt: string;
  acceptDueAt: string;
  acceptedAt: string | null;
  rulingDueAt: string | null;
  extendedAt: string | null;
  extensionReason: string | null;
  ruling: string | null;
  rulingAt: string | null;
  rulingNote: string | null;
}

export interface Agreement {
  id: number;
  number: string;
  status: string;
  parties: number[];
  facts: string;
  responsibilities: string;
  terms: Term[];
  signatures: Array<{ partyId: number; signedAt: string; recordedBy: string }>;
  sealedBy: string | null;
  sealedAt: string | null;
  effectiveAt: string | null;
  confirmationWindowEndsAt: string | null;
  breachedAt: string | null;
  judicialConfirmation: JudicialConfirmation | null;
}

export interface FollowUp {
  id: number;
  agreementId: number;
  dueAt: string;
  doneAt: string | null;
  method: string | null;
  finding: string | null;
  note: string | null;
  termUpdates: Array<{ termId: number; status: string; note?: string }>;
  by: string | null;
}

export interface Mediation {
  id: number;
  caseId: number;
  trackingCode: string;
  caseTitle: string;
  committeeUnitId: number;
  committeeName: string;
  regionCode: string;
  origin: string;
  originNote: string | null;
  status: string;
  mode: string | null;
  allowedSessionModes: SessionMode[];
  risk: { warningId: number | null; tier: string | null; jointSessionsAllowed: boolean; sessionsPaused: boolean };
  acceptedAt: string;
  dueAt: string;
  overdue: boolean;
  reopenCount: number;
  endedAt: string | null;
  endReason: string | null;
  endNote: string | null;
  routesTold: string[] | null;
  refusedByPartyId: number | null;
  parties: Party[];
  mediators: Array<{ userId: number; name: string; how: string; at: string; endedAt: string | null }>;
  screenings: Array<{ id: number; answers: Partial<Record<ScreeningQuestion, YesNo>>; mode: string; raisesRiskReview: boolean; note: string | null; by: string; at: string }>;
  invitees: Array<{ id: number; name: string; relation: string; consents: Consent[]; invitedBy: string; at: string }>;
  sessions: Array<{ id: number; heldAt: string; mode: string; attendees: Attendee[]; minutes: string; outcome: string; recordedBy: string; at: string }>;
  agreements: Agreement[];
  followUps: FollowUp[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The case as the mediation pages need it (GET /cases/{id}; personal data masked). */
export interface CaseBrief {
  id: number;
  trackingCode: string;
  kind: string;
  title: string;
  description: string;
  status: string;
  ownerUnitId: number;
  leadUnitId: number | null;
  units: Array<{ unitId: number; unitName?: string; role?: string; status?: string }>;
  parties: Array<{ id: number; role: string; name: string | null }>;
  createdAt: string;
}

export interface CaseListItem {
  id: number;
  trackingCode: string;
  title: string;
  kind: string;
  status: string;
  regionName: string | null;
  leadUnitId: number | null;
  leadUnitName: string | null;
  createdAt: string;
}

export interface Member {
  id: number;
  username: string;
  displayName: string;
  grants: Array<{ role: string; unitId: number }>;
}

/** The agreement in force or being drafted: the newest one that was not replaced. */
export function currentAgreement(m: Mediation): Agreement | undefined {
  return [...m.agreements].reverse().find((a) => a.status !== 'superseded');
}

export interface MediationListQuery {
  status?: string;
  committeeUnitId?: number;
  overdue?: boolean;
  limit?: number;
}

export function listMediations(query: MediationListQuery, signal?: AbortSignal) {
  const q = { status: query.status, committeeUnitId: query.committeeUnitId, overdue: query.overdue === undefined ? undefined : String(query.overdue), limit: query.limit };
  return api.get<{ items: MediationSummary[]; nextCursor: number | null }>('/mediations', { query: q, signal });
}

export const getMediation = (id: number, signal?: AbortSignal) => api.get<Mediation>(`/mediations/${id}`, { signal });
export const listCaseMediations = (caseId: number, signal?: AbortSignal) => api.get<{ items: MediationSummary[] }>(`/cases/${caseId}/mediations`, { signal });
export const getCase = (caseId: number, signal?: AbortSignal) => api.get<CaseBrief>(`/cases/${caseId}`, { signal });
/** Disputes sent (now or before) to a committee: the ones it may take into mediation. */
export const listCommitteeDisputes = (unitId: number, signal?: AbortSignal) =>
  api.get<{ items: CaseListItem[]; nextCursor: string | null }>('/cases', { query: { kind: 'dispute', unit: unitId, limit: 50 }, signal });
export const listMembers = (unitId: number, signal?: AbortSignal) => api.get<{ items: Member[] }>('/users', { query: { unit: unitId, status: 'active', limit: 100 }, signal });

export const openMediation = (caseId: number, body: { committeeUnitId: number; origin: Origin; originNote?: string; mediators?: Array<{ userId: number; how: string }> }) =>
  api.post<Mediation>(`/cases/${caseId}/mediations`, body);

/** Every step of a mediation: POST /mediations/{id}/{step} with the version read. */
export function mediationStep(id: number, step: string, body: Record<string, unknown>) {
  return api.post<Mediation>(`/mediations/${id}/${step}`, body);
}

export const agreementPdfUrl = (id: number) => `/api/v1/mediations/${id}/agreement.pdf`;

export interface UnitBrief {
  id: number;
  kind: string;
  name: string;
  status: string;
}

export const getUnit = (id: number, signal?: AbortSignal) => api.get<UnitBrief>(`/units/${id}`, { signal });

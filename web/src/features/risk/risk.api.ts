// The risk API (/api/v1/risk/…, /api/v1/cases/{id}/risk): warnings, reviewers' decisions, case
// conferences and assessments. Shapes follow src/modules/risk/risk.schemas.ts.
import { api } from '../../api';

export const tiers = ['blue', 'yellow', 'orange', 'red'] as const;
export type Tier = (typeof tiers)[number];
export const warningStatuses = ['pending_review', 'active', 'review_due', 'closed'] as const;
export const outcomes = ['de_escalated', 'resolved', 'harm_occurred', 'unfounded'] as const;
export type Outcome = (typeof outcomes)[number];
export const agencies = ['police', 'court', 'procuratorate', 'judicial_office', 'womens_federation', 'civil_affairs', 'health', 'mediator', 'township_coordinator', 'community', 'other'] as const;
export type Agency = (typeof agencies)[number];

export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && (tiers as readonly string[]).includes(value);
}
export function tierRank(tier: string): number {
  return tiers.indexOf(tier as Tier);
}

export interface CaseRef {
  id: number;
  trackingCode: string;
}

export interface RuleFactor {
  key: string;
  version: number;
  name: string;
  kind: string;
  tier: string;
  reviewRequired: boolean;
  detail: string;
  limits: string[];
  cases: CaseRef[];
  restrictedCases: number;
}

export interface ItemFactor {
  id: string;
  text: string;
  answer: string | number;
  points: number;
  redFlag: boolean;
  minTier: string | null;
}

/** What an evaluation recorded of the instrument (see factorsOf in risk.evaluate.ts). */
export interface InstrumentFactor {
  key: string;
  version: number;
  name: string;
  licence: string;
  citation: string;
  population: string;
  limits: string[];
  method: string;
  score: number;
  tier: string;
  band?: string | null;
}

export interface Warning {
  id: number;
  caseId: number;
  trackingCode: string;
  caseTitle: string;
  regionCode: string;
  status: string;
  tier: Tier;
  tierLabel: string;
  tierMeaning: string;
  computedTier: string;
  initialTier: string;
  reviewRequired: boolean;
  source: string;
  factors: {
    assessmentId: number;
    evaluatedAt: string;
    trigger: unknown;
    instrument: InstrumentFactor | null;
    items: ItemFactor[];
    rules: RuleFactor[];
  };
  requiredActions: Array<{ code: string; text: string; textEn: string | null; dueAt: string | null }>;
  restrictions: { jointSessionsAllowed: boolean; sessionsPaused: boolean };
  tierTableVersion: number;
  ackDueAt: string;
  ackOverdue: boolean;
  ackEscalatedAt: string | null;
  reviewer: { userId: number; label: string } | null;
  acknowledgedAt: string | null;
  ackOnTime: boolean | null;
  decision: string | null;
  decisionReason: string | null;
  overridden: boolean;
  pendingLowering: { id: number; fromTier: string; toTier: string; reason: string; proposedBy: string; proposedAt: string } | null;
  lastIncidentAt: string;
  reviewAt: string;
  outcome: string | null;
  outcomeNote: string | null;
  outcomeBy: string | null;
  outcomeAt: string | null;
  raisedAt: string;
  updatedAt: string;
  version: number;
  disclaimer: string;
}

export interface LogEntry {
  kind: string;
  fromTier: string | null;
  toTier: string | null;
  reason: string | null;
  by: string;
  at: string;
}

export interface Lowering {
  id: number;
  fromTier: string;
  toTier: string;
  reason: string;
  proposedBy: string;
  proposedAt: string;
  status: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

export interface WarningDetail extends Warning {
  log: LogEntry[];
  lowerings: Lowering[];
}

export interface ConferenceAction {
  id: number;
  conferenceId: number;
  warningId: number;
  description: string;
  ownerUnitId: number | null;
  ownerLabel: string;
  dueAt: string;
  status: string;
  isPastDue: boolean;
  overdue: boolean;
  escalatedAt: string | null;
  escalatedToUnitId: number | null;
  doneAt: string | null;
  progress: Array<{ text: string; author: string; at: string }>;
}

export interface ConferenceAgency {
  agency: string;
  unitId?: number;
  name?: string;
  attended: boolean;
  shared?: string;
}

export interface Conference {
  id: number;
  warningId: number;
  heldAt: string;
  chair: string;
  agencies: ConferenceAgency[];
  summary: string;
  nextReviewAt: string;
  createdBy: string;
  createdAt: string;
  actions: ConferenceAction[];
}

export interface ActionInput {
  description: string;
  ownerLabel: string;
  dueAt: string;
}

export interface ConferenceInput {
  heldAt: string;
  chair: string;
  agencies: ConferenceAgency[];
  summary: string;
  nextReviewAt: string;
  actions: ActionInput[];
}

export interface Assessment {
  id: number;
  instrumentKey: string | null;
  instrumentVersion: number | null;
  trigger: string;
  answers: Record<string, unknown>;
  result: { tier?: string; reviewRequired?: boolean } & Record<string, unknown>;
  assessor: string;
  at: string;
}

export interface CaseRisk {
  caseId: number;
  restrictions: { warningId: number | null; tier: string | null; jointSessionsAllowed: boolean; sessionsPaused: boolean };
  assessments: Assessment[];
  warnings: Warning[];
}

export interface InstrumentItem {
  id: string;
  text: string;
  textEn?: string;
  answer: 'yes_no' | 'number' | 'choice';
  min?: number;
  max?: number;
  options?: Array<{ value: string; text: string; weight?: number }>;
  redFlag?: boolean;
  minTier?: string;
}

export interface InstrumentDefinition {
  key: string;
  version: number;
  name: string;
  nameEn?: string;
  population: string;
  appliesTo: { caseKinds: string[] };
  licence: string;
  citation: string;
  limits: string[];
  items: InstrumentItem[];
  scoring: { method: string };
}

export interface Definition<T> {
  id: number;
  type: string;
  key: string;
  version: number;
  name: string;
  status: string;
  createdBy: string;
  createdAt: string;
  retiredAt: string | null;
  retiredBy: string | null;
  definition: T;
}

export interface AssessResult {
  assessmentId: number;
  tier: Tier;
  reviewRequired: boolean;
  instrument: unknown;
  rules: Array<{ key: string; version: number; name: string; tier: string; detail: string; caseIds: number[] }>;
  warningAction: 'raised' | 'escalated' | 'updated' | 'none';
  warning: Warning | null;
}

export interface WarningQuery {
  status?: string;
  tier?: string;
  overdue?: boolean;
  limit?: number;
  cursor?: number;
}

export function listWarnings(query: WarningQuery, signal?: AbortSignal) {
  const q = { status: query.status, tier: query.tier, overdue: query.overdue ? 'true' : undefined, limit: query.limit, cursor: query.cursor };
  return api.get<{ items: Warning[]; nextCursor: number | null }>('/risk/warnings', { query: q, signal });
}

export const getWarning = (id: number, signal?: AbortSignal) => api.get<WarningDetail>(`/risk/warnings/${id}`, { signal });
export const getCaseRisk = (caseId: number, signal?: AbortSignal) => api.get<CaseRisk>(`/cases/${caseId}/risk`, { signal });
export const listInstruments = (signal?: AbortSignal) => api.get<{ items: Array<Definition<InstrumentDefinition>> }>('/risk/instruments', { signal });
export const assessCase = (caseId: number, body: { instrumentKey: string; instrumentVersion?: number; answers: Record<string, string | number> }) =>
  api.post<AssessResult>(`/cases/${caseId}/risk`, body);

export const acknowledgeWarning = (id: number, body: { version: number; decision: 'confirm' | 'raise' | 'lower'; tier?: Tier; reason: string }) =>
  api.post<Warning>(`/risk/warnings/${id}/acknowledge`, body);
export const raiseWarning = (id: number, body: { version: number; tier: Tier; reason: string }) => api.post<Warning>(`/risk/warnings/${id}/raise`, body);
export const lowerWarning = (id: number, body: { version: number; tier: Tier; reason: string }) =>
  api.post<{ result: 'proposed' | 'lowered'; warning: Warning }>(`/risk/warnings/${id}/lower`, body);
export const decideLowering = (id: number, body: { version: number; approve: boolean; reason: string }) => api.post<Warning>(`/risk/warnings/${id}/decide`, body);
export const recordOutcome = (id: number, body: { version: number; outcome: Outcome; note: string }) => api.post<Warning>(`/risk/warnings/${id}/outcome`, body);

export const listConferences = (warningId: number, signal?: AbortSignal) => api.get<{ items: Conference[] }>(`/risk/warnings/${warningId}/conferences`, { signal });
export const holdConference = (warningId: number, body: ConferenceInput) => api.post<Conference>(`/risk/warnings/${warningId}/conferences`, body);
export const addActions = (warningId: number, conferenceId: number, actions: ActionInput[]) =>
  api.post<Conference>(`/risk/warnings/${warningId}/conferences/${conferenceId}/actions`, { actions });
export const reportProgress = (actionId: number, body: { text: string; done?: boolean }) => api.post<ConferenceAction>(`/risk/actions/${actionId}/progress`, body);

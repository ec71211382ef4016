// The cases API as the console uses it (src/modules/cases, attachments, supervision, categories).
// Shapes follow the server's response schemas; list rows carry no personal data.
import { api } from '../../api';

export type CaseStatus =
  | 'submitted'
  | 'accepted'
  | 'rejected'
  | 'merged'
  | 'dispatched'
  | 'acknowledged'
  | 'in_progress'
  | 'on_hold'
  | 'returned'
  | 'escalated'
  | 'resolved'
  | 'closed';

export const caseStatuses: CaseStatus[] = ['submitted', 'accepted', 'rejected', 'merged', 'dispatched', 'acknowledged', 'in_progress', 'on_hold', 'returned', 'escalated', 'resolved', 'closed'];
export const caseKinds = ['request', 'complaint', 'dispute', 'hazard', 'consultation', 'crisis', 'praise'] as const;
export const caseChannels = ['hotline', 'walk_in', 'online', 'grid_report', 'petition', 'referral', 'api', 'sensor'] as const;
export const casePriorities = ['low', 'normal', 'high', 'urgent'] as const;
export const partyRoles = ['applicant', 'respondent', 'party', 'third_party'] as const;
export const resolutionResults = ['fixed', 'partly_fixed', 'not_fixable', 'not_our_responsibility', 'advice_given', 'mediated_agreement'] as const;
export const satisfactionLevels = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export const followUpMethods = ['phone', 'sms', 'visit', 'portal', 'no_contact'] as const;

export interface CaseUnit {
  unitId: number;
  unitName: string;
  role: string;
  status: string;
  dispatchedAt: string;
  acknowledgedAt: string | null;
  endedAt: string | null;
}

export interface CaseDetail {
  id: number;
  trackingCode: string;
  kind: string;
  channel: string;
  categoryCode: string;
  priority: string;
  status: CaseStatus;
  regionCode: string;
  gridCode: string | null;
  address: string | null;
  location: { lat: number; lng: number } | null;
  title: string;
  description: string;
  reporter: { name: string | null; phone: string | null; idNumber: string | null } | null;
  isAnonymous: boolean;
  ownerUnitId: number;
  leadUnitId: number | null;
  units: CaseUnit[];
  parties: Array<{ id: number; role: string; name: string | null; phone: string | null }>;
  ackDueAt: string | null;
  resolveDueAt: string | null;
  wallClock: boolean;
  holdStartedAt: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  resolutionCode: string | null;
  satisfaction: string | null;
  overdueAck: boolean;
  overdueResolve: boolean;
  escalationCount: number;
  reopenCount: number;
  mergedIntoId: number | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  allowedActions: string[];
}

export interface AllowedAction {
  action: string;
  required: string[];
  unitId: number | null;
}

export interface AllowedActions {
  status: CaseStatus;
  version: number;
  actions: AllowedAction[];
}

export interface TimelineEvent {
  seq: number;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actor: string;
  unitId: number | null;
  unitName: string | null;
  at: string;
  payload: Record<string, unknown>;
  isPublic: boolean;
}

export interface PersonalData {
  reporter: { name: string | null; phone: string | null; idNumber: string | null };
  parties: Array<{ id: number; role: string; name: string | null; phone: string | null; idNumber: string | null }>;
}

export interface CaseListItem {
  id: number;
  trackingCode: string;
  title: string;
  kind: string;
  channel: string;
  categoryCode: string;
  priority: string;
  status: CaseStatus;
  regionCode: string;
  regionName: string | null;
  townshipName: string | null;
  leadUnitId: number | null;
  leadUnitName: string | null;
  ackDueAt: string | null;
  resolveDueAt: string | null;
  overdueAck: boolean;
  overdueResolve: boolean;
  createdAt: string;
  version: number;
}

export interface CaseListPage<T = CaseListItem> {
  items: T[];
  nextCursor: string | null;
}

export interface DuplicateCandidate {
  id: number;
  trackingCode: string;
  title: string;
  similarity: number;
}

export interface RelatedCases {
  sameVillage: CaseListItem[];
  sharedParties: Array<CaseListItem & { sharedBy: Array<'phone' | 'name'> }>;
  duplicates: DuplicateCandidate[];
}

export interface Attachment {
  id: number;
  caseId: number;
  fileName: string;
  mime: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
  isPublic: boolean;
}

export interface Supervision {
  id: number;
  kind: string;
  status: string;
  reason: string;
  openedBy: string;
  supervisorUnitName: string | null;
  openedAt: string;
  dueAt: string | null;
  isPastDue: boolean;
  reportEveryDays: number | null;
  lastReportAt: string | null;
  closedAt: string | null;
  reports: Array<{ id: number; author: string; at: string; text: string }>;
}

export interface CreatedCase {
  id: number;
  trackingCode: string;
  status: CaseStatus;
  version: number;
  ownerUnitId: number;
  duplicates: DuplicateCandidate[];
}

export interface NewCase {
  kind: string;
  channel: string;
  categoryCode: string;
  regionCode: string;
  title: string;
  description: string;
  address?: string;
  priority?: string;
  reporter?: { name?: string; phone?: string };
  parties?: Array<{ name: string; phone?: string; role: string }>;
}

export interface CategoryNode {
  code: string;
  name: string;
  nameEn: string;
  kind: string | null;
  departmentKind: string | null;
  children: CategoryNode[];
}

export interface UnitLoad {
  unitId: number;
  name: string;
  kind: string;
  departmentKind: string | null;
  regionCode: string;
  regionName: string;
  open: number;
  pending: number;
  overdue: number;
}

export interface ActionResult {
  id: number;
  status: CaseStatus;
  version: number;
  seq: number;
}

/** The list filters of GET /cases and GET /worklists/{name}. */
export interface CaseFilters {
  status?: string[];
  kind?: string[];
  channel?: string[];
  category?: string;
  from?: string;
  to?: string;
  q?: string;
}

export const worklistNames = ['to_accept', 'to_dispatch', 'to_acknowledge', 'in_progress', 'due_soon', 'overdue', 'to_follow_up', 'under_supervision'] as const;
export type WorklistName = (typeof worklistNames)[number];
export type WorklistCounts = Record<WorklistName, number>;

function filterQuery(filters: CaseFilters, page: { limit?: number; cursor?: string }) {
  const join = (values?: string[]) => (values && values.length > 0 ? values.join(',') : undefined);
  return {
    status: join(filters.status),
    kind: join(filters.kind),
    channel: join(filters.channel),
    category: filters.category || undefined,
    from: filters.from || undefined,
    to: filters.to || undefined,
    q: filters.q?.trim() || undefined,
    limit: page.limit,
    cursor: page.cursor,
  };
}

const path = (id: number) => `/cases/${encodeURIComponent(String(id))}`;

export const casesApi = {
  get: (id: number, signal?: AbortSignal) => api.get<CaseDetail>(path(id), { signal }),
  actions: (id: number) => api.get<AllowedActions>(`${path(id)}/actions`),
  act: (id: number, action: string, body: Record<string, unknown>) => api.post<ActionResult>(`${path(id)}/actions/${encodeURIComponent(action)}`, body),
  timeline: (id: number) => api.get<{ items: TimelineEvent[] }>(`${path(id)}/timeline`),
  personalData: (id: number) => api.get<PersonalData>(`${path(id)}/personal-data`),
  related: (id: number) => api.get<RelatedCases>(`${path(id)}/related`),
  attachments: (id: number) => api.get<{ items: Attachment[] }>(`${path(id)}/attachments`),
  supervisions: (id: number) => api.get<{ items: Supervision[] }>(`${path(id)}/supervisions`),
  create: (body: NewCase, idempotencyKey: string) => api.post<CreatedCase>('/cases', body, { headers: { 'idempotency-key': idempotencyKey } }),
  list: (filters: CaseFilters, page: { limit?: number; cursor?: string }, signal?: AbortSignal) =>
    api.get<CaseListPage>('/cases', { query: filterQuery(filters, page), signal }),
  worklist: (name: WorklistName, filters: CaseFilters, page: { limit?: number; cursor?: string }, signal?: AbortSignal) =>
    api.get<CaseListPage>(`/worklists/${name}`, { query: filterQuery(filters, page), signal }),
  worklistCounts: () => api.get<WorklistCounts>('/worklists'),
  byPhone: (phone: string, signal?: AbortSignal) =>
    api.get<CaseListPage<CaseListItem & { matchedAs: string[] }>>('/cases/by-phone', { query: { phone, limit: 10 }, signal }),
  categories: () => api.get<{ items: CategoryNode[] }>('/categories'),
  suggest: (text: string, signal?: AbortSignal) => api.get<{ items: Array<{ code: string; name: string; score: number }> }>('/categories/suggest', { query: { text }, signal }),
  propose: (categoryCode: string, regionCode: string) =>
    api.get<{ proposal: { unitId: number; name: string; departmentKind: string; regionCode: string } | null }>('/routing/propose', { query: { categoryCode, regionCode } }),
  unitLoad: (region: string) => api.get<{ items: UnitLoad[] }>('/units/load', { query: { region } }),
};

/** The address of an attachment's bytes (same-origin; the session cookie authorises it). */
export function attachmentUrl(id: number): string {
  return `/api/v1/attachments/${id}`;
}

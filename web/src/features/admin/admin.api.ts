// The administration API as the admin pages read and write it. Server rules (scope, roles,
// validation) are the server's; these are typed calls.
import { ApiError, CSRF_COOKIE, CSRF_HEADER, api, readCookie } from '../../api';

export interface Page<T> {
  items: T[];
  next: number | null;
}

export interface Unit {
  id: number;
  kind: string;
  departmentKind: string | null;
  name: string;
  regionCode: string;
  regionName: string;
  status: 'active' | 'retired';
  version: number;
}

export interface UserGrant {
  id: number;
  role: string;
  unitId: number;
  unitName: string;
  unitKind: string;
  regionCode: string;
}

export interface UserAccount {
  id: number;
  username: string;
  displayName: string;
  phone: string | null;
  status: 'active' | 'disabled';
  lockedUntil: string | null;
  version: number;
  grants: UserGrant[];
}

export interface GridWorker {
  userId: number;
  username: string;
  displayName: string;
  assignedAt: string;
}

export interface GridRow {
  code: string;
  regionCode: string;
  regionName: string;
  name: string;
  status: 'active' | 'retired';
  version: number;
}

export interface GridDetail extends GridRow {
  workers: GridWorker[];
  abilities: { rename: boolean; retire: boolean; assignWorkers: boolean };
}

export interface Transition {
  action: string;
  from: string[];
  to: string;
  leadOnly: boolean;
  toIf: { field: string; equals: string; to: string } | null;
  relations: string[];
  roles: string[];
  required: string[];
  guard: string | null;
  isPublic: boolean;
}

export interface Workflow {
  statuses: string[];
  actions: string[];
  roles: string[];
  transitions: Transition[];
}

export interface SlaPolicy {
  id: number;
  categoryCode: string | null;
  priority: string;
  ackMinutes: number;
  resolveMinutes: number;
  wallClock: boolean;
  updatedAt: string;
}

export interface CalendarYear {
  year: number;
  source?: string;
  days: Record<string, { kind: 'holiday' | 'workday'; note?: string }>;
}

export interface WorkHours {
  offsetMinutes: number;
  periods: Array<[string, string]>;
}

export interface Category {
  code: string;
  name: string;
  nameEn: string;
  kind: string | null;
  departmentKind: string | null;
  children: Category[];
}

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  unitId: number | null;
  createdBy: number;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface Webhook {
  id: number;
  name: string;
  url: string;
  topics: string[];
  regionCode: string;
  unitId: number;
  status: 'active' | 'paused';
  createdAt: string;
  version: number;
}

export interface Delivery {
  id: number;
  topic: string;
  attempt: number;
  status: 'pending' | 'delivered' | 'failed' | 'dead';
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export interface AuditRow {
  id: number;
  at: string;
  actorUserId: number | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  regionCode: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  brokenAt: { id: number; reason: string } | null;
  verifiedAt: string;
}

export { api };

/** POST a CSV body (the grids import takes text/csv, not JSON); errors as ApiError like every call. */
export async function postCsv<T>(path: string, csv: string): Promise<T> {
  const token = readCookie(CSRF_COOKIE);
  const response = await fetch(`/api/v1${path}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'text/csv', accept: 'application/json, application/problem+json', ...(token ? { [CSRF_HEADER]: token } : {}) },
    body: csv,
  });
  const body: unknown = await response.json().catch(() => ({}));
  if (response.ok) return body as T;
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : '');
  const errors = Array.isArray(record.errors)
    ? record.errors.flatMap((e: unknown) => {
        const { field, message } = (typeof e === 'object' && e !== null ? e : {}) as Record<string, unknown>;
        return typeof field === 'string' && typeof message === 'string' ? [{ field, message }] : [];
      })
    : [];
  throw new ApiError({ status: response.status, code: text('code') || `http_${response.status}`, title: text('title') || response.statusText, detail: text('detail'), errors });
}

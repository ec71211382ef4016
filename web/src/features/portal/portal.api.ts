// The resident portal's calls to /api/v1/public/…. A 401 here is an answer (not signed in as a
// resident), never a trip to the staff login page. Photos go up as multipart, one per request.
import { ApiError, type FieldError, api } from '../../api';

export type CaseStatus =
  | 'submitted' | 'accepted' | 'rejected' | 'merged' | 'dispatched' | 'acknowledged' | 'in_progress' | 'on_hold' | 'returned' | 'escalated' | 'resolved' | 'closed';

export interface PublicCategory {
  code: string;
  name: string;
  nameEn: string;
  keywords: string;
  kind: string | null;
  children: Array<Omit<PublicCategory, 'children'>>;
}

export interface Region {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county' | 'township' | 'village';
  parentCode: string | null;
  childCount: number;
  path?: Array<{ code: string; name: string; level: string }>;
}

export interface TimelineItem {
  at: string;
  action: string;
  status: CaseStatus;
  unitName: string | null;
  code: string | null;
  note: string | null;
}

export interface PublicCaseView {
  trackingCode: string;
  verified: boolean;
  status: CaseStatus;
  submittedAt: string | null;
  updatedAt: string | null;
  title: string | null;
  kind: string | null;
  category: { code: string; name: string; nameEn: string } | null;
  responsibleUnit: string | null;
  dueAt: string | null;
  result: { code: string; text: string | null; resolvedAt: string } | null;
  satisfaction: string | null;
  feedbackOpen: boolean;
  timeline: TimelineItem[];
}

export interface UploadedPhoto {
  token: string;
  mime: string;
  size: number;
  fileName: string;
  locationRemoved: boolean;
  expiresAt: string;
}

export interface MyCase {
  trackingCode: string;
  title: string;
  kind: string;
  status: CaseStatus;
  category: { code: string; name: string; nameEn: string } | null;
  submittedAt: string;
  updatedAt: string;
  feedbackOpen: boolean;
}

export interface Center {
  id: number;
  name: string;
  regionCode: string;
  openPlaces: number;
}

export interface PublicWindow {
  day: string;
  halfDay: 'morning' | 'afternoon';
  startsAt: string;
  endsAt: string;
  remaining: number;
}

export interface Booking {
  code: string;
  centerId: number;
  centerName: string;
  day: string;
  halfDay: 'morning' | 'afternoon';
  startsAt: string;
  endsAt: string;
  status: string;
}

const quiet = { redirectOn401: false } as const;
const enc = encodeURIComponent;

export const portalApi = {
  info: () => api.get<{ province: Region; devSmsInbox: boolean }>('/public/info', quiet),
  categories: () => api.get<{ items: PublicCategory[] }>('/public/categories', quiet),
  children: (code: string) => api.get<{ items: Region[] }>(`/public/regions/${enc(code)}/children`, quiet),
  searchRegions: (q: string) => api.get<{ items: Region[] }>('/public/regions', { ...quiet, query: { q, limit: 10 } }),
  locate: (lat: number, lng: number) => api.get<Region>('/public/locate', { ...quiet, query: { lat, lng } }),
  submit: (body: unknown, idempotencyKey: string) => postWithKey<{ trackingCode: string }>('/public/cases', body, idempotencyKey),
  submitErrand: (body: unknown, idempotencyKey: string) => postWithKey<{ trackingCode: string }>('/public/proxy-errands', body, idempotencyKey),
  track: (code: string, phoneLast4?: string) => api.get<PublicCaseView>(`/public/cases/${enc(code)}`, { ...quiet, query: { phoneLast4: phoneLast4 || undefined } }),
  feedback: (code: string, body: { phoneLast4?: string; satisfaction: string; fixed: boolean; comment?: string }) =>
    api.post<PublicCaseView>(`/public/cases/${enc(code)}/feedback`, body, quiet),
  sendCode: (phone: string) => api.post<{ expiresInSeconds: number; resendAfterSeconds: number }>('/public/auth/code', { phone }, quiet),
  verifyCode: (phone: string, code: string) => api.post<{ phone: string; expiresAt: string }>('/public/auth/verify', { phone, code }, quiet),
  me: () => api.get<{ phone: string; expiresAt: string }>('/public/me', quiet),
  myCases: () => api.get<{ phone: string; items: MyCase[] }>('/public/me/cases', quiet),
  signOut: () => api.post<void>('/public/auth/sign-out', undefined, quiet),
  devInbox: () => api.get<{ items: Array<{ to: string; text: string; at: string }> }>('/public/dev/sms-inbox', quiet),
  centers: (regionCode: string) => api.get<{ items: Center[] }>('/public/appointment-centers', { ...quiet, query: { regionCode } }),
  windows: (centerId: number) => api.get<{ centerId: number; centerName: string; items: PublicWindow[] }>(`/public/appointment-centers/${centerId}/windows`, quiet),
  book: (body: unknown) => api.post<Booking>('/public/appointments', body, quiet),
  cancelBooking: (code: string, phone: string) => api.post<{ code: string; status: string }>(`/public/appointments/${enc(code)}/cancel`, { phone }, quiet),
};

async function problem(response: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    // not JSON: the status says enough
  }
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
  const errors = Array.isArray(body.errors) ? (body.errors as FieldError[]).filter((e) => typeof e?.field === 'string') : [];
  const retry = Number(response.headers.get('retry-after'));
  return new ApiError({
    status: response.status,
    code: text('code') || `http_${response.status}`,
    title: text('title') || response.statusText,
    detail: text('detail'),
    errors,
    ...(Number.isFinite(retry) && retry > 0 ? { retryAfter: retry } : {}),
    ...(text('requestId') ? { requestId: text('requestId') } : {}),
  });
}

async function send<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, { credentials: 'same-origin', ...init });
  } catch (error) {
    throw new ApiError({ status: 0, code: 'network', title: 'Network error', detail: error instanceof Error ? error.message : String(error) });
  }
  if (!response.ok) throw await problem(response);
  return (await response.json()) as T;
}

/** A JSON POST with an Idempotency-Key: a resent report (a flaky connection) creates one case. */
function postWithKey<T>(path: string, body: unknown, key: string): Promise<T> {
  return send<T>(path, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, application/problem+json', 'idempotency-key': key }, body: JSON.stringify(body) });
}

export function uploadPhoto(file: File, keepLocation: boolean): Promise<UploadedPhoto> {
  const form = new FormData();
  form.append('keepLocation', String(keepLocation));
  form.append('file', file, file.name);
  return send<UploadedPhoto>('/public/uploads', { method: 'POST', body: form, headers: { accept: 'application/json, application/problem+json' } });
}

/** A fresh Idempotency-Key for one report. */
export function newRequestKey(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

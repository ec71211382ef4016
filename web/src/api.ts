// The one way the web app talks to the server: same-origin cookies, the CSRF header on writes,
// RFC 9457 problem+json turned into ApiError, and a 401 sending the user back to the login page.

export const CSRF_COOKIE = 'pingan_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface FieldError {
  field: string;
  message: string;
}

/** An error answer of the API (problem+json), or a network failure (status 0, code 'network'). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldError[];
  /** Seconds from the Retry-After header (429 answers), when present. */
  readonly retryAfter: number | undefined;
  readonly requestId: string | undefined;

  constructor(init: { status: number; code: string; title: string; detail: string; errors?: FieldError[]; retryAfter?: number; requestId?: string }) {
    super(init.detail || init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.retryAfter = init.retryAfter;
    this.requestId = init.requestId;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

// The token from the last sign-in answer, for the rare case the cookie cannot be read.
let csrfFallback: string | undefined;
export function rememberCsrfToken(token: string | undefined): void {
  csrfFallback = token;
}

let unauthorizedHandler: () => void = () => {
  const next = window.location.pathname + window.location.search;
  if (window.location.pathname !== '/login') window.location.assign(`/login?next=${encodeURIComponent(next)}`);
};

/** Replaces what happens on a 401 (the router installs a client-side navigation). */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
  /** False for calls where 401 is an answer, not a lost session (sign-in, the session probe). */
  redirectOn401?: boolean;
  /** Extra request headers (Idempotency-Key, …). */
  headers?: Record<string, string>;
}

function urlOf(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(key, String(value));
  const qs = params.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}

function asFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { field, message } = item as Record<string, unknown>;
    return typeof field === 'string' && typeof message === 'string' ? [{ field, message }] : [];
  });
}

async function problemOf(response: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = await response.json();
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's error page): the status alone has to do.
  }
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
  const retry = Number(response.headers.get('retry-after'));
  return new ApiError({
    status: response.status,
    code: text('code') || `http_${response.status}`,
    title: text('title') || response.statusText,
    detail: text('detail'),
    errors: asFieldErrors(body.errors),
    retryAfter: Number.isFinite(retry) && retry > 0 ? retry : undefined,
    requestId: text('requestId') || undefined,
  });
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const token = readCookie(CSRF_COOKIE) ?? csrfFallback;
    if (token) headers[CSRF_HEADER] = token;
  }
  let response: Response;
  try {
    response = await fetch(urlOf(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'network', title: 'Network error', detail: error instanceof Error ? error.message : String(error) });
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401 && options.redirectOn401 !== false) unauthorizedHandler();
    throw problem;
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : undefined) as T;
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('PATCH', path, { ...options, body }),
  delete: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('DELETE', path, options),
};

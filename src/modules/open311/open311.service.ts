// GeoReport v2 use cases: services from the category tree, requests taken in through the one
// intake, reads of the public projection, and the status-update feed.
import type { AppContext } from '../../context.js';
import { AppError, type FieldError, invalid, notFound } from '../../errors.js';
import { actorFromBearer } from '../../plugins/auth.plugin.js';
import { type Actor, hasRole, isAdmin } from '../auth/actor.js';
import { findCategories } from '../categories/categories.repository.js';
import { caseScope } from '../cases/cases.policy.js';
import { intakeCase } from '../cases/cases.intake.js';
import { INTAKE_ROLES } from '../cases/cases.routes.js';
import type { CreateCaseInput } from '../cases/cases.schemas.js';
import { caseKinds } from '../cases/workflow.js';
import { placeCase } from '../geo/placement.js';
import { type ServiceRequestDto, describeStatus, geoStatus, placeCodes, toServiceRequest } from './open311.presenter.js';
import * as repo from './open311.repository.js';
import { ATTRIBUTE_FIELD, type CreateRequestInput, type RequestsQueryInput, type UpdatesQueryInput } from './open311.schemas.js';

type Ctx = Pick<AppContext, 'db' | 'config'>;

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** The most requests one answer holds (the standard's limit). */
export const MAX_REQUESTS = 1000;
export const DEFAULT_WINDOW_DAYS = 90;
export const DEFAULT_UPDATES_WINDOW_HOURS = 24;
/** Kinds a partner may file; psychological crises go to the hotline, not a form. */
export const OPEN311_KINDS = caseKinds.filter((k) => k !== 'crisis');
const KIND_NAMES: Record<string, string> = { request: '求助诉求', complaint: '投诉', dispute: '矛盾纠纷', hazard: '安全隐患', consultation: '咨询', praise: '表扬建议' };
const TITLE_LENGTH = 40;

// ---- jurisdiction and keys ----------------------------------------------------------------------

const PROVINCE_SLUGS: Record<string, string> = {
  11: 'beijing', 12: 'tianjin', 13: 'hebei', 14: 'shanxi', 15: 'neimenggu', 21: 'liaoning', 22: 'jilin', 23: 'heilongjiang',
  31: 'shanghai', 32: 'jiangsu', 33: 'zhejiang', 34: 'anhui', 35: 'fujian', 36: 'jiangxi', 37: 'shandong', 41: 'henan',
  42: 'hubei', 43: 'hunan', 44: 'guangdong', 45: 'guangxi', 46: 'hainan', 50: 'chongqing', 51: 'sichuan', 52: 'guizhou',
  53: 'yunnan', 54: 'xizang', 61: 'shaanxi', 62: 'gansu', 63: 'qinghai', 64: 'ningxia', 65: 'xinjiang',
};

/** The jurisdiction_id values this instance answers to: its province's slug and code. */
export function jurisdictionIds(provinceCode: string): string[] {
  return [PROVINCE_SLUGS[provinceCode], provinceCode, provinceCode.padEnd(12, '0')].filter((v): v is string => v !== undefined);
}

export function checkJurisdiction(ctx: Ctx, jurisdictionId: string | undefined): void {
  if (jurisdictionId === undefined || jurisdictionId === '') return;
  const known = jurisdictionIds(ctx.config.provinceCode);
  if (!known.includes(jurisdictionId.toLowerCase())) throw invalid('jurisdiction_id', `unknown jurisdiction "${jurisdictionId}"; this endpoint serves ${known.join(' / ')}`);
}

/** The holder of an api_key (an API token); 403 when it is unknown or revoked. */
export async function keyHolder(ctx: AppContext, apiKey: string): Promise<Actor> {
  try {
    return await actorFromBearer(ctx, apiKey);
  } catch (error) {
    if (error instanceof AppError && error.code === 'unauthenticated') {
      throw new AppError('forbidden', 'api_key: unknown or revoked; create one with POST /api/v1/auth/tokens', { errors: [{ field: 'api_key', message: 'unknown or revoked' }] });
    }
    throw error;
  }
}

// ---- services ---------------------------------------------------------------------------------

type CategoryRow = Awaited<ReturnType<typeof findCategories>>[number];

/** Services are the leaf categories (level 2, or a level 1 without children), crisis ones left out. */
async function serviceCategories(ctx: Ctx): Promise<{ services: CategoryRow[]; groups: Map<string, string> }> {
  const rows = await findCategories(ctx.db);
  const parents = new Set(rows.map((r) => r.parent_code).filter((c): c is string => c !== null));
  const groups = new Map(rows.filter((r) => r.parent_code === null).map((r) => [r.code, r.name]));
  return { services: rows.filter((r) => !parents.has(r.code) && r.default_kind !== 'crisis'), groups };
}

export async function listServices(ctx: Ctx) {
  const { services, groups } = await serviceCategories(ctx);
  return services.map((c) => ({
    service_code: c.code,
    service_name: c.name,
    description: `${c.name} (${c.name_en})`,
    metadata: true,
    type: 'realtime' as const,
    keywords: c.keywords.split(/\s+/).filter(Boolean).join(','),
    group: c.parent_code ? (groups.get(c.parent_code) ?? null) : c.name,
  }));
}

async function findService(ctx: Ctx, code: string): Promise<CategoryRow | undefined> {
  const { services } = await serviceCategories(ctx);
  return services.find((s) => s.code === code);
}

function defaultKind(service: CategoryRow): string {
  return service.default_kind && (OPEN311_KINDS as readonly string[]).includes(service.default_kind) ? service.default_kind : 'request';
}

export async function serviceDefinition(ctx: Ctx, code: string) {
  const service = await findService(ctx, code);
  if (!service) throw notFound('Service', code);
  const kind = defaultKind(service);
  return {
    service_code: service.code,
    attributes: [
      {
        variable: true,
        code: 'kind',
        datatype: 'singlevaluelist' as const,
        required: false,
        datatype_description: `one of the keys; default ${kind}`,
        order: 1,
        description: '诉求类型 Kind of case',
        values: OPEN311_KINDS.map((k) => ({ key: k, name: `${KIND_NAMES[k] ?? k} (${k})` })),
      },
      {
        variable: true,
        code: 'party_names',
        datatype: 'text' as const,
        required: kind === 'dispute',
        datatype_description: 'names separated by commas, 、 or new lines; two or more for a dispute',
        order: 2,
        description: '当事人姓名（矛盾纠纷必填）Names of the parties (required for disputes)',
      },
    ],
  };
}

// ---- POST requests ------------------------------------------------------------------------------

/** Open311 names of the intake's fields, so an intake error names what the client sent. */
const FIELD_NAMES: Record<string, string> = {
  regionCode: 'address_id',
  gridCode: 'address_id',
  categoryCode: 'service_code',
  parties: 'attribute[party_names]',
  title: 'description',
  description: 'description',
  location: 'lat',
  'reporter.phone': 'phone',
  'reporter.name': 'last_name',
};

export function open311FieldName(field: string): string {
  return FIELD_NAMES[field] ?? field;
}

/** `attribute[code]` form fields and a JSON `attribute` object, as one map. */
export function attributesOf(body: CreateRequestInput): Map<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  for (const [code, value] of Object.entries(body.attribute ?? {})) out.set(code, value);
  for (const [key, value] of Object.entries(body)) {
    const match = ATTRIBUTE_FIELD.exec(key);
    if (match?.[1] && (typeof value === 'string' || Array.isArray(value))) out.set(match[1], value as string | string[]);
  }
  return out;
}

const blankToUndefined = (v: string | number | undefined) => (v === '' || v === undefined ? undefined : v);

function parseNumber(value: string | number | undefined, field: string, min: number, max: number): number | undefined {
  const v = blankToUndefined(value);
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw invalid(field, `must be a number from ${min} to ${max}`);
  return n;
}

function partyNames(value: string | string[] | undefined): string[] {
  const raw = Array.isArray(value) ? value : (value ?? '').split(/[,，、;；\n]+/);
  return raw.map((s) => s.trim()).filter(Boolean);
}

function titleOf(description: string): string {
  return [...description.replace(/\s+/g, ' ').trim()].slice(0, TITLE_LENGTH).join('');
}

function checkAttributes(service: CategoryRow, attributes: Map<string, string | string[]>): { kind: string; parties: string[] } {
  const errors: FieldError[] = [];
  for (const code of attributes.keys()) {
    if (code !== 'kind' && code !== 'party_names') errors.push({ field: `attribute[${code}]`, message: 'unknown attribute; this service has kind and party_names' });
  }
  const kindValue = attributes.get('kind');
  let kind = defaultKind(service);
  if (kindValue !== undefined && kindValue !== '') {
    if (typeof kindValue !== 'string' || !(OPEN311_KINDS as readonly string[]).includes(kindValue)) {
      errors.push({ field: 'attribute[kind]', message: `must be one of ${OPEN311_KINDS.join(', ')}` });
    } else {
      kind = kindValue;
    }
  }
  const parties = partyNames(attributes.get('party_names'));
  if (parties.some((p) => [...p].length > 50)) errors.push({ field: 'attribute[party_names]', message: 'each name at most 50 characters' });
  if (parties.length > 20) errors.push({ field: 'attribute[party_names]', message: 'at most 20 names' });
  if (kind === 'dispute' && parties.length < 2) errors.push({ field: 'attribute[party_names]', message: 'a dispute needs the names of two or more parties (or send attribute[kind]=request)' });
  if (errors.length > 0) throw new AppError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
  return { kind, parties };
}

function mediaLine(url: string | undefined): string {
  if (!url) return '';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('media_url', 'must be an http or https URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalid('media_url', 'must be an http or https URL');
  return `\n\n附件 media: ${parsed.toString()}`;
}

export interface CreatedRequest {
  service_request_id: string;
  service_notice: string;
  account_id: string | null;
}

export async function createRequest(ctx: AppContext, body: CreateRequestInput, ip: string | null): Promise<CreatedRequest[]> {
  checkJurisdiction(ctx, body.jurisdiction_id);
  const actor = await keyHolder(ctx, body.api_key);
  if (!isAdmin(actor) && !hasRole(actor, ...INTAKE_ROLES)) {
    throw new AppError('forbidden', `api_key: its holder may not take in cases (needs one of ${INTAKE_ROLES.join(', ')})`, { errors: [{ field: 'api_key', message: 'may not take in cases' }] });
  }
  const service = await findService(ctx, body.service_code);
  if (!service) throw invalid('service_code', `unknown service ${body.service_code}; see services.json`);
  const { kind, parties } = checkAttributes(service, attributesOf(body));
  const description = (body.description ?? '').trim();
  if (description === '') throw invalid('description', 'is required: say what happened');

  const lat = parseNumber(body.lat, 'lat', -90, 90);
  const lng = parseNumber(body.long, 'long', -180, 180);
  if ((lat === undefined) !== (lng === undefined)) throw invalid(lat === undefined ? 'lat' : 'long', 'lat and long go together');
  const datum = body.coordinate_system === 'gcj02' ? 'gcj02' : 'wgs84';
  const placement = placeCase(
    ctx.config.provinceCode,
    {
      regionCode: blankToUndefined(body.address_id) as string | undefined,
      location: lat !== undefined && lng !== undefined ? { lat, lng, datum } : undefined,
    },
    { regionCode: 'address_id', location: 'lat', jurisdiction: `jurisdiction ${jurisdictionIds(ctx.config.provinceCode).join(' / ')}` },
  );

  const name = `${(body.last_name ?? '').trim()}${(body.first_name ?? '').trim()}`;
  const phone = blankToUndefined(body.phone) as string | undefined;
  const input: CreateCaseInput = {
    kind: kind as CreateCaseInput['kind'],
    channel: 'api',
    categoryCode: service.code,
    regionCode: placement.regionCode,
    title: titleOf(description),
    description: `${description}${mediaLine(blankToUndefined(body.media_url) as string | undefined)}`,
    ...(body.address_string?.trim() ? { address: body.address_string.trim() } : {}),
    ...(placement.location ? { location: placement.location } : {}),
    ...(name || phone ? { reporter: { ...(name ? { name: [...name].slice(0, 50).join('') } : {}), ...(phone ? { phone } : {}) } } : {}),
    ...(parties.length > 0 ? { parties: parties.map((p, i) => ({ name: p, role: i === 0 ? ('applicant' as const) : ('respondent' as const) })) } : {}),
  };
  const result = await intakeCase(ctx, actor, input, { ip, allowCoarseRegion: placement.isCoarse });
  const notice = placement.isCoarse ? '已登记，由所在县区综治中心分办 (received; the county centre will triage it)' : '已登记，由所在乡镇（街道）综治中心受理 (received; the township centre will take it in)';
  return [{ service_request_id: result.body.trackingCode, service_notice: notice, account_id: (blankToUndefined(body.account_id) as string | undefined) ?? null }];
}

// ---- GET requests -------------------------------------------------------------------------------

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A W3C date-time (or a date: midnight China time) as an ISO instant; 400 naming the field. */
export function parseDate(value: string, field: string): string {
  const at = Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00+08:00` : value);
  if (Number.isNaN(at)) throw invalid(field, `not a valid date-time: ${value}`);
  return new Date(at).toISOString();
}

function dateWindow(start: string | undefined, end: string | undefined, defaultMs: number): { from: string; to: string } {
  const to = end ? parseDate(end, 'end_date') : new Date().toISOString();
  const from = start ? parseDate(start, 'start_date') : new Date(Date.parse(to) - defaultMs).toISOString();
  if (from > to) throw invalid('start_date', 'must not be after end_date');
  return { from, to };
}

async function viewerOf(ctx: AppContext, apiKey: string | undefined): Promise<repo.Viewer> {
  if (!apiKey) return { scope: { all: false, regions: { all: false, ranges: [], unitIds: [] }, crisisRegions: { all: false, ranges: [], unitIds: [] }, unitIds: [] }, userId: null };
  const actor = await keyHolder(ctx, apiKey);
  return { scope: caseScope(actor), userId: actor.userId };
}

async function present(ctx: Ctx, rows: repo.RequestRow[]): Promise<ServiceRequestDto[]> {
  const names = await repo.findRegionNames(ctx.db, placeCodes(rows));
  return rows.map((r) => toServiceRequest(r, names));
}

export async function findRequests(ctx: AppContext, query: RequestsQueryInput): Promise<ServiceRequestDto[]> {
  checkJurisdiction(ctx, query.jurisdiction_id);
  const viewer = await viewerOf(ctx, query.api_key);
  const pageSize = query.page_size ?? MAX_REQUESTS;
  const offset = ((query.page ?? 1) - 1) * pageSize;
  if (query.service_request_id) {
    const codes = [...new Set(query.service_request_id.split(','))];
    return present(ctx, await repo.findRequests(ctx.db, viewer, { trackingCodes: codes, limit: pageSize, offset }));
  }
  const { from, to } = dateWindow(query.start_date, query.end_date, DEFAULT_WINDOW_DAYS * 86_400_000);
  const statuses = query.status ? [...new Set(query.status.split(','))] : [];
  const status = statuses.length === 1 ? (statuses[0] as 'open' | 'closed') : undefined;
  const serviceCodes = query.service_code ? [...new Set(query.service_code.split(','))] : undefined;
  return present(ctx, await repo.findRequests(ctx.db, viewer, { ...(serviceCodes ? { serviceCodes } : {}), from, to, ...(status ? { status } : {}), limit: pageSize, offset }));
}

export async function getRequest(ctx: AppContext, trackingCode: string, query: { jurisdiction_id?: string | undefined; api_key?: string | undefined }): Promise<ServiceRequestDto[]> {
  checkJurisdiction(ctx, query.jurisdiction_id);
  const viewer = await viewerOf(ctx, query.api_key);
  const rows = await repo.findRequests(ctx.db, viewer, { trackingCodes: [trackingCode], limit: 1, offset: 0 });
  if (rows.length === 0) throw notFound('Service request', trackingCode);
  return present(ctx, rows);
}

/**
 * Requests are created at once, so the id is known when POST answers. A client that always goes
 * through tokens may send that id as its token: it maps to itself.
 */
export async function findToken(ctx: AppContext, token: string, jurisdictionId: string | undefined) {
  const [request] = await getRequest(ctx, token, { jurisdiction_id: jurisdictionId });
  if (!request) throw notFound('Token', token);
  return [{ service_request_id: request.service_request_id, token }];
}

// ---- the update feed ----------------------------------------------------------------------------

export async function findUpdates(ctx: AppContext, query: UpdatesQueryInput) {
  checkJurisdiction(ctx, query.jurisdiction_id);
  const { from, to } = dateWindow(query.start_date, query.end_date, DEFAULT_UPDATES_WINDOW_HOURS * 3_600_000);
  const pageSize = query.page_size ?? MAX_REQUESTS;
  const rows = await repo.findStatusUpdates(ctx.db, { from, to, limit: pageSize, offset: ((query.page ?? 1) - 1) * pageSize });
  return rows.map((r) => ({
    update_id: String(r.id),
    service_request_id: r.tracking_code,
    status: geoStatus(r.to_status),
    updated_datetime: r.at,
    description: describeStatus(r.to_status),
    media_url: null,
  }));
}

// ---- discovery ------------------------------------------------------------------------------------

export async function discovery(ctx: Ctx, baseUrl: string) {
  const changeset = (await repo.lastCategoryChange(ctx.db)) ?? new Date(0).toISOString();
  return {
    changeset,
    contact: 'The operator of this Pingan instance; API reference at /api/docs, Open311 notes in docs/open311.md',
    key_service: 'api_key is a Pingan API token: sign in and POST /api/v1/auth/tokens (shown once)',
    endpoints: [{ specification: SPECIFICATION, url: baseUrl, changeset, type: 'production', formats: ['application/json', 'text/xml'] }],
  };
}

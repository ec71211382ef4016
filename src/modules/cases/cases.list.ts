// Case lists for the console: filtered and searched lists, the hotline's "this caller's earlier
// cases" (audited: a lookup by personal data) and the cases related to one case. Always within the
// caller's scope (caseVisible); rows carry no personal data.
import type { AppContext } from '../../context.js';
import { blindIndex } from '../../crypto/blind-index.js';
import type { Db } from '../../db/database.js';
import { searchTerms } from '../../db/fulltext.js';
import { type FieldError, AppError, invalid, notFound } from '../../errors.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { Actor } from '../auth/actor.js';
import { ancestorCodes, normalizeRegionCode, subtreeRange } from '../regions/region-code.js';
import { findRegionsByCodes } from '../regions/regions.repository.js';
import { loadCalendar } from '../sla/sla.service.js';
import { findUnitsServing } from '../units/units.repository.js';
import type { CaseListItemDto, CaseListPageDto, ListCasesInput } from './cases.list.schemas.js';
import { type CaseScope, caseScope } from './cases.policy.js';
import * as repo from './cases.repository.js';
import { type CaseFilter, type CaseListRow, type Keyset, countUnitLoad, filterVisibleIds, findCasePage, findPartyHashes } from './cases.search.js';
import { findDuplicateCandidates } from './duplicates.js';
import { type CaseStatus, caseChannels, caseKinds, caseStatuses } from './workflow.js';

export const DEFAULT_LIMIT = 50;
export const RELATED_WINDOW_DAYS = 90;
export const RELATED_LIMIT = 20;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

export function encodeCursor(k: Keyset): string {
  return Buffer.from(JSON.stringify([k.createdAt, k.id])).toString('base64url');
}

/** The keyset in a cursor; a cursor that this API did not make is a 400 naming `cursor`. */
export function decodeCursor(cursor: string): Keyset {
  const bad = () => invalid('cursor', 'not a cursor from this list; start again without it');
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(value) || value.length !== 2) throw bad();
  const [createdAt, id] = value as unknown[];
  if (typeof createdAt !== 'string' || !ISO_INSTANT.test(createdAt) || Number.isNaN(Date.parse(createdAt))) throw bad();
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) throw bad();
  return { createdAt, id };
}

/** List rows with the names a console shows: village, township, lead unit. */
export async function toListItems(db: Db, rows: CaseListRow[]): Promise<CaseListItemDto[]> {
  const townshipOf = (code: string) => `${code.slice(0, 9)}000`;
  const codes = [...new Set(rows.flatMap((r) => [r.region_code, townshipOf(r.region_code)]))];
  const unitIds = [...new Set(rows.map((r) => r.lead_unit_id).filter((id): id is number => id !== null))];
  const [regions, units] = await Promise.all([findRegionsByCodes(db, codes), repo.findUnitsByIds(db, unitIds)]);
  const regionName = new Map(regions.map((r) => [r.code, r.name]));
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  return rows.map((r) => ({
    id: r.id,
    trackingCode: r.tracking_code,
    title: r.title,
    kind: r.kind,
    channel: r.channel,
    categoryCode: r.category_code,
    priority: r.priority,
    status: r.status as CaseStatus,
    regionCode: r.region_code,
    regionName: regionName.get(r.region_code) ?? null,
    townshipName: regionName.get(townshipOf(r.region_code)) ?? null,
    leadUnitId: r.lead_unit_id,
    leadUnitName: r.lead_unit_id === null ? null : (unitName.get(r.lead_unit_id) ?? null),
    ackDueAt: r.ack_due_at,
    resolveDueAt: r.resolve_due_at,
    overdueAck: r.overdue_ack === 1,
    overdueResolve: r.overdue_resolve === 1,
    createdAt: r.created_at,
    version: r.version,
  }));
}

/** One keyset page of the visible cases matching a filter, as list rows. */
export async function casePage(db: Db, scope: CaseScope, filter: CaseFilter, query: { limit?: number; cursor?: string }) {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const rows = await findCasePage(db, scope, filter, { limit: limit + 1, ...(after ? { after } : {}) });
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return { rows: pageRows, nextCursor: more && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null };
}

function listParam<T extends string>(field: string, values: string[] | undefined, allowed: readonly T[]): T[] | undefined {
  if (values === undefined) return undefined;
  const out = [...new Set(values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== ''))];
  for (const v of out) {
    if (!(allowed as readonly string[]).includes(v)) throw invalid(field, `unknown value "${v}"; one of ${allowed.join(', ')}`);
  }
  if (out.length === 0) throw invalid(field, 'give at least one value');
  return out as T[];
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A day means local midnight (the business calendar's offset); `end` gives the next midnight. */
function parseBound(field: string, value: string, offsetMinutes: number, end: boolean): string {
  const day = DAY_PATTERN.exec(value);
  if (day) {
    const midnight = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])) - offsetMinutes * 60_000;
    const check = new Date(midnight + offsetMinutes * 60_000).toISOString().slice(0, 10);
    if (check !== value) throw invalid(field, `${value} is not a calendar day`);
    return new Date(midnight + (end ? 86_400_000 : 0)).toISOString();
  }
  const at = DATE_TIME_PATTERN.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) throw invalid(field, 'expected YYYY-MM-DD or an ISO 8601 date-time with offset (2026-11-27T08:00:00+08:00)');
  // "created at or before" an instant: the exclusive bound is the next millisecond.
  return new Date(at + (end ? 1 : 0)).toISOString();
}

/** The query's filter, validated: each bad parameter is a 400 naming it. */
export async function filterFromQuery(db: Db, query: ListCasesInput): Promise<CaseFilter> {
  const filter: CaseFilter = {};
  const errors: FieldError[] = [];
  const collect = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      if (error instanceof AppError && error.errors) errors.push(...error.errors);
      else throw error;
    }
  };
  if (query.region !== undefined) {
    const code = normalizeRegionCode(query.region);
    const region = code ? await repo.findRegion(db, code) : undefined;
    if (!code || !region) errors.push({ field: 'region', message: `unknown region ${query.region}` });
    else filter.regionRange = subtreeRange(code);
  }
  collect(() => {
    const statuses = listParam('status', query.status, caseStatuses);
    if (statuses) filter.statuses = statuses;
  });
  collect(() => {
    const kinds = listParam('kind', query.kind, caseKinds);
    if (kinds) filter.kinds = kinds;
  });
  collect(() => {
    const channels = listParam('channel', query.channel, caseChannels);
    if (channels) filter.channels = channels;
  });
  if (query.category !== undefined) filter.categoryCode = query.category;
  if (query.unit !== undefined) filter.unitId = query.unit;
  if (query.overdue !== undefined) filter.overdue = query.overdue;
  if (query.from !== undefined || query.to !== undefined) {
    const { offsetMinutes } = await loadCalendar(db);
    const from = query.from;
    const to = query.to;
    if (from !== undefined) collect(() => { filter.createdFrom = parseBound('from', from, offsetMinutes, false); });
    if (to !== undefined) collect(() => { filter.createdBefore = parseBound('to', to, offsetMinutes, true); });
    if (filter.createdFrom && filter.createdBefore && filter.createdFrom >= filter.createdBefore) {
      errors.push({ field: 'to', message: 'must not be before from' });
    }
  }
  if (query.q !== undefined) {
    const terms = searchTerms(query.q);
    if (terms.length === 0) errors.push({ field: 'q', message: 'give at least one word' });
    else filter.terms = terms;
  }
  if (query.cursor !== undefined) collect(() => decodeCursor(query.cursor ?? ''));
  if (errors.length > 0) throw new AppError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
  return filter;
}

/** GET /cases: the caller's visible cases, filtered and searched, newest first. */
export async function listCases(ctx: AppContext, actor: Actor, query: ListCasesInput): Promise<CaseListPageDto> {
  const filter = await filterFromQuery(ctx.db, query);
  const page = await casePage(ctx.db, caseScope(actor), filter, query);
  return { items: await toListItems(ctx.db, page.rows), nextCursor: page.nextCursor };
}

/**
 * The hotline's view of a caller: visible cases where the number is the reporter's or a party's,
 * found by its blind index. Every lookup is audited (who looked up which number's hash, when).
 */
export async function findCasesByPhone(ctx: AppContext, actor: Actor, query: { phone: string; limit?: number; cursor?: string }, ip: string | null) {
  const phoneHash = blindIndex(ctx.config.dataKey, 'phone', query.phone);
  const page = await casePage(ctx.db, caseScope(actor), { phoneHash }, query);
  const hashes = await findPartyHashes(ctx.db, page.rows.map((r) => r.id));
  const items = (await toListItems(ctx.db, page.rows)).map((item) => ({
    ...item,
    matchedAs: (['reporter', 'party'] as const).filter((source) => hashes.some((h) => h.caseId === item.id && h.source === source && h.phoneHash === phoneHash)),
  }));
  await ctx.db.transaction().execute((trx) =>
    appendAudit(trx, {
      actorUserId: actor.userId,
      actorLabel: actor.label,
      action: 'case.lookup_by_phone',
      entityType: 'phone',
      entityId: phoneHash,
      detail: { results: items.length, caseIds: items.map((i) => i.id), page: query.cursor === undefined ? 1 : 'next' },
      ip,
    }),
  );
  return { items, nextCursor: page.nextCursor };
}

/** Cases related to one: same village lately, shared parties, duplicate candidates; all visible to the caller. */
export async function findRelatedCases(ctx: AppContext, actor: Actor, id: number) {
  const scope = caseScope(actor);
  const row = await repo.findCaseById(ctx.db, id, scope);
  if (!row) throw notFound('Case', id);
  const since = new Date(Date.now() - RELATED_WINDOW_DAYS * 86_400_000).toISOString();
  const own = await findPartyHashes(ctx.db, [id]);
  const phoneHashes = [...new Set(own.map((h) => h.phoneHash).filter((h): h is string => h !== null))];
  const nameHashes = [...new Set(own.map((h) => h.nameHash).filter((h): h is string => h !== null))];
  const [village, shared, duplicates] = await Promise.all([
    casePage(ctx.db, scope, { regionRange: { from: row.region_code, to: row.region_code }, createdFrom: since, excludeId: id }, { limit: RELATED_LIMIT }),
    phoneHashes.length + nameHashes.length === 0
      ? Promise.resolve({ rows: [], nextCursor: null })
      : casePage(ctx.db, scope, { sharesPartyWith: { phoneHashes, nameHashes }, excludeId: id }, { limit: RELATED_LIMIT }),
    findDuplicateCandidates(ctx.db, { id, regionCode: row.region_code, title: row.title, description: row.description, at: row.created_at }, RELATED_LIMIT),
  ]);
  const theirs = await findPartyHashes(ctx.db, shared.rows.map((r) => r.id));
  const sharedItems = (await toListItems(ctx.db, shared.rows)).map((item) => {
    const mine = theirs.filter((h) => h.caseId === item.id);
    const sharedBy: Array<'phone' | 'name'> = [];
    if (mine.some((h) => h.phoneHash !== null && phoneHashes.includes(h.phoneHash))) sharedBy.push('phone');
    if (mine.some((h) => h.nameHash !== null && nameHashes.includes(h.nameHash))) sharedBy.push('name');
    return { ...item, sharedBy };
  });
  // The duplicate finder looks at the whole village; keep only what this caller may see.
  const visible = await filterVisibleIds(ctx.db, scope, duplicates.map((d) => d.id));
  return {
    sameVillage: await toListItems(ctx.db, village.rows),
    sharedParties: sharedItems,
    duplicates: duplicates.filter((d) => visible.has(d.id)),
  };
}

const UNIT_LOAD_LIMIT = 200;

/**
 * The dispatch board's department load: the units that can take cases at a place (the region's own
 * and lower units, and the departments above it) with their open, pending and overdue cases among
 * those the caller may see. The place must be in the caller's scope.
 */
export async function listUnitLoad(ctx: AppContext, actor: Actor, query: { region: string }) {
  const code = normalizeRegionCode(query.region);
  const region = code ? await repo.findRegion(ctx.db, code) : undefined;
  if (!code || !region) throw invalid('region', `unknown region ${query.region}`);
  const scope = caseScope(actor);
  if (!scope.all && !scope.regions.ranges.some((r) => code >= r.from && code <= r.to)) {
    throw new AppError('forbidden', `Region ${code} is outside your scope`, { errors: [{ field: 'region', message: 'outside your scope' }] });
  }
  const units = await findUnitsServing(ctx.db, ancestorCodes(code), subtreeRange(code), UNIT_LOAD_LIMIT);
  const load = new Map((await countUnitLoad(ctx.db, scope, units.map((u) => u.id))).map((l) => [l.unitId, l]));
  return {
    items: units.map((u) => ({
      unitId: u.id,
      name: u.name,
      kind: u.kind,
      departmentKind: u.department_kind,
      regionCode: u.region_code,
      regionName: u.region_name,
      open: load.get(u.id)?.open ?? 0,
      pending: load.get(u.id)?.pending ?? 0,
      overdue: load.get(u.id)?.overdue ?? 0,
    })),
  };
}

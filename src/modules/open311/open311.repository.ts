// All SQL of the Open311 endpoints. Requests are a public projection of cases: never crisis cases,
// never personal fields; caseVisible (the one visibility rule) decides whether the caller may also
// read a case's full text, computed per row as `is_visible`.
import { type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { CaseScope } from '../cases/cases.policy.js';
import { caseVisible } from '../cases/cases.repository.js';

/** Statuses GeoReport calls `closed`; everything else is `open`. */
export const CLOSED_STATUSES = ['closed', 'rejected', 'merged'] as const;

export interface RequestFilter {
  trackingCodes?: string[];
  serviceCodes?: string[];
  from?: string;
  to?: string;
  /** Only open, or only closed (undefined: both). */
  status?: 'open' | 'closed';
  limit: number;
  offset: number;
}

export interface Viewer {
  scope: CaseScope;
  /** Cases this user took in read in full as well (the integration that posted them). */
  userId: number | null;
}

export async function findRequests(db: Db, viewer: Viewer, filter: RequestFilter) {
  let q = db
    .selectFrom('cases')
    .leftJoin('categories as cat', 'cat.code', 'cases.category_code')
    .leftJoin('units as lead', 'lead.id', 'cases.lead_unit_id')
    .leftJoin('units as owner', 'owner.id', 'cases.owner_unit_id')
    .select((eb) => [
      'cases.id',
      'cases.tracking_code',
      'cases.status',
      'cases.kind',
      'cases.category_code',
      'cases.title',
      'cases.description',
      'cases.address',
      'cases.region_code',
      'cases.lat',
      'cases.lng',
      'cases.resolve_due_at',
      'cases.created_at',
      'cases.updated_at',
      'cat.name as category_name',
      'lead.name as lead_unit_name',
      'owner.name as owner_unit_name',
      sql<number>`case when ${eb.or([caseVisible(eb, viewer.scope), viewer.userId === null ? sql<SqlBool>`1 = 0` : eb('cases.created_by', '=', viewer.userId)])} then 1 else 0 end`.as('is_visible'),
    ])
    .where('cases.kind', '!=', 'crisis');
  if (filter.trackingCodes) {
    q = q.where('cases.tracking_code', 'in', filter.trackingCodes);
  } else {
    if (filter.serviceCodes) q = q.where('cases.category_code', 'in', filter.serviceCodes);
    if (filter.from) q = q.where('cases.created_at', '>=', filter.from);
    if (filter.to) q = q.where('cases.created_at', '<=', filter.to);
    if (filter.status === 'open') q = q.where('cases.status', 'not in', [...CLOSED_STATUSES]);
    if (filter.status === 'closed') q = q.where('cases.status', 'in', [...CLOSED_STATUSES]);
  }
  return q.orderBy('cases.created_at', 'desc').orderBy('cases.id', 'desc').limit(filter.limit).offset(filter.offset).execute();
}

export type RequestRow = Awaited<ReturnType<typeof findRequests>>[number];

/** Public status changes (one row per event that moved a case to another state), oldest first. */
export async function findStatusUpdates(db: Db, filter: { from: string; to: string; limit: number; offset: number }) {
  return db
    .selectFrom('case_events as e')
    .innerJoin('cases', 'cases.id', 'e.case_id')
    .select(['e.id', 'e.at', 'e.to_status', 'cases.tracking_code'])
    .where('e.is_public', '=', 1)
    .where((eb) => eb.or([eb('e.from_status', 'is', null), eb('e.from_status', '!=', eb.ref('e.to_status'))]))
    .where('cases.kind', '!=', 'crisis')
    .where('e.at', '>=', filter.from)
    .where('e.at', '<=', filter.to)
    .orderBy('e.at')
    .orderBy('e.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
}

export async function findRegionNames(db: Db, codes: string[]) {
  if (codes.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom('regions').select(['code', 'name']).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** When the services last changed: the discovery document's changeset. */
export async function lastCategoryChange(db: Db): Promise<string | undefined> {
  const row = await db.selectFrom('categories').select((eb) => eb.fn.max('updated_at').as('at')).executeTakeFirst();
  return row?.at ?? undefined;
}

// All SQL of case lists: filters, worklists, caller history and related cases. Every query runs
// inside caseVisible (the one visibility rule; lists and counts run its alternatives as separate
// queries and merge them) and pages by keyset on (created_at desc, id desc).
// Filters are plain data (CaseFilter); this file alone turns them into SQL, so a worklist's count
// and its list always use the same condition.
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { caseTextMatches, findFtsIdsBefore, ftsDriver } from '../../db/fulltext.js';
import type { Database } from '../../db/schema.js';
import type { CodeRange } from '../regions/region-code.js';
import type { CaseScope } from './cases.policy.js';
import { type VisibilityArm, caseVisibilityArms, caseVisible } from './cases.repository.js';

/** Conditions ANDed together; an absent field does not filter, an empty list matches nothing. */
export interface CaseFilter {
  regionRange?: CodeRange;
  statuses?: readonly string[];
  kinds?: readonly string[];
  channels?: readonly string[];
  /** A level-1 (2-digit) code matches its level-2 children too. */
  categoryCode?: string;
  /** Cases that have (or had) this unit in case_units. */
  unitId?: number;
  /** true: the acknowledge or the resolve deadline was missed (the flags); false: neither. */
  overdue?: boolean;
  /** Late now: resolve deadline missed, or acknowledge deadline missed and still unacknowledged. */
  lateNow?: boolean;
  createdFrom?: string;
  createdBefore?: string;
  /** Full-text terms, all of which must occur in title or description. */
  terms?: readonly string[];
  ownerUnitIds?: readonly number[];
  leadUnitIds?: readonly number[];
  /** A dispatch to one of these units is still waiting for its acknowledgement. */
  pendingForUnitIds?: readonly number[];
  /** resolve_due_at in [from, to], not yet flagged overdue. */
  resolveDueWithin?: { from: string; to: string };
  followedUp?: boolean;
  underSupervision?: boolean;
  /** The reporter's or a party's phone has this blind index. */
  phoneHash?: string;
  /** A party's phone or name, or the reporter's phone, has one of these blind indexes. */
  sharesPartyWith?: { phoneHashes: readonly string[]; nameHashes: readonly string[] };
  excludeId?: number;
}

export interface Keyset {
  createdAt: string;
  id: number;
}

type CasesEb = ExpressionBuilder<Database, 'cases'>;

const none = sql<SqlBool>`1 = 0`;

function oneOf<T extends string | number>(eb: CasesEb, column: 'status' | 'kind' | 'channel' | 'owner_unit_id' | 'lead_unit_id', values: readonly T[]): Expression<SqlBool> {
  if (values.length === 0) return none;
  return eb(`cases.${column}`, 'in', [...values] as never[]);
}

function sharesParty(eb: CasesEb, shared: NonNullable<CaseFilter['sharesPartyWith']>): Expression<SqlBool> {
  const { phoneHashes, nameHashes } = shared;
  const parts: Expression<SqlBool>[] = [];
  if (phoneHashes.length > 0) {
    parts.push(eb('cases.reporter_phone_hash', 'in', [...phoneHashes]));
    parts.push(eb('cases.id', 'in', eb.selectFrom('case_parties as sp').select('sp.case_id').where('sp.phone_hash', 'in', [...phoneHashes])));
  }
  if (nameHashes.length > 0) {
    parts.push(eb('cases.id', 'in', eb.selectFrom('case_parties as sn').select('sn.case_id').where('sn.name_hash', 'in', [...nameHashes])));
  }
  return parts.length > 0 ? eb.or(parts) : none;
}

/** The filter as one WHERE condition on `cases` (visibility not included). */
export function filterCondition(db: Db, eb: CasesEb, f: CaseFilter): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  if (f.regionRange) parts.push(eb.and([eb('cases.region_code', '>=', f.regionRange.from), eb('cases.region_code', '<=', f.regionRange.to)]));
  if (f.statuses) parts.push(oneOf(eb, 'status', f.statuses));
  if (f.kinds) parts.push(oneOf(eb, 'kind', f.kinds));
  if (f.channels) parts.push(oneOf(eb, 'channel', f.channels));
  if (f.categoryCode !== undefined) {
    parts.push(f.categoryCode.length === 2 ? eb('cases.category_code', 'like', `${f.categoryCode}%`) : eb('cases.category_code', '=', f.categoryCode));
  }
  if (f.unitId !== undefined) {
    parts.push(eb.exists(eb.selectFrom('case_units as fu').select('fu.id').whereRef('fu.case_id', '=', 'cases.id').where('fu.unit_id', '=', f.unitId)));
  }
  if (f.overdue !== undefined) {
    const late = eb.or([eb('cases.overdue_ack', '=', 1), eb('cases.overdue_resolve', '=', 1)]);
    parts.push(f.overdue ? late : eb.not(late));
  }
  if (f.lateNow) {
    parts.push(eb.or([eb('cases.overdue_resolve', '=', 1), eb.and([eb('cases.overdue_ack', '=', 1), eb('cases.acknowledged_at', 'is', null)])]));
  }
  if (f.createdFrom !== undefined) parts.push(eb('cases.created_at', '>=', f.createdFrom));
  if (f.createdBefore !== undefined) parts.push(eb('cases.created_at', '<', f.createdBefore));
  if (f.terms && f.terms.length > 0) parts.push(caseTextMatches(db, eb, f.terms));
  if (f.ownerUnitIds) parts.push(oneOf(eb, 'owner_unit_id', f.ownerUnitIds));
  if (f.leadUnitIds) parts.push(oneOf(eb, 'lead_unit_id', f.leadUnitIds));
  if (f.pendingForUnitIds) {
    const ids = [...f.pendingForUnitIds];
    parts.push(
      ids.length === 0
        ? none
        : eb.exists(
            eb
              .selectFrom('case_units as pu')
              .select('pu.id')
              .whereRef('pu.case_id', '=', 'cases.id')
              .where('pu.unit_id', 'in', ids)
              .where('pu.status', '=', 'pending')
              .where('pu.ended_at', 'is', null),
          ),
    );
  }
  if (f.resolveDueWithin) {
    parts.push(eb('cases.resolve_due_at', '>', f.resolveDueWithin.from), eb('cases.resolve_due_at', '<=', f.resolveDueWithin.to), eb('cases.overdue_resolve', '=', 0));
  }
  if (f.followedUp !== undefined) parts.push(eb('cases.followed_up_at', f.followedUp ? 'is not' : 'is', null));
  if (f.underSupervision !== undefined) {
    const open = eb.exists(eb.selectFrom('supervisions as sv').select('sv.id').whereRef('sv.case_id', '=', 'cases.id').where('sv.status', '=', 'open'));
    parts.push(f.underSupervision ? open : eb.not(open));
  }
  if (f.phoneHash !== undefined) {
    // Two index lookups (cases.reporter_phone_hash, case_parties.phone_hash) rather than an OR over a join.
    const h = f.phoneHash;
    parts.push(eb.or([eb('cases.reporter_phone_hash', '=', h), eb('cases.id', 'in', eb.selectFrom('case_parties as pp').select('pp.case_id').where('pp.phone_hash', '=', h))]));
  }
  if (f.sharesPartyWith) parts.push(sharesParty(eb, f.sharesPartyWith));
  if (f.excludeId !== undefined) parts.push(eb('cases.id', '!=', f.excludeId));
  return parts.length > 0 ? eb.and(parts) : sql<SqlBool>`1 = 1`;
}

const LIST_COLUMNS = [
  'cases.id',
  'cases.tracking_code',
  'cases.title',
  'cases.kind',
  'cases.channel',
  'cases.category_code',
  'cases.priority',
  'cases.status',
  'cases.region_code',
  'cases.lead_unit_id',
  'cases.ack_due_at',
  'cases.resolve_due_at',
  'cases.overdue_ack',
  'cases.overdue_resolve',
  'cases.created_at',
  'cases.version',
] as const;

export type CaseListRow = Awaited<ReturnType<typeof findArmPage>>[number];

interface PageRequest {
  limit: number;
  after?: Keyset;
}

/** The list order: created_at descending, then id descending. */
function newestFirst(a: { created_at: string; id: number }, b: { created_at: string; id: number }): number {
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? 1 : -1;
  return b.id - a.id;
}

/** The first `limit` rows of several lists in list order, each case once. */
function mergeNewest(lists: CaseListRow[][], limit: number): CaseListRow[] {
  const byId = new Map<number, CaseListRow>();
  for (const list of lists) for (const row of list) if (!byId.has(row.id)) byId.set(row.id, row);
  return [...byId.values()].sort(newestFirst).slice(0, limit);
}

function afterKeyset(eb: CasesEb, after: Keyset): Expression<SqlBool> {
  return eb.or([eb('cases.created_at', '<', after.createdAt), eb.and([eb('cases.created_at', '=', after.createdAt), eb('cases.id', '<', after.id)])]);
}

/** Rows of one visibility arm matching the filter (and after the keyset), optionally only among `ids`. */
function armRows(db: Db, arm: VisibilityArm, filter: CaseFilter, after: Keyset | undefined, ids?: readonly number[]) {
  let q = db
    .selectFrom('cases')
    .select(LIST_COLUMNS)
    .where((eb) => arm.where(eb))
    .where((eb) => filterCondition(db, eb, filter));
  if (after) q = q.where((eb) => afterKeyset(eb, after));
  if (ids) q = q.where('cases.id', 'in', [...ids]);
  return q;
}

/** One page of one arm, newest first, as the planner sees fit. */
async function findArmPage(db: Db, arm: VisibilityArm, filter: CaseFilter, page: PageRequest) {
  return armRows(db, arm, filter, page.after).orderBy('cases.created_at', 'desc').orderBy('cases.id', 'desc').limit(page.limit).execute();
}

/**
 * One page of visible cases matching the filter, newest first; `limit + 1` rows tell if more follow.
 * Each alternative of caseVisible runs as its own query (a region range, or the unit's rows in
 * case_units) with the same order and limit, and the pages merge: the first `limit` rows of the
 * union are among the first `limit` of each part.
 */
export async function findCasePage(db: Db, scope: CaseScope, filter: CaseFilter, page: PageRequest): Promise<CaseListRow[]> {
  const arms = caseVisibilityArms(scope, 'in');
  const driver = filter.terms ? ftsDriver(db, filter.terms) : undefined;
  // A unit's or a resident's cases are few: the plain query starts from them.
  const walkIndex = (arm: VisibilityArm) => driver !== undefined && (arm.kind === 'all' || arm.kind === 'region');
  const pages = await Promise.all(arms.map((arm) => (driver && walkIndex(arm) ? findSearchPage(db, arm, filter, page, driver) : findArmPage(db, arm, filter, page))));
  return pages.length === 1 ? (pages[0] ?? []) : mergeNewest(pages, page.limit);
}

/** FTS ids taken per step of the walk: twice a page first (a common term fills it at once), then growing. */
const FTS_MAX_STEP = 8_192;
/** A walk projected past this many ids before a page is full means the other filters (or the scope) are selective: the planner chooses. */
const FTS_WALK_CAP = 4_096;
/** Beyond this many cases above the walk's lowest id (or above the cursor), checking the order costs more than the plain query. */
const ORDER_CHECK_CAP = 100_000;
/** Beyond this many cases out of id order, the plain query is cheaper. */
const STRAY_CAP = 1_000;

/**
 * A search page on SQLite without fetching every match. The trigram index is walked from the
 * highest id down (from the cursor's id on later pages), a step at a time, each step's cases
 * filtered by the rest of the query, until a page is full or the matches run out: then every match
 * with an id in the walked range is known. Ids grow with intake time, but not strictly (created_at
 * is the intake instant, the id is taken at insert; bulk loads and imports add older cases later),
 * so the page is made exact by looking at the cases outside that range that could still belong on
 * it: below it yet newer than the page's last row (an index-only range on created_at), and, on a
 * later page, above it yet older than the cursor. Both are normally empty. Where the walk or these
 * looks would be long (selective filters, a rare term, a deep page, many cases out of order) the
 * plain query runs instead, as it did before.
 */
async function findSearchPage(db: Db, arm: VisibilityArm, filter: CaseFilter, page: PageRequest, driver: { match: string; shortTerms: string[] }): Promise<CaseListRow[]> {
  const rest: CaseFilter = { ...filter, terms: driver.shortTerms };
  const plain = () => findArmPage(db, arm, filter, page);
  const newest = await db.selectFrom('cases').select((eb) => eb.fn.max('cases.id').as('id')).executeTakeFirst();
  const maxId = Number(newest?.id ?? 0);
  const start = page.after ? page.after.id : maxId + 1;
  if (maxId - start > ORDER_CHECK_CAP) return plain();
  const found: CaseListRow[] = [];
  let below = start;
  let walked = 0;
  for (let step = page.limit * 2; ; step = Math.min(step * 4, FTS_MAX_STEP)) {
    const ids = await findFtsIdsBefore(db, driver.match, below, step);
    walked += ids.length;
    if (ids.length > 0) found.push(...(await armRows(db, arm, rest, page.after, ids).execute()));
    if (ids.length < step) {
      below = 0; // the index has no more matches: every one below `start` was seen
      break;
    }
    below = ids.at(-1) ?? below;
    if (found.length >= page.limit) break;
    // At the rate seen so far, would a full page take more than the cap? Then stop walking now.
    if ((walked * page.limit) / Math.max(found.length, 1) > FTS_WALK_CAP) return plain();
  }
  const top = found.sort(newestFirst).slice(0, page.limit);
  const edge = top.length === page.limit ? top.at(-1) : undefined;
  if (edge && maxId - below > ORDER_CHECK_CAP) return plain();
  // `+column`: each look is a range on the other column (cases_created_idx holds the rowid).
  const looks = [];
  if (edge && below > 0) {
    looks.push(db.selectFrom('cases').select('cases.id').where('cases.created_at', '>', edge.created_at).where(sql<SqlBool>`+cases.id < ${below}`).limit(STRAY_CAP + 1).execute());
  }
  if (page.after) {
    looks.push(db.selectFrom('cases').select('cases.id').where('cases.id', '>=', start).where(sql<SqlBool>`+cases.created_at < ${page.after.createdAt}`).limit(STRAY_CAP + 1).execute());
  }
  const strays = (await Promise.all(looks)).flat().map((r) => r.id);
  if (strays.length > STRAY_CAP) return plain();
  if (strays.length === 0) return top;
  return mergeNewest([top, await armRows(db, arm, filter, page.after, strays).execute()], page.limit);
}

/** How many visible cases match the filter (the same condition as findCasePage: a union of its arms). */
export async function countCases(db: Db, scope: CaseScope, filter: CaseFilter): Promise<number> {
  const arms = caseVisibilityArms(scope, 'in');
  const [first, ...others] = arms.map((arm) =>
    db
      .selectFrom('cases')
      .select('cases.id')
      .where((eb) => arm.where(eb))
      .where((eb) => filterCondition(db, eb, filter)),
  );
  if (!first) return 0;
  const row =
    others.length === 0
      ? await db
          .selectFrom('cases')
          .select((eb) => eb.fn.countAll().as('n'))
          .where((eb) => (arms[0] as VisibilityArm).where(eb))
          .where((eb) => filterCondition(db, eb, filter))
          .executeTakeFirst()
      : await db
          .selectFrom(others.reduce((u, q) => u.union(q), first).as('visible'))
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Of the given cases, those the scope may see. */
export async function filterVisibleIds(db: Db, scope: CaseScope, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('cases')
    .select('cases.id')
    .where('cases.id', 'in', [...ids])
    .where((eb) => caseVisible(eb, scope))
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Blind indexes of a case's reporter phone and its parties' phones and names. */
export async function findPartyHashes(db: Db, caseIds: readonly number[]) {
  if (caseIds.length === 0) return [];
  const [reporters, parties] = await Promise.all([
    db.selectFrom('cases').select(['id as case_id', 'reporter_phone_hash as phone_hash']).where('id', 'in', [...caseIds]).where('reporter_phone_hash', 'is not', null).execute(),
    db.selectFrom('case_parties').select(['case_id', 'phone_hash', 'name_hash']).where('case_id', 'in', [...caseIds]).execute(),
  ]);
  return [
    ...reporters.map((r) => ({ caseId: r.case_id, source: 'reporter' as const, phoneHash: r.phone_hash, nameHash: null })),
    ...parties.map((p) => ({ caseId: p.case_id, source: 'party' as const, phoneHash: p.phone_hash, nameHash: p.name_hash })),
  ];
}

export async function findUnitNames(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('units').select(['id', 'name']).where('id', 'in', [...ids]).execute();
}

/** Statuses in which a dispatched unit still works on a case (its load). */
export const UNIT_LOAD_STATUSES = ['dispatched', 'acknowledged', 'in_progress', 'on_hold'] as const;

/**
 * Per unit, among the visible cases it is dispatched to and still working on: how many, how many
 * wait for its acknowledgement, and how many are late now (resolve missed, or acknowledge missed
 * and still unacknowledged).
 */
export async function countUnitLoad(db: Db, scope: CaseScope, unitIds: readonly number[]) {
  if (unitIds.length === 0) return [];
  const rows = await db
    .selectFrom('case_units as lu')
    .innerJoin('cases', 'cases.id', 'lu.case_id')
    .select((eb) => [
      'lu.unit_id as unitId',
      eb.fn.count<number | string>('cases.id').distinct().as('open'),
      eb.fn
        .sum<number | string | null>(eb.case().when('lu.status', '=', 'pending').then(1).else(0).end())
        .as('pending'),
      eb.fn
        .sum<number | string | null>(
          eb
            .case()
            .when(eb.or([eb('cases.overdue_resolve', '=', 1), eb.and([eb('cases.overdue_ack', '=', 1), eb('cases.acknowledged_at', 'is', null)])]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('overdue'),
    ])
    .where('lu.unit_id', 'in', [...unitIds])
    .where('lu.ended_at', 'is', null)
    .where('cases.status', 'in', [...UNIT_LOAD_STATUSES])
    .where((eb) => caseVisible(eb, scope))
    .groupBy('lu.unit_id')
    .execute();
  return rows.map((r) => ({ unitId: r.unitId, open: Number(r.open), pending: Number(r.pending ?? 0), overdue: Number(r.overdue ?? 0) }));
}

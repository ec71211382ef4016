// All SQL of units (and the read-only region lookups units need).
import { sql } from 'kysely';
import { type Db, dialectOf } from '../../db/database.js';
import type { Scope } from '../auth/actor.js';
import { inScope } from '../../plugins/scope.js';
import type { CodeRange } from '../regions/region-code.js';

const unitColumns = [
  'u.id',
  'u.kind',
  'u.department_kind',
  'u.name',
  'u.region_code',
  'u.status',
  'u.created_at',
  'u.updated_at',
  'u.version',
  'r.name as region_name',
] as const;

export interface UnitFilter {
  range?: CodeRange;
  kind?: string;
  q?: string;
  status?: string;
  after?: number;
  limit: number;
}

/** `%`, `_` and `\` in user text match themselves, not as wildcards. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function findUnits(db: Db, scope: Scope, filter: UnitFilter) {
  let q = db
    .selectFrom('units as u')
    .innerJoin('regions as r', 'r.code', 'u.region_code')
    .select(unitColumns)
    .where((eb) => inScope(eb, 'u.region_code', scope));
  if (filter.range) q = q.where('u.region_code', '>=', filter.range.from).where('u.region_code', '<=', filter.range.to);
  if (filter.kind) q = q.where('u.kind', '=', filter.kind);
  if (filter.status) q = q.where('u.status', '=', filter.status);
  if (filter.q) q = q.where(sql<boolean>`lower(u.name) like lower(${likePattern(filter.q)}) escape '\\'`);
  if (filter.after !== undefined) q = q.where('u.id', '>', filter.after);
  return q.orderBy('u.id').limit(filter.limit).execute();
}

export async function findUnit(db: Db, scope: Scope, id: number) {
  return db
    .selectFrom('units as u')
    .innerJoin('regions as r', 'r.code', 'u.region_code')
    .select(unitColumns)
    .where('u.id', '=', id)
    .where((eb) => inScope(eb, 'u.region_code', scope))
    .executeTakeFirst();
}

export type UnitRow = NonNullable<Awaited<ReturnType<typeof findUnit>>>;

export async function findUnitsByIds(db: Db, scope: Scope, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('units as u')
    .innerJoin('regions as r', 'r.code', 'u.region_code')
    .select(unitColumns)
    .where('u.id', 'in', ids)
    .where((eb) => inScope(eb, 'u.region_code', scope))
    .execute();
}

export async function findCenterOfRegion(db: Db, regionCode: string) {
  return db
    .selectFrom('units as u')
    .innerJoin('regions as r', 'r.code', 'u.region_code')
    .select(unitColumns)
    .where('u.region_code', '=', regionCode)
    .where('u.kind', '=', 'center')
    .orderBy('u.id')
    .executeTakeFirst();
}

export async function findRegion(db: Db, code: string) {
  return db.selectFrom('regions').select(['code', 'name']).where('code', '=', code).executeTakeFirst();
}

export interface NewUnit {
  kind: string;
  departmentKind: string | null;
  name: string;
  regionCode: string;
  now: string;
}

export async function insertUnit(db: Db, unit: NewUnit): Promise<number> {
  const row = await db
    .insertInto('units')
    .values({
      kind: unit.kind,
      department_kind: unit.departmentKind,
      name: unit.name,
      region_code: unit.regionCode,
      status: 'active',
      created_at: unit.now,
      updated_at: unit.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Updates only when the stored version is `version`; returns whether a row changed. */
export async function updateUnit(db: Db, id: number, version: number, patch: { name?: string; status?: string; now: string }) {
  const result = await db
    .updateTable('units')
    .set((eb) => ({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      updated_at: patch.now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// ---- bootstrap: one centre per province/city/county/township region ----

/** Regions above village level in a province, with their names (the input of centre names). */
export async function findNonVillageRegions(db: Db, provinceCode: string) {
  return db
    .selectFrom('regions')
    .select(['code', 'name'])
    .where('code', '>=', provinceCode.padEnd(12, '0'))
    .where('code', '<=', provinceCode.padEnd(12, '9'))
    .where('code', 'like', '%000')
    .orderBy('code')
    .execute();
}

export async function findCenterRegionCodes(db: Db, provinceCode: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('units')
    .select('region_code')
    .where('kind', '=', 'center')
    .where('region_code', '>=', provinceCode.padEnd(12, '0'))
    .where('region_code', '<=', provinceCode.padEnd(12, '9'))
    .execute();
  return new Set(rows.map((r) => r.region_code));
}

export async function insertCenters(db: Db, centers: { name: string; regionCode: string }[], now: string, batchSize = 500): Promise<void> {
  for (let i = 0; i < centers.length; i += batchSize) {
    const batch = centers.slice(i, i + batchSize);
    await db
      .insertInto('units')
      .values(batch.map((c) => ({ kind: 'center', department_kind: null, name: c.name, region_code: c.regionCode, status: 'active', created_at: now, updated_at: now })))
      .execute();
  }
}

/**
 * Serialises centre creation between instances starting at once against one PostgreSQL database
 * (SQLite has a single writer already), so no region gets two centres.
 */
export async function lockCenterCreation(db: Db): Promise<void> {
  if (dialectOf(db) === 'postgres') await sql`select pg_advisory_xact_lock(7263002)`.execute(db);
}

/**
 * Units a centre may call in for a place: every unit in the region's subtree, and the non-centre
 * units (departments, committees, organisations) of the regions above it. Active units only.
 */
export async function findUnitsServing(db: Db, ancestors: readonly string[], range: CodeRange, limit: number) {
  return db
    .selectFrom('units as u')
    .innerJoin('regions as r', 'r.code', 'u.region_code')
    .select(unitColumns)
    .where('u.status', '=', 'active')
    .where((eb) => {
      const below = eb.and([eb('u.region_code', '>=', range.from), eb('u.region_code', '<=', range.to)]);
      if (ancestors.length === 0) return below;
      return eb.or([below, eb.and([eb('u.region_code', 'in', [...ancestors]), eb('u.kind', '!=', 'center')])]);
    })
    .orderBy('u.region_code')
    .orderBy('u.kind')
    .orderBy('u.id')
    .limit(limit)
    .execute();
}

// All SQL of grids and grid worker assignments. Every query of grids takes the caller's Scope and
// filters with inScope on grids.region_code: a grid outside it reads exactly like a missing one.
import type { Db } from '../../db/database.js';
import type { GridsTable } from '../../db/schema.js';
import type { Scope } from '../auth/actor.js';
import type { CodeRange } from '../regions/region-code.js';
import { inScope } from '../../plugins/scope.js';

export interface GridRow {
  code: string;
  region_code: string;
  region_name: string;
  name: string;
  status: string;
  created_at: string;
  updated_at: string;
  retired_at: string | null;
  version: number;
}

export type NewGrid = Omit<GridsTable, 'status' | 'version'>;

// 6 columns a row: far below both dialects' parameter limits.
const INSERT_BATCH = 500;

function selectGrids(db: Db, scope: Scope) {
  return db
    .selectFrom('grids')
    .innerJoin('regions', 'regions.code', 'grids.region_code')
    .select([
      'grids.code',
      'grids.region_code',
      'regions.name as region_name',
      'grids.name',
      'grids.status',
      'grids.created_at',
      'grids.updated_at',
      'grids.retired_at',
      'grids.version',
    ])
    .where((eb) => inScope(eb, 'grids.region_code', scope));
}

export async function findGrid(db: Db, scope: Scope, code: string): Promise<GridRow | undefined> {
  return selectGrids(db, scope).where('grids.code', '=', code).executeTakeFirst();
}

/** Grids by code, in code order. */
export async function findGridsByCodes(db: Db, scope: Scope, codes: string[]): Promise<GridRow[]> {
  const out: GridRow[] = [];
  for (let i = 0; i < codes.length; i += 1000) {
    out.push(...(await selectGrids(db, scope).where('grids.code', 'in', codes.slice(i, i + 1000)).execute()));
  }
  return out.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

export interface GridListQuery {
  /** Grid codes of a region subtree: the region's code range with 3 more digits. */
  codes?: CodeRange;
  status?: string;
  after?: string;
  limit: number;
}

/** A page of grids in code order (keyset pagination: pass the last code as `after`). */
export async function findGrids(db: Db, scope: Scope, q: GridListQuery): Promise<GridRow[]> {
  let query = selectGrids(db, scope);
  if (q.codes) query = query.where('grids.code', '>=', q.codes.from).where('grids.code', '<=', q.codes.to);
  if (q.status) query = query.where('grids.status', '=', q.status);
  if (q.after) query = query.where('grids.code', '>', q.after);
  return query.orderBy('grids.code').limit(q.limit).execute();
}

/** Codes of every grid (any status) of the given villages: the suffixes already taken. */
export async function findGridCodesOfVillages(db: Db, scope: Scope, villageCodes: string[]): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < villageCodes.length; i += 1000) {
    const rows = await db
      .selectFrom('grids')
      .select('code')
      .where('region_code', 'in', villageCodes.slice(i, i + 1000))
      .where((eb) => inScope(eb, 'grids.region_code', scope))
      .execute();
    for (const row of rows) out.push(row.code);
  }
  return out;
}

export async function insertGrids(db: Db, rows: NewGrid[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    await db.insertInto('grids').values(rows.slice(i, i + INSERT_BATCH)).execute();
  }
}

/** Renames an active grid at the expected version; false when no row matched. */
export async function renameGrid(db: Db, scope: Scope, change: { code: string; version: number; name: string; now: string }): Promise<boolean> {
  const result = await db
    .updateTable('grids')
    .set((eb) => ({ name: change.name, updated_at: change.now, version: eb('version', '+', 1) }))
    .where('code', '=', change.code)
    .where('version', '=', change.version)
    .where('status', '=', 'active')
    .where((eb) => inScope(eb, 'grids.region_code', scope))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function retireGrid(db: Db, scope: Scope, change: { code: string; version: number; now: string }): Promise<boolean> {
  const result = await db
    .updateTable('grids')
    .set((eb) => ({ status: 'retired', retired_at: change.now, updated_at: change.now, version: eb('version', '+', 1) }))
    .where('code', '=', change.code)
    .where('version', '=', change.version)
    .where('status', '=', 'active')
    .where((eb) => inScope(eb, 'grids.region_code', scope))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface GridWorkerRow {
  user_id: number;
  username: string;
  display_name: string;
  assigned_at: string;
}

/** The current workers of a grid (assignments not ended), earliest first. */
export async function findActiveWorkers(db: Db, scope: Scope, gridCode: string): Promise<GridWorkerRow[]> {
  return db
    .selectFrom('grid_assignments as a')
    .innerJoin('grids', 'grids.code', 'a.grid_code')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.user_id', 'u.username', 'u.display_name', 'a.assigned_at'])
    .where('a.grid_code', '=', gridCode)
    .where('a.ended_at', 'is', null)
    .where((eb) => inScope(eb, 'grids.region_code', scope))
    .orderBy('a.assigned_at')
    .orderBy('a.id')
    .execute();
}

export async function insertAssignment(db: Db, row: { gridCode: string; userId: number; now: string }): Promise<void> {
  await db.insertInto('grid_assignments').values({ grid_code: row.gridCode, user_id: row.userId, assigned_at: row.now, ended_at: null }).execute();
}

/** Ends the current assignments of a grid (one user's, or all); returns the users whose ended. */
export async function endAssignments(db: Db, scope: Scope, change: { gridCode: string; userId?: number; now: string }): Promise<number[]> {
  let query = db
    .updateTable('grid_assignments')
    .set({ ended_at: change.now })
    .where('grid_code', '=', change.gridCode)
    .where('ended_at', 'is', null)
    .where('grid_code', 'in', (eb) =>
      eb.selectFrom('grids').select('grids.code').where('grids.code', '=', change.gridCode).where((w) => inScope(w, 'grids.region_code', scope)),
    );
  if (change.userId !== undefined) query = query.where('user_id', '=', change.userId);
  const rows = await query.returning('user_id').execute();
  return rows.map((r) => r.user_id);
}

export interface WorkerCandidate {
  id: number;
  status: string;
  /** Regions of the active units where the user holds the grid_worker role. */
  gridWorkerRegions: string[];
}

// A read of the users domain, kept here because only grid assignment asks this question.
export async function findWorkerCandidate(db: Db, userId: number): Promise<WorkerCandidate | undefined> {
  const user = await db.selectFrom('users').select(['id', 'status']).where('id', '=', userId).executeTakeFirst();
  if (!user) return undefined;
  const grants = await db
    .selectFrom('memberships as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select('u.region_code')
    .where('m.user_id', '=', userId)
    .where('m.role', '=', 'grid_worker')
    .where('u.status', '=', 'active')
    .execute();
  return { id: user.id, status: user.status, gridWorkerRegions: grants.map((g) => g.region_code) };
}

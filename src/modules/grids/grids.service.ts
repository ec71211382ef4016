// Grid use cases. Each begins with the access check (the grid must be in the caller's scope, and
// writes need a writer role over it), guards the state, then changes the grid and appends its audit
// row in one transaction. Grids are never deleted: retiring keeps the code taken for good.
import type { Db } from '../../db/database.js';
import { AppError, invalid, isUniqueViolation, notFound } from '../../errors.js';
import { appendAudit } from '../audit/audit.repository.js';
import { type Actor, type Scope, scopeOf } from '../auth/actor.js';
import { isInSubtree, levelOf, subtreeRange } from '../regions/region-code.js';
import { findRegion } from '../regions/regions.repository.js';
import { getRegion, requireRegionCode } from '../regions/regions.service.js';
import { auditBy, canWriteGridsIn, gridAbilities, gridWriteScope } from './grids.policy.js';
import * as repo from './grids.repository.js';
import {
  type CreateGridInput,
  GRID_NAME_MAX,
  type GridDetailDto,
  type GridPageDto,
  type GridSummaryDto,
  type ListGridsInput,
  type RenameGridInput,
  type RetireGridInput,
} from './grids.schemas.js';

/** Who is calling and from where: what every write records in the audit log. */
export interface Caller {
  actor: Actor;
  ip: string | null;
}

const MAX_SUFFIX = 999;
const CREATE_ATTEMPTS = 3;

// Control characters would break CSV exports and printed lists; everything else is kept verbatim
// (names are plain text, never HTML: the web app renders them as text).
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** The trimmed name, or the reason it is not acceptable. */
export function checkGridName(raw: string): { name: string } | { problem: string } {
  const name = raw.trim();
  if (name === '') return { problem: 'must not be empty' };
  if ([...name].length > GRID_NAME_MAX) return { problem: `must be at most ${GRID_NAME_MAX} characters` };
  if (CONTROL_CHARACTERS.test(name)) return { problem: 'must not contain control characters (line breaks, tabs)' };
  return { name };
}

function requireGridName(field: string, raw: string): string {
  const checked = checkGridName(raw);
  if ('problem' in checked) throw invalid(field, checked.problem);
  return checked.name;
}

/** The lowest suffix (001–999) not among the taken codes of a village, or undefined when full. */
export function lowestFreeSuffix(villageCode: string, taken: Iterable<string>): string | undefined {
  const used = new Set<number>();
  for (const code of taken) if (code.startsWith(villageCode)) used.add(Number(code.slice(12)));
  for (let n = 1; n <= MAX_SUFFIX; n++) if (!used.has(n)) return String(n).padStart(3, '0');
  return undefined;
}

export function toGridSummary(row: repo.GridRow): GridSummaryDto {
  return {
    code: row.code,
    regionCode: row.region_code,
    regionName: row.region_name,
    name: row.name,
    status: row.status === 'retired' ? 'retired' : 'active',
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    retiredAt: row.retired_at,
  };
}

async function toGridDetail(db: Db, actor: Actor, scope: Scope, row: repo.GridRow): Promise<GridDetailDto> {
  const village = await getRegion(db, row.region_code);
  const workers = await repo.findActiveWorkers(db, scope, row.code);
  return {
    ...toGridSummary(row),
    regionPath: [...village.path, { code: village.code, name: village.name, level: village.level }],
    workers: workers.map((w) => ({ userId: w.user_id, username: w.username, displayName: w.display_name, assignedAt: w.assigned_at })),
    abilities: gridAbilities(actor, row),
  };
}

/** The grid if the caller may see it; 404 exactly as for a grid that does not exist. */
async function requireVisibleGrid(db: Db, scope: Scope, code: string): Promise<repo.GridRow> {
  const grid = await repo.findGrid(db, scope, code);
  if (!grid) throw notFound('grid', code);
  return grid;
}

/** A visible grid the caller may change: 404 when unseen, 403 when seen but not theirs to edit. */
async function requireWritableGrid(db: Db, actor: Actor, code: string): Promise<repo.GridRow> {
  const grid = await requireVisibleGrid(db, scopeOf(actor), code);
  if (!canWriteGridsIn(actor, grid.region_code)) {
    throw new AppError('forbidden', `grid ${code}: you may view it but not change it (no grid-managing role over ${grid.region_code})`);
  }
  return grid;
}

function requireActive(grid: repo.GridRow, what: string): void {
  if (grid.status !== 'active') throw new AppError('action_not_allowed', `grid ${grid.code} is retired; it cannot be ${what}`);
}

function requireVersion(grid: repo.GridRow, version: number): void {
  if (grid.version !== version) {
    throw new AppError('version_conflict', `grid ${grid.code} is at version ${grid.version}, not ${version}: reload it and try again`, {
      extra: { currentVersion: grid.version },
    });
  }
}

/** The village a grid is to lie in: an existing village-level region in the caller's write scope. */
export async function requireGridVillage(db: Db, actor: Actor, raw: string): Promise<string> {
  const code = requireRegionCode('regionCode', raw);
  if (levelOf(code) !== 4) throw invalid('regionCode', `${raw} is not a village-level (12-digit) code`);
  if (!(await findRegion(db, code))) throw invalid('regionCode', `there is no village ${raw}`);
  if (!canWriteGridsIn(actor, code)) throw new AppError('forbidden', `village ${code} is outside the regions where you manage grids`);
  return code;
}

function explicitGridCode(village: string, code: string): string {
  const full = code.length === 3 ? `${village}${code}` : code;
  if (!full.startsWith(village)) throw invalid('code', `${code} does not start with the regionCode ${village}`);
  if (full.endsWith('000')) throw invalid('code', 'the suffix must be 001 to 999');
  return full;
}

export async function createGrid(db: Db, caller: Caller, input: CreateGridInput): Promise<GridDetailDto> {
  const { actor } = caller;
  const village = await requireGridVillage(db, actor, input.regionCode);
  const name = requireGridName('name', input.name);
  const explicit = input.code === undefined ? undefined : explicitGridCode(village, input.code);
  const writeScope = gridWriteScope(actor);

  for (let attempt = 1; ; attempt++) {
    try {
      const code = await db.transaction().execute(async (trx) => {
        const taken = await repo.findGridCodesOfVillages(trx, writeScope, [village]);
        let code = explicit;
        if (code === undefined) {
          const suffix = lowestFreeSuffix(village, taken);
          if (suffix === undefined) throw new AppError('conflict', `village ${village} has no free grid code left (001–999 are taken)`);
          code = `${village}${suffix}`;
        } else if (taken.includes(code)) {
          throw new AppError('conflict', `grid ${code} already exists`);
        }
        const now = new Date().toISOString();
        await repo.insertGrids(trx, [{ code, region_code: village, name, created_at: now, updated_at: now, retired_at: null }]);
        await appendAudit(trx, { ...auditBy(actor, caller.ip), action: 'grid.create', entityType: 'grid', entityId: code, regionCode: village, detail: { name } });
        return code;
      });
      return getGrid(db, actor, code);
    } catch (error) {
      // Two callers took the same free suffix at once (PostgreSQL): the loser tries the next one.
      if (!isUniqueViolation(error)) throw error;
      if (explicit !== undefined) throw new AppError('conflict', `grid ${explicit} already exists`);
      if (attempt >= CREATE_ATTEMPTS) throw new AppError('conflict', `could not allocate a grid code in village ${village}; try again`);
    }
  }
}

export async function getGrid(db: Db, actor: Actor, code: string): Promise<GridDetailDto> {
  const scope = scopeOf(actor);
  return toGridDetail(db, actor, scope, await requireVisibleGrid(db, scope, code));
}

export async function listGrids(db: Db, actor: Actor, query: ListGridsInput): Promise<GridPageDto> {
  const limit = query.limit ?? 50;
  let codes: { from: string; to: string } | undefined;
  if (query.region !== undefined) {
    const region = requireRegionCode('region', query.region);
    if (!(await findRegion(db, region))) throw notFound('region', query.region);
    const range = subtreeRange(region);
    codes = { from: `${range.from}000`, to: `${range.to}999` };
  }
  const rows = await repo.findGrids(db, scopeOf(actor), {
    limit: limit + 1,
    ...(codes ? { codes } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.after ? { after: query.after } : {}),
  });
  const page = rows.slice(0, limit);
  return { items: page.map(toGridSummary), nextAfter: rows.length > limit ? (page.at(-1)?.code ?? null) : null };
}

export async function renameGrid(db: Db, caller: Caller, code: string, input: RenameGridInput): Promise<GridDetailDto> {
  const { actor } = caller;
  const name = requireGridName('name', input.name);
  await db.transaction().execute(async (trx) => {
    const grid = await requireWritableGrid(trx, actor, code);
    requireActive(grid, 'renamed');
    requireVersion(grid, input.version);
    const now = new Date().toISOString();
    if (!(await repo.renameGrid(trx, gridWriteScope(actor), { code, version: input.version, name, now }))) {
      throw new AppError('version_conflict', `grid ${code} was changed meanwhile: reload it and try again`);
    }
    await appendAudit(trx, {
      ...auditBy(actor, caller.ip),
      action: 'grid.rename',
      entityType: 'grid',
      entityId: code,
      regionCode: grid.region_code,
      detail: { from: grid.name, to: name },
    });
  });
  return getGrid(db, actor, code);
}

export async function retireGrid(db: Db, caller: Caller, code: string, input: RetireGridInput): Promise<GridDetailDto> {
  const { actor } = caller;
  const reason = input.reason.trim();
  if (reason === '') throw invalid('reason', 'must not be empty');
  await db.transaction().execute(async (trx) => {
    const grid = await requireWritableGrid(trx, actor, code);
    if (grid.status === 'retired') throw new AppError('action_not_allowed', `grid ${code} is already retired`);
    requireVersion(grid, input.version);
    const now = new Date().toISOString();
    const writeScope = gridWriteScope(actor);
    if (!(await repo.retireGrid(trx, writeScope, { code, version: input.version, now }))) {
      throw new AppError('version_conflict', `grid ${code} was changed meanwhile: reload it and try again`);
    }
    // A retired grid has no workers: their assignments end with it.
    const endedWorkers = await repo.endAssignments(trx, writeScope, { gridCode: code, now });
    await appendAudit(trx, {
      ...auditBy(actor, caller.ip),
      action: 'grid.retire',
      entityType: 'grid',
      entityId: code,
      regionCode: grid.region_code,
      detail: { reason, endedWorkers },
    });
  });
  return getGrid(db, actor, code);
}

export async function assignWorker(db: Db, caller: Caller, code: string, userId: number): Promise<GridDetailDto> {
  const { actor } = caller;
  await db.transaction().execute(async (trx) => {
    const grid = await requireWritableGrid(trx, actor, code);
    requireActive(grid, 'given workers');
    const candidate = await repo.findWorkerCandidate(trx, userId);
    if (!candidate) throw invalid('userId', `there is no user ${userId}`);
    if (candidate.status !== 'active') throw invalid('userId', `user ${userId} is not active`);
    // The worker must belong to this grid's area: a grid_worker role at a unit whose region
    // contains the grid's village (its village, township, county, …).
    if (!candidate.gridWorkerRegions.some((region) => isInSubtree(grid.region_code, region))) {
      throw invalid('userId', `user ${userId} holds no grid_worker role in a unit whose region contains ${grid.region_code}`);
    }
    const scope = scopeOf(actor);
    const current = await repo.findActiveWorkers(trx, scope, code);
    if (current.some((w) => w.user_id === userId)) throw new AppError('conflict', `user ${userId} is already a worker of grid ${code}`);
    try {
      await repo.insertAssignment(trx, { gridCode: code, userId, now: new Date().toISOString() });
    } catch (error) {
      // The partial unique index on current assignments caught a concurrent identical request.
      if (isUniqueViolation(error)) throw new AppError('conflict', `user ${userId} is already a worker of grid ${code}`);
      throw error;
    }
    await appendAudit(trx, {
      ...auditBy(actor, caller.ip),
      action: 'grid.worker_assign',
      entityType: 'grid',
      entityId: code,
      regionCode: grid.region_code,
      detail: { userId },
    });
  });
  return getGrid(db, actor, code);
}

export async function unassignWorker(db: Db, caller: Caller, code: string, userId: number): Promise<void> {
  const { actor } = caller;
  await db.transaction().execute(async (trx) => {
    const grid = await requireWritableGrid(trx, actor, code);
    const ended = await repo.endAssignments(trx, gridWriteScope(actor), { gridCode: code, userId, now: new Date().toISOString() });
    if (ended.length === 0) throw new AppError('not_found', `user ${userId} is not a current worker of grid ${code}`);
    await appendAudit(trx, {
      ...auditBy(actor, caller.ip),
      action: 'grid.worker_unassign',
      entityType: 'grid',
      entityId: code,
      regionCode: grid.region_code,
      detail: { userId },
    });
  });
}

// Use cases of units: list, read, create, rename/retire. Each begins with the scope check.
import type { AppContext } from '../../context.js';
import { AppError, invalid, isUniqueViolation, notFound } from '../../errors.js';
import { appendAudit } from '../audit/audit.repository.js';
import { type Actor, scopeOf, scopeIncludes } from '../auth/actor.js';
import { auditActor, everywhere, manageScope } from '../auth/policy.js';
import { normalizeRegionCode, subtreeRange } from '../regions/region-code.js';
import * as unitsRepo from './units.repository.js';
import type { CreateUnitDto, UnitDto, UnitListQueryDto, UpdateUnitDto } from './units.schemas.js';
import { type UnitKind, type UnitStatus, departmentKinds, socialOrgKinds } from './units.table.js';

type Ctx = Pick<AppContext, 'db'>;

export function presentUnit(row: unitsRepo.UnitRow): UnitDto {
  return {
    id: row.id,
    kind: row.kind as UnitKind,
    departmentKind: row.department_kind,
    name: row.name,
    regionCode: row.region_code,
    regionName: row.region_name,
    status: row.status as UnitStatus,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export async function listUnits(ctx: Ctx, actor: Actor, query: UnitListQueryDto) {
  const limit = query.limit ?? 50;
  let range;
  if (query.region !== undefined) {
    const code = normalizeRegionCode(query.region);
    if (!code) throw invalid('region', 'is not a region code');
    range = subtreeRange(code);
  }
  const rows = await unitsRepo.findUnits(ctx.db, scopeOf(actor), {
    limit,
    ...(range ? { range } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.q ? { q: query.q.trim() } : {}),
    ...(query.after !== undefined ? { after: query.after } : {}),
  });
  const last = rows.at(-1);
  return { items: rows.map(presentUnit), next: rows.length === limit && last ? last.id : null };
}

export async function getUnit(ctx: Ctx, actor: Actor, id: number): Promise<UnitDto> {
  const row = await unitsRepo.findUnit(ctx.db, scopeOf(actor), id);
  if (!row) throw notFound('unit', id);
  return presentUnit(row);
}

function checkDepartmentKind(kind: UnitKind, departmentKind: string | undefined): string | null {
  const allowed: readonly string[] | undefined =
    kind === 'department' ? departmentKinds : kind === 'social_org' ? socialOrgKinds : undefined;
  if (!allowed) {
    if (departmentKind !== undefined) throw invalid('departmentKind', `is only for departments and social organisations, not ${kind}`);
    return null;
  }
  if (departmentKind === undefined) throw invalid('departmentKind', `is required for kind ${kind}`);
  if (!allowed.includes(departmentKind)) throw invalid('departmentKind', `must be one of ${allowed.join(', ')} for kind ${kind}`);
  return departmentKind;
}

export async function createUnit(ctx: Ctx, actor: Actor, input: CreateUnitDto, ip?: string): Promise<UnitDto> {
  const regionCode = normalizeRegionCode(input.regionCode);
  if (!regionCode) throw invalid('regionCode', 'is not a region code');
  const departmentKind = checkDepartmentKind(input.kind, input.departmentKind);
  const region = await unitsRepo.findRegion(ctx.db, regionCode);
  if (!region) throw invalid('regionCode', `region ${input.regionCode} does not exist`);
  if (!scopeIncludes(manageScope(actor), regionCode)) {
    throw new AppError('forbidden', `region ${regionCode} is outside the regions you manage`, {
      errors: [{ field: 'regionCode', message: 'is outside the regions you manage' }],
    });
  }
  const name = input.name.trim();
  try {
    const id = await ctx.db.transaction().execute(async (trx) => {
      if (input.kind === 'center') {
        await unitsRepo.lockCenterCreation(trx);
        if (await unitsRepo.findCenterOfRegion(trx, regionCode)) {
          throw new AppError('conflict', `region ${regionCode} already has a governance centre`, {
            errors: [{ field: 'regionCode', message: 'already has a governance centre' }],
          });
        }
      }
      const unitId = await unitsRepo.insertUnit(trx, { kind: input.kind, departmentKind, name, regionCode, now: new Date().toISOString() });
      await appendAudit(trx, {
        ...auditActor(actor, ip),
        action: 'unit.created',
        entityType: 'unit',
        entityId: unitId,
        regionCode,
        detail: { kind: input.kind, departmentKind, name },
      });
      return unitId;
    });
    return await getUnitAnywhere(ctx, id);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', `unit ${name} already exists`);
    throw error;
  }
}

export async function updateUnit(ctx: Ctx, actor: Actor, id: number, input: UpdateUnitDto, ip?: string): Promise<UnitDto> {
  const current = await unitsRepo.findUnit(ctx.db, scopeOf(actor), id);
  if (!current) throw notFound('unit', id);
  if (!scopeIncludes(manageScope(actor), current.region_code)) throw new AppError('forbidden', `unit ${id} is outside the regions you manage`);
  const name = input.name?.trim();
  const changes: Record<string, [string, string]> = {};
  if (name !== undefined && name !== current.name) changes.name = [current.name, name];
  if (input.status !== undefined && input.status !== current.status) changes.status = [current.status, input.status];
  await ctx.db.transaction().execute(async (trx) => {
    const updated = await unitsRepo.updateUnit(trx, id, input.version, {
      ...(changes.name ? { name } : {}),
      ...(changes.status ? { status: input.status } : {}),
      now: new Date().toISOString(),
    });
    if (!updated) {
      throw new AppError('version_conflict', `unit ${id} was changed by someone else (you sent version ${input.version}, it is at ${current.version})`, {
        extra: { currentVersion: current.version },
      });
    }
    await appendAudit(trx, { ...auditActor(actor, ip), action: 'unit.updated', entityType: 'unit', entityId: id, regionCode: current.region_code, detail: { changes } });
  });
  return getUnitAnywhere(ctx, id);
}

// After a write the caller may no longer see the unit through its own scope only in odd cases
// (a retired unit); the write was authorised already, so answer with the stored row.
async function getUnitAnywhere(ctx: Ctx, id: number): Promise<UnitDto> {
  const row = await unitsRepo.findUnit(ctx.db, everywhere, id);
  if (!row) throw notFound('unit', id);
  return presentUnit(row);
}

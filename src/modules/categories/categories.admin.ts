// Admin use cases of the taxonomy and the routing rules: create and edit categories (never delete:
// cases keep their codes; retire instead), add and remove routing rules. Each checks what the schema
// cannot (a level-2 code's parent, a rule's category), writes and audits in one transaction.
import type { AppContext } from '../../context.js';
import { AppError, invalid, isUniqueViolation, notFound } from '../../errors.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { Actor } from '../auth/actor.js';
import * as repo from './categories.repository.js';

export interface CategoryAdminDto {
  code: string;
  parentCode: string | null;
  name: string;
  nameEn: string;
  defaultKind: string | null;
  departmentKind: string | null;
  keywords: string;
  sort: number;
  status: string;
  updatedAt: string;
}

export interface CategoryCreateInput {
  code: string;
  name: string;
  nameEn: string;
  defaultKind?: string | null;
  departmentKind?: string | null;
  keywords?: string;
}

export type CategoryPatchInput = Partial<Omit<CategoryCreateInput, 'code'>> & { status?: 'active' | 'retired' };

export interface RoutingRuleInput {
  categoryCode: string;
  regionLevel: number | null;
  departmentKind: string;
  sort: number;
}

type CategoryRow = NonNullable<Awaited<ReturnType<typeof repo.findCategory>>>;

export function presentCategory(r: CategoryRow): CategoryAdminDto {
  return {
    code: r.code,
    parentCode: r.parent_code,
    name: r.name,
    nameEn: r.name_en,
    defaultKind: r.default_kind,
    departmentKind: r.department_kind,
    keywords: r.keywords,
    sort: r.sort,
    status: r.status,
    updatedAt: r.updated_at,
  };
}

/** Every category, retired ones too, flat in taxonomy order (for the administration page). */
export async function listAllCategories(ctx: AppContext): Promise<CategoryAdminDto[]> {
  return (await repo.findCategories(ctx.db, true)).map(presentCategory);
}

const audit = (actor: Actor, action: string, entityType: string, entityId: string | number, detail: Record<string, unknown>, ip: string | null, at: string) => ({
  actorUserId: actor.userId,
  actorLabel: actor.label,
  action,
  entityType,
  entityId,
  detail,
  ip,
  at,
});

export async function createCategory(ctx: AppContext, actor: Actor, input: CategoryCreateInput, ip: string | null): Promise<CategoryAdminDto> {
  const parentCode = input.code.length === 4 ? input.code.slice(0, 2) : null;
  const now = new Date().toISOString();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      if (await repo.findCategory(trx, input.code)) throw duplicate(input.code);
      if (parentCode) {
        const parent = await repo.findCategory(trx, parentCode);
        if (!parent || parent.parent_code !== null) throw invalid('code', `level-1 category ${parentCode} does not exist`);
      }
      const sort = await repo.nextCategorySort(trx, parentCode);
      const row = {
        code: input.code,
        parent_code: parentCode,
        name: input.name.trim(),
        name_en: input.nameEn.trim(),
        default_kind: input.defaultKind ?? null,
        department_kind: input.departmentKind ?? null,
        keywords: normaliseKeywords(input.keywords ?? ''),
        sort,
        updated_at: now,
      };
      await repo.insertCategories(trx, [row]);
      await appendAudit(trx, audit(actor, 'category.created', 'category', input.code, { ...row, updated_at: undefined }, ip, now));
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(input.code);
    throw error;
  }
  return presentCategory((await repo.findCategory(ctx.db, input.code)) as CategoryRow);
}

function duplicate(code: string): AppError {
  return new AppError('conflict', `category ${code} already exists`, { errors: [{ field: 'code', message: 'already exists' }] });
}

function normaliseKeywords(keywords: string): string {
  return keywords.split(/[\s,，、]+/).filter(Boolean).join(' ');
}

export async function updateCategory(ctx: AppContext, actor: Actor, code: string, input: CategoryPatchInput, ip: string | null): Promise<CategoryAdminDto> {
  const now = new Date().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const current = await repo.findCategory(trx, code);
    if (!current) throw notFound('category', code);
    const changes: Partial<Omit<CategoryRow, 'code'>> = {};
    if (input.name !== undefined) changes.name = input.name.trim();
    if (input.nameEn !== undefined) changes.name_en = input.nameEn.trim();
    if (input.defaultKind !== undefined) changes.default_kind = input.defaultKind;
    if (input.departmentKind !== undefined) changes.department_kind = input.departmentKind;
    if (input.keywords !== undefined) changes.keywords = normaliseKeywords(input.keywords);
    if (input.status !== undefined) changes.status = input.status;
    if (Object.keys(changes).length === 0) throw invalid('body', 'nothing to change');
    await repo.updateCategory(trx, code, { ...changes, updated_at: now });
    const before = Object.fromEntries(Object.keys(changes).map((k) => [k, current[k as keyof CategoryRow]]));
    await appendAudit(trx, audit(actor, input.status === 'retired' && current.status !== 'retired' ? 'category.retired' : 'category.updated', 'category', code, { before, after: changes }, ip, now));
  });
  return presentCategory((await repo.findCategory(ctx.db, code)) as CategoryRow);
}

export async function addRoutingRule(ctx: AppContext, actor: Actor, input: RoutingRuleInput, ip: string | null) {
  const now = new Date().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const category = await repo.findCategory(trx, input.categoryCode);
    if (!category) throw invalid('categoryCode', `category ${input.categoryCode} does not exist`);
    if (category.status !== 'active') throw invalid('categoryCode', `category ${input.categoryCode} is retired`);
    const id = await repo.insertRoutingRule(trx, { category_code: input.categoryCode, region_level: input.regionLevel, department_kind: input.departmentKind, sort: input.sort, updated_at: now });
    await appendAudit(trx, audit(actor, 'routing_rule.created', 'routing_rule', id, { ...input }, ip, now));
    return { id, ...input, updatedAt: now };
  });
}

export async function deleteRoutingRule(ctx: AppContext, actor: Actor, id: number, ip: string | null): Promise<void> {
  const now = new Date().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const rule = await repo.findRoutingRule(trx, id);
    if (!rule) throw notFound('routing rule', id);
    await repo.deleteRoutingRule(trx, id);
    await appendAudit(trx, audit(actor, 'routing_rule.deleted', 'routing_rule', id, { categoryCode: rule.category_code, regionLevel: rule.region_level, departmentKind: rule.department_kind, sort: rule.sort }, ip, now));
  });
}

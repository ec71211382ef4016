// All SQL of the category taxonomy and the routing rules.
import type { Db } from '../../db/database.js';

export async function findCategories(db: Db, includeRetired = false) {
  let q = db.selectFrom('categories').selectAll();
  if (!includeRetired) q = q.where('status', '=', 'active');
  return q.orderBy('sort').orderBy('code').execute();
}

export async function findCategory(db: Db, code: string) {
  return db.selectFrom('categories').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function countCategories(db: Db): Promise<number> {
  const row = await db.selectFrom('categories').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertCategories(
  db: Db,
  rows: Array<{ code: string; parent_code: string | null; name: string; name_en: string; default_kind: string | null; department_kind: string | null; keywords: string; sort: number; updated_at: string }>,
) {
  if (rows.length > 0) await db.insertInto('categories').values(rows).execute();
}

export async function findRoutingRules(db: Db) {
  return db.selectFrom('routing_rules').selectAll().orderBy('sort').orderBy('id').execute();
}

export async function insertRoutingRules(db: Db, rows: Array<{ category_code: string; region_level: number | null; department_kind: string; sort: number; updated_at: string }>) {
  if (rows.length > 0) await db.insertInto('routing_rules').values(rows).execute();
}

/** Active units of a department kind in any of the given regions (nearest region first is the caller's job). */
export async function findUnitsOfKind(db: Db, departmentKind: string, regionCodes: string[]) {
  if (regionCodes.length === 0) return [];
  return db
    .selectFrom('units')
    .select(['id', 'name', 'region_code', 'kind', 'department_kind'])
    .where('department_kind', '=', departmentKind)
    .where('status', '=', 'active')
    .where('region_code', 'in', regionCodes)
    .execute();
}

/** The sort after the last sibling (level-1 categories when parentCode is null). */
export async function nextCategorySort(db: Db, parentCode: string | null): Promise<number> {
  const q = db.selectFrom('categories').select((eb) => eb.fn.max('sort').as('m'));
  const row = await (parentCode === null ? q.where('parent_code', 'is', null) : q.where('parent_code', '=', parentCode)).executeTakeFirst();
  return row?.m == null ? 0 : Number(row.m) + 1;
}

export async function updateCategory(
  db: Db,
  code: string,
  changes: Partial<{ name: string; name_en: string; default_kind: string | null; department_kind: string | null; keywords: string; status: string; updated_at: string }>,
) {
  await db.updateTable('categories').set(changes).where('code', '=', code).execute();
}

export async function findRoutingRule(db: Db, id: number) {
  return db.selectFrom('routing_rules').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRoutingRule(db: Db, row: { category_code: string; region_level: number | null; department_kind: string; sort: number; updated_at: string }): Promise<number> {
  const inserted = await db.insertInto('routing_rules').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function deleteRoutingRule(db: Db, id: number) {
  await db.deleteFrom('routing_rules').where('id', '=', id).execute();
}

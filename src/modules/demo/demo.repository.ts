// Reads of the demo generator (Kysely): the regions, the organisation it builds on, what it needs
// to continue numbering. Its writes go through the bulk writer (demo-bulk.ts).
import type { Db } from '../../db/database.js';

export async function findSetting(db: Db, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function findRegionsOfProvince(db: Db, provinceCode: string) {
  return db
    .selectFrom('regions')
    .select(['code', 'name', 'level'])
    .where('code', '>=', provinceCode.padEnd(12, '0'))
    .where('code', '<=', provinceCode.padEnd(12, '9'))
    .orderBy('code')
    .execute();
}

export async function findCenters(db: Db) {
  return db.selectFrom('units').select(['id', 'region_code']).where('kind', '=', 'center').where('status', '=', 'active').orderBy('id').execute();
}

export async function findActiveUnits(db: Db) {
  return db.selectFrom('units').select(['id', 'kind', 'department_kind', 'name', 'region_code']).where('status', '=', 'active').orderBy('id').execute();
}

/** Every membership of an active account, with the username (what events record as the actor). */
export async function findStaff(db: Db) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'm.unit_id', 'm.role', 'u.username'])
    .where('u.status', '=', 'active')
    .orderBy('m.id')
    .execute();
}

export async function findGridsWithWorkers(db: Db) {
  return db
    .selectFrom('grids as g')
    .leftJoin('grid_assignments as a', (join) => join.onRef('a.grid_code', '=', 'g.code').on('a.ended_at', 'is', null))
    .select(['g.code', 'g.region_code', 'a.user_id'])
    .where('g.status', '=', 'active')
    .orderBy('g.code')
    .execute();
}

export async function findTrackingCounters(db: Db, fromDay: string, toDay: string) {
  return db.selectFrom('tracking_counters').selectAll().where('day', '>=', fromDay).where('day', '<=', toDay).execute();
}

export async function findCategoryLeaves(db: Db) {
  return db.selectFrom('categories').select(['code', 'default_kind']).where('parent_code', 'is not', null).where('status', '=', 'active').orderBy('code').execute();
}

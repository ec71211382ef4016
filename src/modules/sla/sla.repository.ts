// All SQL of deadlines: SLA policies, calendar days and the working hours setting.
import type { Db } from '../../db/database.js';

export async function findPolicies(db: Db) {
  return db.selectFrom('sla_policies').selectAll().orderBy('id').execute();
}

export async function findCalendarDays(db: Db) {
  return db.selectFrom('calendar_days').selectAll().orderBy('day').execute();
}

export async function findSetting(db: Db, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function upsertSetting(db: Db, key: string, value: string, now: string) {
  await db
    .insertInto('settings')
    .values({ key, value, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
    .execute();
}

export async function replaceCalendarYear(db: Db, year: number, days: Array<{ day: string; kind: string; note: string }>) {
  await db.deleteFrom('calendar_days').where('day', '>=', `${year}-01-01`).where('day', '<=', `${year}-12-31`).execute();
  if (days.length > 0) await db.insertInto('calendar_days').values(days).execute();
}

export async function countPolicies(db: Db): Promise<number> {
  const row = await db.selectFrom('sla_policies').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertPolicies(
  db: Db,
  rows: Array<{ category_code: string | null; priority: string; ack_minutes: number; resolve_minutes: number; wall_clock: number; updated_at: string }>,
) {
  if (rows.length > 0) await db.insertInto('sla_policies').values(rows).execute();
}

export async function upsertPolicy(
  db: Db,
  row: { category_code: string | null; priority: string; ack_minutes: number; resolve_minutes: number; wall_clock: number; updated_at: string },
) {
  let existing = db.selectFrom('sla_policies').select('id').where('priority', '=', row.priority);
  existing = row.category_code === null ? existing.where('category_code', 'is', null) : existing.where('category_code', '=', row.category_code);
  const found = await existing.executeTakeFirst();
  if (found) {
    await db.updateTable('sla_policies').set(row).where('id', '=', found.id).execute();
    return found.id;
  }
  const inserted = await db.insertInto('sla_policies').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

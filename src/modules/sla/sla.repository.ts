// All SQL of deadlines: SLA policies, calendar days, the working hours setting and the SLA sweep's
// search for cases near or past a deadline.
import type { Db } from '../../db/database.js';
import { systemActor } from '../auth/actor.js';
import { caseScope } from '../cases/cases.policy.js';
import { caseVisible } from '../cases/cases.repository.js';

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

export async function findCalendarYear(db: Db, year: number) {
  return db.selectFrom('calendar_days').selectAll().where('day', '>=', `${year}-01-01`).where('day', '<=', `${year}-12-31`).orderBy('day').execute();
}

export async function findPolicyById(db: Db, id: number) {
  return db.selectFrom('sla_policies').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function categoryExists(db: Db, code: string): Promise<boolean> {
  const row = await db.selectFrom('categories').select('code').where('code', '=', code).executeTakeFirst();
  return row !== undefined;
}

// ---- The SLA sweep's reads of cases (system scope: the sweep sees every case) ----

/** A case the sweep may have to act on, with the version it was seen at. */
export interface SweepCandidate {
  id: number;
  version: number;
}

export interface CandidateQuery {
  /** Deadlines up to here may have reached their reminder point. */
  horizon: string;
  now: string;
  afterId: number;
  limit: number;
}

/** Dispatched cases whose acknowledge deadline is near or past and not yet flagged overdue. */
export async function findAckCandidates(db: Db, q: CandidateQuery): Promise<SweepCandidate[]> {
  const scope = caseScope(systemActor('sla-sweep'));
  return db
    .selectFrom('cases')
    .select(['id', 'version'])
    .where('status', '=', 'dispatched')
    .where('ack_due_at', '<=', q.horizon)
    .where('overdue_ack', '=', 0)
    .where((eb) => eb.or([eb('reminded_ack', '=', 0), eb('ack_due_at', '<=', q.now)]))
    .where('id', '>', q.afterId)
    .where((eb) => caseVisible(eb, scope))
    .orderBy('id')
    .limit(q.limit)
    .execute();
}

/** Cases with a running resolve clock whose deadline is near or past and not yet flagged overdue. */
export async function findResolveCandidates(db: Db, q: CandidateQuery & { statuses: readonly string[] }): Promise<SweepCandidate[]> {
  const scope = caseScope(systemActor('sla-sweep'));
  return db
    .selectFrom('cases')
    .select(['id', 'version'])
    .where('status', 'in', [...q.statuses])
    .where('resolve_due_at', '<=', q.horizon)
    .where('overdue_resolve', '=', 0)
    .where((eb) => eb.or([eb('reminded_resolve', '=', 0), eb('resolve_due_at', '<=', q.now)]))
    .where('id', '>', q.afterId)
    .where((eb) => caseVisible(eb, scope))
    .orderBy('id')
    .limit(q.limit)
    .execute();
}

export async function findCaseForSweep(db: Db, id: number) {
  const scope = caseScope(systemActor('sla-sweep'));
  return db
    .selectFrom('cases')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => caseVisible(eb, scope))
    .executeTakeFirst();
}

// All SQL of deadlines: SLA policies, calendar days, the working hours setting and the SLA sweep's
// search for cases near or past a deadline.
import { type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { systemActor } from '../auth/actor.js';
import { caseScope } from '../cases/cases.policy.js';
import { caseVisible } from '../cases/cases.repository.js';
import { caseStatuses } from '../cases/workflow.js';

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

// The candidates' conditions repeat, as literal SQL, the predicates of the partial indexes
// cases_ack_watch_idx and cases_resolve_watch_idx (migration 20261128T0470-read-paths): SQLite
// uses a partial index only when the query's WHERE contains its terms (bound parameters do not
// count inside lists), PostgreSQL when it can prove them. The indexes hold only the cases a sweep
// can still act on, so each batch is a short range on the deadline and a sort of what it finds,
// instead of a walk of the primary key (which PostgreSQL chose at 1M cases: 0.9 s per batch).
const ACK_WATCHED = sql<SqlBool>`overdue_ack = 0 and status = 'dispatched'`;
const RESOLVE_WATCHED = sql<SqlBool>`overdue_resolve = 0 and status not in ('on_hold', 'resolved', 'closed', 'rejected', 'merged')`;
const RESOLVE_CLOCK_STOPPED: readonly string[] = ['on_hold', 'resolved', 'closed', 'rejected', 'merged'];

/** Dispatched cases whose acknowledge deadline is near or past and not yet flagged overdue. */
export async function findAckCandidates(db: Db, q: CandidateQuery): Promise<SweepCandidate[]> {
  const scope = caseScope(systemActor('sla-sweep'));
  return db
    .selectFrom('cases')
    .select(['id', 'version'])
    .where(ACK_WATCHED)
    .where('ack_due_at', '<=', q.horizon)
    .where((eb) => eb.or([eb('reminded_ack', '=', 0), eb('ack_due_at', '<=', q.now)]))
    .where('id', '>', q.afterId)
    .where((eb) => caseVisible(eb, scope))
    .orderBy('id')
    .limit(q.limit)
    .execute();
}

/**
 * Cases with a running resolve clock whose deadline is near or past and not yet flagged overdue.
 * `statuses` are among those whose resolve clock runs: cases on hold, resolved, closed, rejected or
 * merged are never found (the index holds none of them).
 */
export async function findResolveCandidates(db: Db, q: CandidateQuery & { statuses: readonly string[] }): Promise<SweepCandidate[]> {
  const scope = caseScope(systemActor('sla-sweep'));
  // The statuses left out rather than those wanted: an IN list would draw SQLite to the
  // (status, resolve_due_at) index, which also holds every open case already flagged overdue.
  const excluded = caseStatuses.filter((s) => !q.statuses.includes(s) && !RESOLVE_CLOCK_STOPPED.includes(s));
  return db
    .selectFrom('cases')
    .select(['id', 'version'])
    .where(RESOLVE_WATCHED)
    .where((eb) => (excluded.length > 0 ? eb('status', 'not in', excluded) : sql<SqlBool>`1 = 1`))
    .where('resolve_due_at', '<=', q.horizon)
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

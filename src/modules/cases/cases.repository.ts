// All SQL of cases: the projection, its events, units, parties, rollups, outbox, idempotency keys.
// Functions take `db | trx` first; the service owns the transaction.
import { type Expression, type ExpressionBuilder, type Insertable, type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { ROLLUP_MEASURES, type RollupMeasure } from '../../db/schema-cases.js';
import { inScope } from '../../plugins/scope.js';
import type { RollupDelta } from '../analytics/rollup-deltas.js';
import { ancestorCodes, levelOf } from '../regions/region-code.js';
import type { CaseProjection } from './case-reducer.js';
import type { CaseScope } from './cases.policy.js';

export type CaseRow = Awaited<ReturnType<typeof findCaseById>> & object;

type CasesEb = ExpressionBuilder<Database, 'cases'>;

/** One alternative of caseVisible: every case (admins), a region range, the scope's units, or named cases. */
export interface VisibilityArm {
  kind: 'all' | 'region' | 'units' | 'cases';
  where: (eb: CasesEb) => Expression<SqlBool>;
}

/**
 * The one visibility rule for cases, as its alternatives: a case is visible when any of them holds
 * (its region within the scope's ranges, one of the scope's units on it, or one of its own cases).
 * Lists run one query per alternative and merge them, so each can be an index range; an OR of
 * them leaves the planner only a walk of every case of a status. No alternative: nothing visible.
 * `unitsAs` chooses how unit membership reads: `exists` suits a lookup of known cases, `in` lets a
 * list start from the unit's rows in case_units.
 */
export function caseVisibilityArms(scope: CaseScope, unitsAs: 'exists' | 'in' = 'exists'): VisibilityArm[] {
  if (scope.all) return [{ kind: 'all', where: () => sql<SqlBool>`1 = 1` }];
  const arms: VisibilityArm[] = [];
  if (scope.regions.ranges.length > 0) {
    arms.push({ kind: 'region', where: (eb) => {
      const region = inScope(eb, 'cases.region_code', scope.regions);
      const crisis = inScope(eb, 'cases.region_code', scope.crisisRegions);
      return eb.and([region, eb.or([eb('cases.kind', '!=', 'crisis'), crisis])]);
    } });
  }
  if (scope.unitIds.length > 0) {
    const unitIds = scope.unitIds;
    arms.push({
      kind: 'units',
      where: (eb) =>
        unitsAs === 'in'
          ? eb('cases.id', 'in', eb.selectFrom('case_units as cu').select('cu.case_id').where('cu.unit_id', 'in', unitIds))
          : eb.exists(eb.selectFrom('case_units as cu').select('cu.id').whereRef('cu.case_id', '=', 'cases.id').where('cu.unit_id', 'in', unitIds)),
    });
  }
  const caseIds = scope.caseIds;
  if (caseIds && caseIds.length > 0) arms.push({ kind: 'cases', where: (eb) => eb('cases.id', 'in', [...caseIds]) });
  return arms;
}

/** The one visibility rule for cases; every read of cases goes through it (or its arms, above). */
export function caseVisible(eb: CasesEb, scope: CaseScope): Expression<SqlBool> {
  if (scope.all) return sql<SqlBool>`1 = 1`;
  const arms = caseVisibilityArms(scope);
  if (arms.length === 0) return sql<SqlBool>`1 = 0`;
  return eb.or(arms.map((arm) => arm.where(eb)));
}

export async function findCaseById(db: Db, id: number, scope: CaseScope) {
  return db
    .selectFrom('cases')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => caseVisible(eb, scope))
    .executeTakeFirst();
}

export async function findCaseByTrackingCode(db: Db, trackingCode: string) {
  return db.selectFrom('cases').selectAll().where('tracking_code', '=', trackingCode).executeTakeFirst();
}

/** Next tracking sequence number of a day; the counter row serialises concurrent intakes. */
export async function nextTrackingSeq(db: Db, day: string): Promise<number> {
  const row = await db
    .insertInto('tracking_counters')
    .values({ day, next_value: 2 })
    .onConflict((oc) => oc.column('day').doUpdateSet((eb) => ({ next_value: eb('tracking_counters.next_value', '+', 1) })))
    .returning('next_value')
    .executeTakeFirstOrThrow();
  return row.next_value - 1;
}


export async function insertCase(db: Db, row: Insertable<Database['cases']>) {
  const inserted = await db.insertInto('cases').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function insertParties(db: Db, rows: Array<Insertable<Database['case_parties']>>) {
  if (rows.length > 0) await db.insertInto('case_parties').values(rows).execute();
}

export async function findParties(db: Db, caseId: number) {
  return db.selectFrom('case_parties').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

export function projectionColumns(p: CaseProjection) {
  return {
    status: p.status,
    owner_unit_id: p.ownerUnitId,
    lead_unit_id: p.leadUnitId,
    hold_from_status: p.holdFromStatus,
    hold_started_at: p.holdStartedAt,
    ack_due_at: p.ackDueAt,
    resolve_due_at: p.resolveDueAt,
    wall_clock: p.wallClock ? 1 : 0,
    acknowledged_at: p.acknowledgedAt,
    resolved_at: p.resolvedAt,
    closed_at: p.closedAt,
    resolution_code: p.resolutionCode,
    satisfaction: p.satisfaction,
    followed_up_at: p.followedUpAt,
    overdue_ack: p.overdueAck ? 1 : 0,
    overdue_resolve: p.overdueResolve ? 1 : 0,
    reminded_ack: p.remindedAck ? 1 : 0,
    reminded_resolve: p.remindedResolve ? 1 : 0,
    escalation_count: p.escalationCount,
    reopen_count: p.reopenCount,
    merged_into_id: p.mergedIntoId,
  };
}

/** Writes the new projection if nobody changed the case since `version`; false on a stale version. */
export async function updateProjection(db: Db, id: number, version: number, p: CaseProjection, now: string): Promise<boolean> {
  const result = await db
    .updateTable('cases')
    .set({ ...projectionColumns(p), updated_at: now, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findUnitsOfCase(db: Db, caseId: number) {
  return db.selectFrom('case_units').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

/** Replaces the case's unit rows with the projection's list (a handful of rows per case). */
export async function syncCaseUnits(db: Db, caseId: number, units: CaseProjection['units']) {
  const existing = await findUnitsOfCase(db, caseId);
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    if (!u) continue;
    const row = existing[i];
    const values = { unit_id: u.unitId, role: u.role, status: u.status, dispatched_at: u.dispatchedAt, acknowledged_at: u.acknowledgedAt, ended_at: u.endedAt };
    if (!row) {
      await db.insertInto('case_units').values({ case_id: caseId, ...values }).execute();
    } else if (row.status !== u.status || row.acknowledged_at !== u.acknowledgedAt || row.ended_at !== u.endedAt || row.role !== u.role) {
      await db.updateTable('case_units').set(values).where('id', '=', row.id).execute();
    }
  }
}

export async function nextEventSeq(db: Db, caseId: number): Promise<number> {
  const row = await db.selectFrom('case_events').select((eb) => eb.fn.max('seq').as('seq')).where('case_id', '=', caseId).executeTakeFirst();
  return Number(row?.seq ?? 0) + 1;
}

export async function insertEvent(db: Db, row: Insertable<Database['case_events']>) {
  const inserted = await db.insertInto('case_events').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function findEvents(db: Db, caseId: number, onlyPublic = false) {
  let q = db.selectFrom('case_events').selectAll().where('case_id', '=', caseId);
  if (onlyPublic) q = q.where('is_public', '=', 1);
  return q.orderBy('seq').execute();
}

export interface RollupDims {
  regionCode: string;
  categoryCode: string;
  channel: string;
}

/**
 * Adds the deltas to the counters of every slice that reads them: for the province, city, county
 * and township of the case, the totals, per level-1 category and per channel. One statement.
 */
export async function bumpRollups(db: Db, dims: RollupDims, deltas: RollupDelta[]) {
  if (deltas.length === 0) return;
  const regions = [...ancestorCodes(dims.regionCode), dims.regionCode].filter((c) => levelOf(c) <= 3);
  const slices: Array<[string, string]> = [['*', '*'], [dims.categoryCode.slice(0, 2), '*'], ['*', dims.channel]];
  const used = [...new Set(deltas.flatMap((d) => Object.keys(d.measures)))] as RollupMeasure[];
  const rows = deltas.flatMap((d) =>
    regions.flatMap((regionCode) =>
      slices.map(([category, channel]) => {
        const measures = Object.fromEntries(used.map((m) => [m, d.measures[m] ?? 0]));
        return { region_code: regionCode, day: d.day, category_code: category, channel, region_level: levelOf(regionCode), ...measures };
      }),
    ),
  );
  // Two deltas on the same day would collide inside one INSERT … ON CONFLICT; merge them first.
  const merged = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    const key = `${row.region_code}|${row.day}|${row.category_code}|${row.channel}`;
    const seen = merged.get(key) as Record<string, unknown> | undefined;
    if (!seen) {
      merged.set(key, { ...row });
      continue;
    }
    for (const m of used) seen[m] = Number(seen[m] ?? 0) + Number((row as Record<string, unknown>)[m] ?? 0);
  }
  await db
    .insertInto('case_rollups')
    // In key order: concurrent writers then lock shared rows in the same order and cannot deadlock.
    .values([...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row))
    .onConflict((oc) =>
      oc.columns(['region_code', 'day', 'category_code', 'channel']).doUpdateSet((eb) =>
        Object.fromEntries(used.map((m) => [m, eb(sql.ref(`case_rollups.${m}`), '+', eb.ref(`excluded.${m}`))])),
      ),
    )
    .execute();
}

export async function insertOutbox(db: Db, row: { topic: string; caseId: number | null; regionCode: string | null; payload: Record<string, unknown>; at: string }) {
  await db
    .insertInto('outbox')
    .values({ topic: row.topic, case_id: row.caseId, region_code: row.regionCode, payload: JSON.stringify(row.payload), created_at: row.at })
    .execute();
}

export async function findIdempotencyKey(db: Db, key: string) {
  return db.selectFrom('idempotency_keys').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function insertIdempotencyKey(db: Db, row: { key: string; requestHash: string; statusCode: number; response: unknown; at: string }) {
  await db
    .insertInto('idempotency_keys')
    .values({ key: row.key, request_hash: row.requestHash, status_code: row.statusCode, response: JSON.stringify(row.response), created_at: row.at })
    .execute();
}

/** The centre of the nearest township (or county, …) above a region: who triages its cases. */
export async function findOwningCenter(db: Db, regionCode: string) {
  const candidates = ancestorCodes(regionCode).reverse();
  const rows = await db
    .selectFrom('units')
    .select(['id', 'name', 'region_code'])
    .where('kind', '=', 'center')
    .where('status', '=', 'active')
    .where('region_code', 'in', candidates.length > 0 ? candidates : [regionCode])
    .execute();
  for (const code of candidates) {
    const found = rows.find((r) => r.region_code === code);
    if (found) return found;
  }
  return undefined;
}

/** The centre one level above a centre's region (the escalation target). */
export async function findParentCenter(db: Db, centerRegionCode: string) {
  const parents = ancestorCodes(centerRegionCode).reverse();
  if (parents.length === 0) return undefined;
  const rows = await db.selectFrom('units').select(['id', 'name', 'region_code']).where('kind', '=', 'center').where('status', '=', 'active').where('region_code', 'in', parents).execute();
  for (const code of parents) {
    const found = rows.find((r) => r.region_code === code);
    if (found) return found;
  }
  return undefined;
}

export async function findUnit(db: Db, id: number) {
  return db.selectFrom('units').select(['id', 'name', 'kind', 'department_kind', 'region_code', 'status']).where('id', '=', id).executeTakeFirst();
}

export async function findUnitsByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('units').select(['id', 'name', 'kind', 'department_kind', 'region_code', 'status']).where('id', 'in', ids).execute();
}

export async function findRegion(db: Db, code: string) {
  return db.selectFrom('regions').select(['code', 'name', 'level']).where('code', '=', code).executeTakeFirst();
}

export async function findGrid(db: Db, code: string) {
  return db.selectFrom('grids').select(['code', 'region_code', 'status']).where('code', '=', code).executeTakeFirst();
}

export async function findPendingExtension(db: Db, caseId: number, extensionId: number) {
  return db.selectFrom('case_extensions').selectAll().where('case_id', '=', caseId).where('id', '=', extensionId).where('status', '=', 'pending').executeTakeFirst();
}

export async function hasPendingExtension(db: Db, caseId: number): Promise<boolean> {
  const row = await db.selectFrom('case_extensions').select('id').where('case_id', '=', caseId).where('status', '=', 'pending').executeTakeFirst();
  return row !== undefined;
}

export async function insertExtension(db: Db, row: { caseId: number; unitId: number; minutes: number; reason: string; at: string }) {
  const inserted = await db
    .insertInto('case_extensions')
    .values({ case_id: row.caseId, unit_id: row.unitId, minutes: row.minutes, reason: row.reason, status: 'pending', requested_at: row.at, decided_by: null, decided_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function decideExtension(db: Db, id: number, approve: boolean, userId: number | null, at: string) {
  await db.updateTable('case_extensions').set({ status: approve ? 'approved' : 'declined', decided_by: userId, decided_at: at }).where('id', '=', id).execute();
}

export async function findOpenSupervisions(db: Db, caseId: number) {
  return db.selectFrom('supervisions').selectAll().where('case_id', '=', caseId).where('status', '=', 'open').orderBy('id').execute();
}

export async function insertSupervision(
  db: Db,
  row: { caseId: number; kind: 'overdue' | 'listed'; reason: string; openedBy: string; supervisorUnitId: number | null; at: string; dueAt: string | null; reportEveryDays: number | null; regionCode: string },
) {
  const inserted = await db
    .insertInto('supervisions')
    .values({
      case_id: row.caseId,
      kind: row.kind,
      status: 'open',
      reason: row.reason,
      opened_by_label: row.openedBy,
      supervisor_unit_id: row.supervisorUnitId,
      opened_at: row.at,
      due_at: row.dueAt,
      report_every_days: row.reportEveryDays,
      closed_at: null,
      region_code: row.regionCode,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function closeSupervisions(db: Db, caseId: number, at: string) {
  await db.updateTable('supervisions').set({ status: 'closed', closed_at: at }).where('case_id', '=', caseId).where('status', '=', 'open').execute();
}

export async function insertSupervisionReport(db: Db, row: { supervisionId: number; author: string; at: string; text: string }) {
  await db.insertInto('supervision_reports').values({ supervision_id: row.supervisionId, author_label: row.author, at: row.at, text: row.text }).execute();
}

export async function findSupervisionReports(db: Db, supervisionIds: number[]) {
  if (supervisionIds.length === 0) return [];
  return db.selectFrom('supervision_reports').selectAll().where('supervision_id', 'in', supervisionIds).orderBy('id').execute();
}

export { ROLLUP_MEASURES };

/** The active centre of exactly this region (county or township), if it has one. */
export async function findCenterAt(db: Db, regionCode: string) {
  return db.selectFrom('units').select(['id', 'name', 'region_code']).where('kind', '=', 'center').where('status', '=', 'active').where('region_code', '=', regionCode).orderBy('id').executeTakeFirst();
}

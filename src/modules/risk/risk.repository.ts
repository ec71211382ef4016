// All SQL of the risk early warning: definitions, the case history the facts are built from,
// assessments, warnings and their decisions, conferences and actions, sweeps and the report.
// Reads of warnings join their case and apply caseVisible: a warning is visible exactly when its case is.
import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import type { CaseScope } from '../cases/cases.policy.js';
import { caseVisible } from '../cases/cases.repository.js';
import type { CodeRange } from '../regions/region-code.js';

// Definitions

export async function findDefinitions(db: Db, type: string) {
  return db.selectFrom('risk_definitions').selectAll().where('type', '=', type).orderBy('key').orderBy('version').execute();
}
export async function findDefinition(db: Db, type: string, key: string, version: number) {
  return db.selectFrom('risk_definitions').selectAll().where('type', '=', type).where('key', '=', key).where('version', '=', version).executeTakeFirst();
}
/** The newest active version of every key of a type (or of one key). */
export async function findActiveDefinitions(db: Db, type: string, key?: string) {
  let q = db.selectFrom('risk_definitions').selectAll().where('type', '=', type).where('status', '=', 'active');
  if (key !== undefined) q = q.where('key', '=', key);
  const rows = await q.orderBy('key').orderBy('version', 'desc').execute();
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.key) ? false : (seen.add(r.key), true)));
}
export async function maxDefinitionVersion(db: Db, type: string, key: string): Promise<number> {
  const row = await db.selectFrom('risk_definitions').select((eb) => eb.fn.max('version').as('v')).where('type', '=', type).where('key', '=', key).executeTakeFirst();
  return Number(row?.v ?? 0);
}
export async function insertDefinition(db: Db, row: Insertable<Database['risk_definitions']>) {
  return (await db.insertInto('risk_definitions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export async function retireDefinition(db: Db, id: number, label: string, at: string) {
  await db.updateTable('risk_definitions').set({ status: 'retired', retired_at: at, retired_by_label: label }).where('id', '=', id).execute();
}
export async function countDefinitions(db: Db, type: string): Promise<number> {
  const row = await db.selectFrom('risk_definitions').select((eb) => eb.fn.countAll().as('n')).where('type', '=', type).executeTakeFirst();
  return Number(row?.n ?? 0);
}

// History behind the facts (system-wide on purpose: a warning weighs all history; presenters scope what is shown)

export async function findCaseCore(db: Db, caseId: number) {
  return db.selectFrom('cases').select(['id', 'kind', 'priority', 'created_at', 'region_code', 'owner_unit_id', 'status']).where('id', '=', caseId).executeTakeFirst();
}

export async function findPartyHashes(db: Db, caseId: number) {
  return db.selectFrom('case_parties').select(['id', 'phone_hash', 'name_hash']).where('case_id', '=', caseId).execute();
}

/** Parties of other live cases since `since` whose phone or name blind index matches one given. */
export async function findMatchingParties(db: Db, q: { caseId: number; phoneHashes: string[]; nameHashes: string[]; since: string }) {
  if (q.phoneHashes.length === 0 && q.nameHashes.length === 0) return [];
  return db
    .selectFrom('case_parties as p')
    .innerJoin('cases as c', 'c.id', 'p.case_id')
    .select(['p.case_id', 'p.phone_hash', 'p.name_hash', 'c.kind', 'c.priority', 'c.created_at'])
    .where('p.case_id', '!=', q.caseId)
    .where('c.created_at', '>=', q.since)
    .where('c.status', 'not in', ['merged', 'rejected'])
    .where((eb) => {
      const parts = [];
      if (q.phoneHashes.length > 0) parts.push(eb('p.phone_hash', 'in', q.phoneHashes));
      if (q.nameHashes.length > 0) parts.push(eb('p.name_hash', 'in', q.nameHashes));
      return eb.or(parts);
    })
    .execute();
}

/** The tier of the newest warning of each case. */
export async function findLatestTiers(db: Db, caseIds: number[]): Promise<Map<number, string>> {
  if (caseIds.length === 0) return new Map();
  const rows = await db.selectFrom('risk_warnings').select(['case_id', 'tier', 'id']).where('case_id', 'in', caseIds).orderBy('id').execute();
  return new Map(rows.map((r) => [r.case_id, r.tier]));
}

// Assessments

export async function insertAssessment(db: Db, row: Insertable<Database['risk_assessments']>) {
  return (await db.insertInto('risk_assessments').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export async function findAssessments(db: Db, caseId: number) {
  return db.selectFrom('risk_assessments').selectAll().where('case_id', '=', caseId).orderBy('id', 'desc').execute();
}
export async function findLatestInstrumentAssessment(db: Db, caseId: number) {
  return db.selectFrom('risk_assessments').selectAll().where('case_id', '=', caseId).where('definition_id', 'is not', null).orderBy('id', 'desc').executeTakeFirst();
}

// Warnings

export type WarningRow = NonNullable<Awaited<ReturnType<typeof findOpenWarningOfCase>>>;

export async function findWarning(db: Db, id: number, scope: CaseScope) {
  return db
    .selectFrom('risk_warnings as w')
    .innerJoin('cases', 'cases.id', 'w.case_id')
    .selectAll('w')
    .select(['cases.tracking_code', 'cases.title as case_title', 'cases.owner_unit_id'])
    .where('w.id', '=', id)
    .where((eb) => caseVisible(eb, scope))
    .executeTakeFirst();
}

export async function findOpenWarningOfCase(db: Db, caseId: number) {
  return db.selectFrom('risk_warnings').selectAll().where('case_id', '=', caseId).where('status', '!=', 'closed').orderBy('id', 'desc').executeTakeFirst();
}

export async function findWarningsOfCase(db: Db, caseId: number) {
  return db.selectFrom('risk_warnings').selectAll().where('case_id', '=', caseId).orderBy('id', 'desc').execute();
}

export interface WarningFilter {
  status?: string;
  tier?: string;
  region?: CodeRange;
  overdueOnly?: boolean;
  beforeId?: number;
  limit: number;
}

export async function findWarnings(db: Db, scope: CaseScope, f: WarningFilter) {
  let q = db
    .selectFrom('risk_warnings as w')
    .innerJoin('cases', 'cases.id', 'w.case_id')
    .selectAll('w')
    .select(['cases.tracking_code', 'cases.title as case_title', 'cases.owner_unit_id'])
    .where((eb) => caseVisible(eb, scope));
  if (f.status) q = q.where('w.status', '=', f.status);
  else q = q.where('w.status', '!=', 'closed');
  if (f.tier) q = q.where('w.tier', '=', f.tier);
  if (f.region) q = q.where('w.region_code', '>=', f.region.from).where('w.region_code', '<=', f.region.to);
  if (f.overdueOnly) q = q.where('w.ack_overdue', '=', 1);
  if (f.beforeId !== undefined) q = q.where('w.id', '<', f.beforeId);
  return q.orderBy('w.id', 'desc').limit(f.limit).execute();
}

export async function insertWarning(db: Db, row: Insertable<Database['risk_warnings']>) {
  return (await db.insertInto('risk_warnings').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Updates a warning if it is still at `version`; false when someone changed it meanwhile. */
export async function updateWarning(db: Db, id: number, version: number, patch: Updateable<Database['risk_warnings']>): Promise<boolean> {
  const r = await db.updateTable('risk_warnings').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function replaceWarningRules(db: Db, warningId: number, rules: Array<{ key: string; version: number; caseIds: number[] }>) {
  await db.deleteFrom('risk_warning_rules').where('warning_id', '=', warningId).execute();
  if (rules.length === 0) return;
  await db
    .insertInto('risk_warning_rules')
    .values(rules.map((r) => ({ warning_id: warningId, rule_key: r.key, rule_version: r.version, case_ids: JSON.stringify(r.caseIds) })))
    .execute();
}

export async function insertLog(db: Db, row: Insertable<Database['risk_warning_log']>) {
  await db.insertInto('risk_warning_log').values(row).execute();
}
export async function findLog(db: Db, warningId: number) {
  return db.selectFrom('risk_warning_log').selectAll().where('warning_id', '=', warningId).orderBy('id').execute();
}

export async function findPendingLowering(db: Db, warningId: number) {
  return db.selectFrom('risk_lowerings').selectAll().where('warning_id', '=', warningId).where('status', '=', 'pending').executeTakeFirst();
}
export async function findLowerings(db: Db, warningId: number) {
  return db.selectFrom('risk_lowerings').selectAll().where('warning_id', '=', warningId).orderBy('id').execute();
}
export async function insertLowering(db: Db, row: Insertable<Database['risk_lowerings']>) {
  return (await db.insertInto('risk_lowerings').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export async function decideLowering(db: Db, id: number, patch: Updateable<Database['risk_lowerings']>) {
  await db.updateTable('risk_lowerings').set(patch).where('id', '=', id).where('status', '=', 'pending').execute();
}

// Conferences and actions

export async function insertConference(db: Db, row: Insertable<Database['risk_conferences']>) {
  return (await db.insertInto('risk_conferences').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export async function findConferences(db: Db, warningId: number) {
  return db.selectFrom('risk_conferences').selectAll().where('warning_id', '=', warningId).orderBy('id').execute();
}
export async function insertAction(db: Db, row: Insertable<Database['risk_actions']>) {
  return (await db.insertInto('risk_actions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export async function findActionsOfWarning(db: Db, warningId: number) {
  return db.selectFrom('risk_actions').selectAll().where('warning_id', '=', warningId).orderBy('id').execute();
}
export async function findAction(db: Db, id: number) {
  return db.selectFrom('risk_actions').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function updateAction(db: Db, id: number, patch: Updateable<Database['risk_actions']>) {
  await db.updateTable('risk_actions').set(patch).where('id', '=', id).execute();
}
export async function insertProgress(db: Db, row: Insertable<Database['risk_action_progress']>) {
  await db.insertInto('risk_action_progress').values(row).execute();
}
export async function findProgress(db: Db, actionIds: number[]) {
  if (actionIds.length === 0) return [];
  return db.selectFrom('risk_action_progress').selectAll().where('action_id', 'in', actionIds).orderBy('id').execute();
}

// Sweeps

export async function findAckOverdue(db: Db, now: string, limit: number) {
  return db
    .selectFrom('risk_warnings')
    .selectAll()
    .where('status', 'in', ['pending_review', 'review_due'])
    .where('ack_overdue', '=', 0)
    .where('ack_due_at', '<', now)
    .orderBy('id')
    .limit(limit)
    .execute();
}
export async function findLapsed(db: Db, now: string, limit: number) {
  return db.selectFrom('risk_warnings').selectAll().where('status', '=', 'active').where('review_at', '<', now).orderBy('id').limit(limit).execute();
}
export async function findOverdueActions(db: Db, now: string, limit: number) {
  return db.selectFrom('risk_actions').selectAll().where('status', '=', 'open').where('overdue', '=', 0).where('due_at', '<', now).orderBy('id').limit(limit).execute();
}
export async function markActionOverdue(db: Db, id: number, patch: { at: string; toUnitId: number | null }): Promise<boolean> {
  const r = await db
    .updateTable('risk_actions')
    .set({ overdue: 1, escalated_at: patch.at, escalated_to_unit_id: patch.toUnitId, updated_at: patch.at })
    .where('id', '=', id)
    .where('overdue', '=', 0)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
export async function findConferencesDueForReview(db: Db, now: string, limit: number) {
  return db
    .selectFrom('risk_conferences as c')
    .innerJoin('risk_warnings as w', 'w.id', 'c.warning_id')
    .select(['c.id', 'c.warning_id', 'c.case_id', 'c.region_code', 'c.next_review_at'])
    .where('c.review_reminded_at', 'is', null)
    .where('c.next_review_at', '<', now)
    .where('w.status', '!=', 'closed')
    .orderBy('c.id')
    .limit(limit)
    .execute();
}
export async function markConferenceReminded(db: Db, id: number, at: string): Promise<boolean> {
  const r = await db.updateTable('risk_conferences').set({ review_reminded_at: at }).where('id', '=', id).where('review_reminded_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// Report: counts grouped in SQL over the warnings the scope sees

export async function countByTier(db: Db, scope: CaseScope, q: { from: string; to: string; region?: CodeRange }) {
  let query = db
    .selectFrom('risk_warnings as w')
    .innerJoin('cases', 'cases.id', 'w.case_id')
    .select(['w.initial_tier as tier', 'w.decision', 'w.overridden', 'w.outcome', (eb) => eb.fn.countAll().as('n')])
    .where((eb) => caseVisible(eb, scope))
    .where('w.raised_at', '>=', q.from)
    .where('w.raised_at', '<', q.to);
  if (q.region) query = query.where('w.region_code', '>=', q.region.from).where('w.region_code', '<=', q.region.to);
  return query.groupBy(['w.initial_tier', 'w.decision', 'w.overridden', 'w.outcome']).execute();
}

export async function countByRule(db: Db, scope: CaseScope, q: { from: string; to: string; region?: CodeRange }) {
  let query = db
    .selectFrom('risk_warning_rules as r')
    .innerJoin('risk_warnings as w', 'w.id', 'r.warning_id')
    .innerJoin('cases', 'cases.id', 'w.case_id')
    .select(['r.rule_key as rule', 'w.decision', 'w.overridden', 'w.outcome', (eb) => eb.fn.countAll().as('n')])
    .where((eb) => caseVisible(eb, scope))
    .where('w.raised_at', '>=', q.from)
    .where('w.raised_at', '<', q.to);
  if (q.region) query = query.where('w.region_code', '>=', q.region.from).where('w.region_code', '<=', q.region.to);
  return query.groupBy(['r.rule_key', 'w.decision', 'w.overridden', 'w.outcome']).execute();
}

/** Open warnings by tier with their overdue acknowledgements (dashboard). */
export async function countOpenByTier(db: Db, scope: CaseScope, region?: CodeRange) {
  let query = db
    .selectFrom('risk_warnings as w')
    .innerJoin('cases', 'cases.id', 'w.case_id')
    .select(['w.tier', (eb) => eb.fn.countAll().as('open'), (eb) => eb.fn.sum<number>('w.ack_overdue').as('overdue_acks')])
    .where((eb) => caseVisible(eb, scope))
    .where('w.status', '!=', 'closed');
  if (region) query = query.where('w.region_code', '>=', region.from).where('w.region_code', '<=', region.to);
  return query.groupBy('w.tier').execute();
}

/** Overdue open conference actions by the tier of their warning (dashboard). */
export async function countOverdueActionsByTier(db: Db, scope: CaseScope, region?: CodeRange) {
  let query = db
    .selectFrom('risk_actions as a')
    .innerJoin('risk_warnings as w', 'w.id', 'a.warning_id')
    .innerJoin('cases', 'cases.id', 'w.case_id')
    .select(['w.tier', (eb) => eb.fn.countAll().as('n')])
    .where((eb) => caseVisible(eb, scope))
    .where('a.status', '=', 'open')
    .where('a.overdue', '=', 1);
  if (region) query = query.where('w.region_code', '>=', region.from).where('w.region_code', '<=', region.to);
  return query.groupBy('w.tier').execute();
}

// All SQL of mediation. Reads of mediations join their case and apply caseVisible: a mediation is
// visible exactly when its case is. Functions take `db | trx` first; the service owns transactions.
import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import type { CaseScope } from '../cases/cases.policy.js';
import { caseVisible } from '../cases/cases.repository.js';

export type MediationRow = NonNullable<Awaited<ReturnType<typeof findMediation>>>;

export async function findMediation(db: Db, id: number, scope: CaseScope) {
  return db
    .selectFrom('mediations as m')
    .innerJoin('cases', 'cases.id', 'm.case_id')
    .selectAll('m')
    .select(['cases.kind as case_kind', 'cases.tracking_code', 'cases.owner_unit_id as case_owner_unit_id', 'cases.title as case_title'])
    .where('m.id', '=', id)
    .where((eb) => caseVisible(eb, scope))
    .executeTakeFirst();
}

export interface MediationFilter {
  status?: string;
  committeeUnitId?: number;
  caseId?: number;
  overdue?: boolean;
  beforeId?: number;
  limit: number;
}

export async function findMediations(db: Db, scope: CaseScope, f: MediationFilter) {
  let q = db
    .selectFrom('mediations as m')
    .innerJoin('cases', 'cases.id', 'm.case_id')
    .innerJoin('units as u', 'u.id', 'm.committee_unit_id')
    .selectAll('m')
    .select(['cases.tracking_code', 'cases.title as case_title', 'u.name as committee_name'])
    .where((eb) => caseVisible(eb, scope));
  if (f.status) q = q.where('m.status', '=', f.status);
  if (f.committeeUnitId !== undefined) q = q.where('m.committee_unit_id', '=', f.committeeUnitId);
  if (f.caseId !== undefined) q = q.where('m.case_id', '=', f.caseId);
  if (f.overdue !== undefined) q = q.where('m.overdue', '=', f.overdue ? 1 : 0);
  if (f.beforeId !== undefined) q = q.where('m.id', '<', f.beforeId);
  return q.orderBy('m.id', 'desc').limit(f.limit).execute();
}

export async function findOpenMediationOfCase(db: Db, caseId: number) {
  return db.selectFrom('mediations').selectAll().where('case_id', '=', caseId).where('status', 'in', ['in_progress', 'agreed']).executeTakeFirst();
}

export async function insertMediation(db: Db, row: Insertable<Database['mediations']>) {
  return (await db.insertInto('mediations').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Updates a mediation if it is still at `version`; false when someone changed it meanwhile. */
export async function updateMediation(db: Db, id: number, version: number, patch: Updateable<Database['mediations']>): Promise<boolean> {
  const result = await db
    .updateTable('mediations')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findCommittee(db: Db, unitId: number) {
  return db.selectFrom('units').select(['id', 'name', 'kind', 'region_code', 'status']).where('id', '=', unitId).executeTakeFirst();
}

export async function findCaseUnitIds(db: Db, caseId: number): Promise<number[]> {
  const rows = await db.selectFrom('case_units').select('unit_id').where('case_id', '=', caseId).where('ended_at', 'is', null).execute();
  return rows.map((r) => r.unit_id);
}

export async function findCaseParties(db: Db, caseId: number) {
  return db.selectFrom('case_parties').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

export async function findUserInUnit(db: Db, userId: number, unitId: number) {
  return db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .select(['users.id', 'users.display_name', 'users.username', 'memberships.role'])
    .where('users.id', '=', userId)
    .where('memberships.unit_id', '=', unitId)
    .where('users.status', '=', 'active')
    .executeTakeFirst();
}

// Mediators, screenings, invitees, sessions

export async function insertMediator(db: Db, row: Insertable<Database['mediation_mediators']>) {
  await db.insertInto('mediation_mediators').values(row).execute();
}
export async function findMediators(db: Db, mediationId: number) {
  return db.selectFrom('mediation_mediators').selectAll().where('mediation_id', '=', mediationId).orderBy('id').execute();
}
export async function insertScreening(db: Db, row: Insertable<Database['mediation_screenings']>) {
  return (await db.insertInto('mediation_screenings').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export async function findScreenings(db: Db, mediationId: number) {
  return db.selectFrom('mediation_screenings').selectAll().where('mediation_id', '=', mediationId).orderBy('id').execute();
}
export async function insertInvitee(db: Db, row: Insertable<Database['mediation_invitees']>) {
  return (await db.insertInto('mediation_invitees').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export async function findInvitees(db: Db, mediationId: number) {
  return db.selectFrom('mediation_invitees').selectAll().where('mediation_id', '=', mediationId).orderBy('id').execute();
}
export async function updateInviteeConsents(db: Db, id: number, consents: string) {
  await db.updateTable('mediation_invitees').set({ consents }).where('id', '=', id).execute();
}
export async function insertSession(db: Db, row: Insertable<Database['mediation_sessions']>) {
  return (await db.insertInto('mediation_sessions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export async function findSessions(db: Db, mediationId: number) {
  return db.selectFrom('mediation_sessions').selectAll().where('mediation_id', '=', mediationId).orderBy('held_at').orderBy('id').execute();
}

// Agreements and terms

export async function findCurrentAgreement(db: Db, mediationId: number) {
  return db.selectFrom('mediation_agreements').selectAll().where('mediation_id', '=', mediationId).where('status', '!=', 'superseded').orderBy('id', 'desc').executeTakeFirst();
}
export async function findAgreements(db: Db, mediationId: number) {
  return db.selectFrom('mediation_agreements').selectAll().where('mediation_id', '=', mediationId).orderBy('id').execute();
}
export async function insertAgreement(db: Db, row: Insertable<Database['mediation_agreements']>) {
  return (await db.insertInto('mediation_agreements').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export async function updateAgreement(db: Db, id: number, patch: Updateable<Database['mediation_agreements']>) {
  await db.updateTable('mediation_agreements').set(patch).where('id', '=', id).execute();
}
export async function insertTerms(db: Db, rows: Array<Insertable<Database['mediation_terms']>>) {
  if (rows.length > 0) await db.insertInto('mediation_terms').values(rows).execute();
}
export async function findTerms(db: Db, agreementIds: number[]) {
  if (agreementIds.length === 0) return [];
  return db.selectFrom('mediation_terms').selectAll().where('agreement_id', 'in', agreementIds).orderBy('agreement_id').orderBy('seq').execute();
}
export async function updateTerm(db: Db, id: number, patch: Updateable<Database['mediation_terms']>) {
  await db.updateTable('mediation_terms').set(patch).where('id', '=', id).execute();
}

/** Breached agreements (or new tension after them) on any of these cases: a fact for the risk rules. */
export async function findBreachesForCases(db: Db, caseIds: number[]) {
  if (caseIds.length === 0) return [];
  return db
    .selectFrom('mediation_agreements')
    .select(['id', 'case_id', 'breached_at'])
    .where('case_id', 'in', caseIds)
    .where('breached_at', 'is not', null)
    .execute();
}

// Judicial confirmation

export async function findConfirmation(db: Db, agreementId: number) {
  return db.selectFrom('mediation_confirmations').selectAll().where('agreement_id', '=', agreementId).executeTakeFirst();
}
export async function insertConfirmation(db: Db, row: Insertable<Database['mediation_confirmations']>) {
  return (await db.insertInto('mediation_confirmations').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export async function updateConfirmation(db: Db, id: number, patch: Updateable<Database['mediation_confirmations']>) {
  await db.updateTable('mediation_confirmations').set(patch).where('id', '=', id).execute();
}

// Follow-ups

export async function insertFollowup(db: Db, row: Insertable<Database['mediation_followups']>) {
  return (await db.insertInto('mediation_followups').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export async function findFollowups(db: Db, mediationId: number) {
  return db.selectFrom('mediation_followups').selectAll().where('mediation_id', '=', mediationId).orderBy('id').execute();
}
export async function findPendingFollowup(db: Db, mediationId: number) {
  return db.selectFrom('mediation_followups').selectAll().where('mediation_id', '=', mediationId).where('done_at', 'is', null).orderBy('due_at').executeTakeFirst();
}
export async function updateFollowup(db: Db, id: number, patch: Updateable<Database['mediation_followups']>) {
  await db.updateTable('mediation_followups').set(patch).where('id', '=', id).execute();
}
export async function cancelPendingFollowups(db: Db, mediationId: number, at: string) {
  await db.updateTable('mediation_followups').set({ done_at: at, finding: 'cancelled' }).where('mediation_id', '=', mediationId).where('done_at', 'is', null).execute();
}

// Sweep

/** Mediations in progress whose deadline is near (reminder) or past (overdue), keyset by id. */
export async function findDueMediations(db: Db, q: { horizon: string; afterId: number; limit: number }) {
  return db
    .selectFrom('mediations')
    .selectAll()
    .where('status', '=', 'in_progress')
    .where('due_at', '<=', q.horizon)
    .where('overdue', '=', 0)
    .where('id', '>', q.afterId)
    .orderBy('id')
    .limit(q.limit)
    .execute();
}

/** Effective agreements without a court application whose 30-day window closes before `horizon`. */
export async function findClosingWindows(db: Db, q: { horizon: string; now: string; limit: number }) {
  return db
    .selectFrom('mediation_agreements as a')
    .innerJoin('mediations as m', 'm.id', 'a.mediation_id')
    .select(['a.id', 'a.mediation_id', 'a.case_id', 'a.confirm_window_ends_at', 'm.region_code', 'm.committee_unit_id'])
    .where('a.effective_at', 'is not', null)
    .where('a.window_warned_at', 'is', null)
    .where('a.confirm_window_ends_at', '<=', q.horizon)
    .where('a.confirm_window_ends_at', '>', q.now)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('mediation_confirmations as c').select('c.id').whereRef('c.agreement_id', '=', 'a.id'))))
    .orderBy('a.id')
    .limit(q.limit)
    .execute();
}

export async function markWindowWarned(db: Db, agreementId: number, at: string): Promise<boolean> {
  const r = await db.updateTable('mediation_agreements').set({ window_warned_at: at }).where('id', '=', agreementId).where('window_warned_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Court steps past their statutory time (acceptance 3 days, ruling 15 + 10 days), not yet reminded. */
export async function findLateConfirmations(db: Db, q: { now: string; limit: number }) {
  return db
    .selectFrom('mediation_confirmations as c')
    .innerJoin('mediations as m', 'm.id', 'c.mediation_id')
    .select(['c.id', 'c.status', 'c.accept_due_at', 'c.ruling_due_at', 'c.mediation_id', 'm.case_id', 'm.region_code', 'm.committee_unit_id'])
    .where('c.reminded_at', 'is', null)
    .where((eb) => eb.or([eb.and([eb('c.status', '=', 'applied'), eb('c.accept_due_at', '<', q.now)]), eb.and([eb('c.status', '=', 'accepted'), eb('c.ruling_due_at', '<', q.now)])]))
    .orderBy('c.id')
    .limit(q.limit)
    .execute();
}

export async function markConfirmationReminded(db: Db, id: number, at: string): Promise<boolean> {
  const r = await db.updateTable('mediation_confirmations').set({ reminded_at: at }).where('id', '=', id).where('reminded_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findDueFollowups(db: Db, q: { now: string; limit: number }) {
  return db
    .selectFrom('mediation_followups as f')
    .innerJoin('mediations as m', 'm.id', 'f.mediation_id')
    .select(['f.id', 'f.mediation_id', 'f.due_at', 'm.case_id', 'm.region_code', 'm.committee_unit_id'])
    .where('f.done_at', 'is', null)
    .where('f.reminded_at', 'is', null)
    .where('f.due_at', '<=', q.now)
    .where('m.status', '=', 'agreed')
    .orderBy('f.id')
    .limit(q.limit)
    .execute();
}

export async function markFollowupReminded(db: Db, id: number, at: string): Promise<boolean> {
  const r = await db.updateTable('mediation_followups').set({ reminded_at: at }).where('id', '=', id).where('reminded_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function markMediationFlag(db: Db, id: number, flag: 'reminded' | 'overdue', at: string): Promise<boolean> {
  const set = flag === 'reminded' ? { reminded: 1, updated_at: at } : { overdue: 1, updated_at: at };
  const r = await db.updateTable('mediations').set(set).where('id', '=', id).where(flag, '=', 0).where('status', '=', 'in_progress').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

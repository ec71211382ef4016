// All SQL of the resident portal: staged photo uploads, one-time codes, resident sessions and the
// public reads of cases. A resident is not a staff member with a region scope: their reads are
// found by a proof instead (a tracking code with the phone's last digits, or the blind index of a
// phone signed in with a one-time code), and what they return goes through the whitelist in
// portal.presenter.ts. They never select reporter or party columns except the encrypted phone that
// checks the proof, and never return crisis cases.
import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';

// ---- uploads ------------------------------------------------------------------------------------

export async function insertUpload(db: Db, row: Insertable<Database['portal_uploads']>): Promise<number> {
  const inserted = await db.insertInto('portal_uploads').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

/** Unclaimed, unexpired uploads by the hashes of their tokens. */
export async function findClaimableUploads(db: Db, tokenHashes: string[], now: string) {
  if (tokenHashes.length === 0) return [];
  return db
    .selectFrom('portal_uploads')
    .selectAll()
    .where('token_hash', 'in', tokenHashes)
    .where('case_id', 'is', null)
    .where('expires_at', '>', now)
    .execute();
}

/** Gives the uploads to a case; the count claimed (fewer than asked: another report took one). */
export async function claimUploads(db: Db, ids: number[], caseId: number, at: string): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db.updateTable('portal_uploads').set({ case_id: caseId, claimed_at: at }).where('id', 'in', ids).where('case_id', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findExpiredUploads(db: Db, now: string, limit: number) {
  return db.selectFrom('portal_uploads').select(['id', 'sha256']).where('case_id', 'is', null).where('expires_at', '<=', now).orderBy('id').limit(limit).execute();
}

export async function deleteUploads(db: Db, ids: number[]): Promise<void> {
  if (ids.length > 0) await db.deleteFrom('portal_uploads').where('id', 'in', ids).execute();
}

/** Whether any attachment or other staged upload still needs these bytes. */
export async function isShaInUse(db: Db, sha256: string): Promise<boolean> {
  const attachment = await db.selectFrom('attachments').select('id').where('sha256', '=', sha256).limit(1).executeTakeFirst();
  if (attachment) return true;
  const upload = await db.selectFrom('portal_uploads').select('id').where('sha256', '=', sha256).limit(1).executeTakeFirst();
  return upload !== undefined;
}

// ---- one-time codes and sessions ----------------------------------------------------------------

export async function insertOtp(db: Db, row: { phoneHash: string; codeHash: string; at: string; expiresAt: string }): Promise<void> {
  await db.insertInto('resident_otps').values({ phone_hash: row.phoneHash, code_hash: row.codeHash, created_at: row.at, expires_at: row.expiresAt, consumed_at: null }).execute();
}

/** The newest code of a phone that is unused and unexpired; older ones are dead once a new one is sent. */
export async function findLatestOtp(db: Db, phoneHash: string, now: string) {
  const latest = await db.selectFrom('resident_otps').selectAll().where('phone_hash', '=', phoneHash).orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!latest || latest.consumed_at !== null || latest.expires_at <= now) return undefined;
  return latest;
}

/** Counts a wrong try, unless the code is already used up. */
export async function countOtpAttempt(db: Db, id: number, maxAttempts: number): Promise<void> {
  await db.updateTable('resident_otps').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id', '=', id).where('attempts', '<', maxAttempts).execute();
}

/** Marks the code used; false when a concurrent request used it first or it ran out of tries. */
export async function consumeOtp(db: Db, id: number, maxAttempts: number, at: string): Promise<boolean> {
  const result = await db.updateTable('resident_otps').set({ consumed_at: at }).where('id', '=', id).where('consumed_at', 'is', null).where('attempts', '<', maxAttempts).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteOldOtps(db: Db, before: string): Promise<number> {
  const result = await db.deleteFrom('resident_otps').where('expires_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertResidentSession(db: Db, row: Insertable<Database['resident_sessions']>): Promise<void> {
  await db.insertInto('resident_sessions').values(row).execute();
}

export async function findResidentSession(db: Db, id: string, now: string) {
  return db.selectFrom('resident_sessions').selectAll().where('id', '=', id).where('expires_at', '>', now).executeTakeFirst();
}

export async function deleteResidentSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('resident_sessions').where('id', '=', id).execute();
}

export async function deleteExpiredResidentSessions(db: Db, now: string): Promise<number> {
  const result = await db.deleteFrom('resident_sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

// ---- public reads of cases ----------------------------------------------------------------------

const PUBLIC_CASE_COLUMNS = [
  'cases.id',
  'cases.tracking_code',
  'cases.kind',
  'cases.channel',
  'cases.category_code',
  'cases.status',
  'cases.title',
  'cases.region_code',
  'cases.reporter_phone_enc',
  'cases.reporter_phone_hash',
  'cases.owner_unit_id',
  'cases.lead_unit_id',
  'cases.resolve_due_at',
  'cases.resolved_at',
  'cases.closed_at',
  'cases.resolution_code',
  'cases.satisfaction',
  'cases.followed_up_at',
  'cases.created_at',
  'cases.updated_at',
  'cases.version',
] as const;

/** A case by tracking code for the portal (never a crisis case: those are not on the portal). */
export async function findPublicCase(db: Db, trackingCode: string) {
  return db.selectFrom('cases').select(PUBLIC_CASE_COLUMNS).where('tracking_code', '=', trackingCode).where('kind', '!=', 'crisis').executeTakeFirst();
}

export async function findPublicCaseById(db: Db, id: number) {
  return db.selectFrom('cases').select(PUBLIC_CASE_COLUMNS).where('id', '=', id).where('kind', '!=', 'crisis').executeTakeFirst();
}

export type PublicCaseRow = NonNullable<Awaited<ReturnType<typeof findPublicCase>>>;

/** The cases a phone reported (by its blind index), newest first. */
export async function findCasesByPhoneHash(db: Db, phoneHash: string, limit: number) {
  return db
    .selectFrom('cases')
    .leftJoin('categories as cat', 'cat.code', 'cases.category_code')
    .select([...PUBLIC_CASE_COLUMNS, 'cat.name as category_name', 'cat.name_en as category_name_en'])
    .where('cases.reporter_phone_hash', '=', phoneHash)
    .where('cases.kind', '!=', 'crisis')
    .orderBy('cases.created_at', 'desc')
    .orderBy('cases.id', 'desc')
    .limit(limit)
    .execute();
}

/** The events shown to residents (is_public = 1), in order. */
export async function findPublicEvents(db: Db, caseId: number) {
  return db.selectFrom('case_events').select(['seq', 'action', 'to_status', 'unit_id', 'at', 'payload']).where('case_id', '=', caseId).where('is_public', '=', 1).orderBy('seq').execute();
}

export async function findUnitNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('units').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function findCategoryNames(db: Db, code: string) {
  return db.selectFrom('categories').select(['name', 'name_en']).where('code', '=', code).executeTakeFirst();
}

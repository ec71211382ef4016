// All SQL of sessions, API tokens and the role grants that make up an Actor.
import type { Db } from '../../db/database.js';
import type { Role, RoleGrant } from './actor.js';

export async function findGrants(db: Db, userId: number): Promise<RoleGrant[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['m.role', 'm.unit_id', 'u.kind', 'u.name', 'u.region_code'])
    .where('m.user_id', '=', userId)
    .where('u.status', '=', 'active')
    .orderBy('m.id')
    .execute();
  return rows.map((r) => ({ role: r.role as Role, unitId: r.unit_id, unitKind: r.kind, unitName: r.name, regionCode: r.region_code }));
}

export async function findSession(db: Db, sessionHash: string, now: string) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id', 's.user_id', 's.csrf_token', 's.expires_at', 's.last_seen_at', 'u.username', 'u.status'])
    .where('s.id', '=', sessionHash)
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
}

export async function insertSession(db: Db, row: { id: string; userId: number; csrfToken: string; now: string; expiresAt: string }) {
  await db
    .insertInto('sessions')
    .values({ id: row.id, user_id: row.userId, csrf_token: row.csrfToken, created_at: row.now, expires_at: row.expiresAt, last_seen_at: row.now })
    .execute();
}

export async function touchSession(db: Db, id: string, now: string, expiresAt: string) {
  await db.updateTable('sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string) {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: number, exceptId?: string) {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId) q = q.where('id', '!=', exceptId);
  await q.execute();
}

export async function findActiveToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.created_by')
    .select(['t.id', 't.name', 't.unit_id', 't.created_by', 't.last_used_at', 'u.status as creator_status'])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function insertToken(db: Db, row: { name: string; tokenHash: string; prefix: string; unitId: number | null; createdBy: number; now: string }) {
  const inserted = await db
    .insertInto('api_tokens')
    .values({ name: row.name, token_hash: row.tokenHash, prefix: row.prefix, unit_id: row.unitId, created_by: row.createdBy, created_at: row.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function findTokens(db: Db, createdBy: number | undefined) {
  let q = db.selectFrom('api_tokens').select(['id', 'name', 'prefix', 'unit_id', 'created_by', 'created_at', 'last_used_at', 'revoked_at']);
  if (createdBy !== undefined) q = q.where('created_by', '=', createdBy);
  return q.orderBy('id', 'desc').execute();
}

export async function revokeToken(db: Db, id: number, now: string) {
  const result = await db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function markTokenUsed(db: Db, id: number, now: string) {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

/** Grants of a token: those of its unit (as a department handler would act), or none. */
export async function findTokenUnit(db: Db, unitId: number) {
  return db.selectFrom('units').select(['id', 'kind', 'name', 'region_code']).where('id', '=', unitId).where('status', '=', 'active').executeTakeFirst();
}

// ---- sign-in: the account row, failure counting and lockout ----

export async function findLoginUser(db: Db, username: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'password_hash', 'status', 'failed_logins', 'locked_until'])
    .where('username', '=', username)
    .executeTakeFirst();
}

export async function findUserProfile(db: Db, id: number) {
  return db.selectFrom('users').select(['id', 'username', 'display_name', 'password_hash', 'status']).where('id', '=', id).executeTakeFirst();
}

/** Counts one more consecutive failure atomically and returns the new count. */
export async function incrementFailedLogins(db: Db, userId: number, now: string): Promise<number> {
  const row = await db
    .updateTable('users')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1), updated_at: now }))
    .where('id', '=', userId)
    .returning('failed_logins')
    .executeTakeFirstOrThrow();
  return row.failed_logins;
}

export async function setLockedUntil(db: Db, userId: number, lockedUntil: string) {
  await db.updateTable('users').set({ locked_until: lockedUntil }).where('id', '=', userId).execute();
}

export async function clearLoginFailures(db: Db, userId: number) {
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).where('failed_logins', '>', 0).execute();
}

/** A new password hash; also unlocks the account. */
export async function setPasswordHash(db: Db, userId: number, passwordHash: string, now: string) {
  await db
    .updateTable('users')
    .set((eb) => ({ password_hash: passwordHash, failed_logins: 0, locked_until: null, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', userId)
    .execute();
}

export async function findToken(db: Db, id: number) {
  return db.selectFrom('api_tokens').select(['id', 'name', 'unit_id', 'created_by', 'revoked_at']).where('id', '=', id).executeTakeFirst();
}

/** Replaces a hash made with older parameters; not a password change (no version bump). */
export async function replacePasswordHash(db: Db, userId: number, passwordHash: string) {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

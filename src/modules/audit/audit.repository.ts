// The audit log: append-only, each row hash-chained to the one before it, so that an edited or
// deleted row breaks the chain (`pingan audit verify`).
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { type Db, dialectOf } from '../../db/database.js';
import type { AuditLogTable } from '../../db/schema.js';
import { inScope } from '../../plugins/scope.js';
import type { Scope } from '../auth/actor.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  actorUserId: number | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId?: string | number | null;
  regionCode?: string | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
  at?: string;
}

type AuditRow = Omit<AuditLogTable, 'id'> & { id: number };

/** The canonical text hashed for a row: every column but the hash itself, in a fixed order. */
export function auditRowHash(row: Omit<AuditRow, 'hash' | 'id'>): string {
  const canonical = JSON.stringify([
    row.prev_hash,
    row.at,
    row.actor_user_id,
    row.actor_label,
    row.action,
    row.entity_type,
    row.entity_id,
    row.region_code,
    row.detail,
    row.ip,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Appends one row inside the caller's transaction. On PostgreSQL an advisory transaction lock
 * serialises appenders so the chain never forks; SQLite has one writer already.
 */
export async function appendAudit(trx: Db, entry: AuditEntry): Promise<void> {
  if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(7263001)`.execute(trx);
  const last = await trx.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const row = {
    at: entry.at ?? new Date().toISOString(),
    actor_user_id: entry.actorUserId,
    actor_label: entry.actorLabel,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId == null ? null : String(entry.entityId),
    region_code: entry.regionCode ?? null,
    detail: JSON.stringify(entry.detail ?? {}),
    ip: entry.ip ?? null,
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  await trx.insertInto('audit_log').values({ ...row, hash: auditRowHash(row) }).execute();
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  /** The first row whose stored hash or link is wrong (an edit, a deletion or an insertion). */
  brokenAt?: { id: number; reason: string };
}

/** Walks the whole chain in id order, in pages, recomputing every hash. */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<AuditVerifyResult> {
  let prevHash = GENESIS_HASH;
  let prevId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', prevId).orderBy('id').limit(pageSize).execute();
    if (rows.length === 0) return { ok: true, checked };
    for (const row of rows) {
      if (row.prev_hash !== prevHash) return { ok: false, checked, brokenAt: { id: row.id, reason: 'link to the previous row does not match (a row was deleted or inserted)' } };
      if (auditRowHash(row) !== row.hash) return { ok: false, checked, brokenAt: { id: row.id, reason: 'row content does not match its hash (the row was edited)' } };
      prevHash = row.hash;
      prevId = row.id;
      checked++;
    }
  }
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  actorUserId?: number;
  action?: string;
  from?: string;
  to?: string;
  beforeId?: number;
  limit: number;
  /** Rows whose region lies in these subtrees; rows without a region only if `withoutRegion`. Absent: every row. */
  regions?: { scope: Scope; withoutRegion: boolean };
}

export async function findAuditRows(db: Db, q: AuditQuery) {
  let query = db.selectFrom('audit_log').selectAll();
  const regions = q.regions;
  if (regions && !regions.scope.all) {
    query = query.where((eb) => {
      const inRegion = eb.and([eb('region_code', 'is not', null), inScope(eb, 'region_code', regions.scope)]);
      return regions.withoutRegion ? eb.or([inRegion, eb('region_code', 'is', null)]) : inRegion;
    });
  }
  if (q.entityType) query = query.where('entity_type', '=', q.entityType);
  if (q.entityId) query = query.where('entity_id', '=', q.entityId);
  if (q.actorUserId !== undefined) query = query.where('actor_user_id', '=', q.actorUserId);
  if (q.action) query = query.where('action', '=', q.action);
  if (q.from) query = query.where('at', '>=', q.from);
  if (q.to) query = query.where('at', '<', q.to);
  if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
  return query.orderBy('id', 'desc').limit(q.limit).execute();
}

// The audit log: append-only and hash-chained, so that an edited, deleted or inserted row breaks the
// chain (`pingan audit verify`). A row is written first and *sealed* (given its place in the chain:
// chain_seq, prev_hash, hash) by one sealer at a time, under an advisory lock only sealers take.
// - PostgreSQL: writers insert unsealed rows and take no lock, so write transactions never queue
//   on the chain; `sealAuditRows` (the audit-seal job every second, and every verification first)
//   chains the committed rows in id order, after the last sealed one. A transaction still in
//   flight may hold a lower id than rows already sealed: its row is chained when it commits, so
//   the chain order is chain_seq, not id.
// - SQLite: one writer, so the row is sealed as it is written, in the caller's transaction (one
//   indexed read and a hash: cheaper than sealing every row again later; no unsealed window).
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { type Db, dialectOf } from '../../db/database.js';
import type { AuditLogTable } from '../../db/schema.js';
import { inScope } from '../../plugins/scope.js';
import type { Scope } from '../auth/actor.js';

export const GENESIS_HASH = '0'.repeat(64);
const SEALER_LOCK = 7263001;

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

/** The columns the hash covers besides prev_hash: everything the row says. */
type AuditContent = Pick<AuditLogTable, 'at' | 'actor_user_id' | 'actor_label' | 'action' | 'entity_type' | 'entity_id' | 'region_code' | 'detail' | 'ip'>;

/** The canonical text hashed for a row: every column but the hash itself, in a fixed order. */
export function auditRowHash(row: AuditContent & { prev_hash: string | null }): string {
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

interface ChainHead {
  seq: number;
  hash: string;
}

async function chainHead(trx: Db): Promise<ChainHead> {
  const last = await trx.selectFrom('audit_log').select(['chain_seq', 'hash']).where('chain_seq', 'is not', null).orderBy('chain_seq', 'desc').limit(1).executeTakeFirst();
  return { seq: last?.chain_seq ?? 0, hash: last?.hash ?? GENESIS_HASH };
}

/**
 * Writes one row inside the caller's transaction: unsealed and without any lock on PostgreSQL
 * (the sealer chains it after commit), sealed at once on SQLite. Takes no lock either way.
 */
export async function appendAudit(trx: Db, entry: AuditEntry): Promise<void> {
  const row: AuditContent = {
    at: entry.at ?? new Date().toISOString(),
    actor_user_id: entry.actorUserId,
    actor_label: entry.actorLabel,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId == null ? null : String(entry.entityId),
    region_code: entry.regionCode ?? null,
    detail: JSON.stringify(entry.detail ?? {}),
    ip: entry.ip ?? null,
  };
  if (dialectOf(trx) === 'postgres') {
    await trx.insertInto('audit_log').values({ ...row, chain_seq: null, prev_hash: null, hash: null }).execute();
    return;
  }
  // SQLite serialises writers, so reading the head here cannot fork the chain (and the unique
  // chain_seq would refuse a fork rather than let it pass).
  const head = await chainHead(trx);
  const sealed = { ...row, prev_hash: head.hash };
  await trx.insertInto('audit_log').values({ ...sealed, chain_seq: head.seq + 1, hash: auditRowHash(sealed) }).execute();
}

/**
 * Chains every committed unsealed row, in id order after the last sealed one, in short
 * transactions of `batch` rows under the sealers' advisory lock (writers never take it). Returns
 * how many rows it sealed. Safe to run concurrently with writers and with other sealers.
 */
export async function sealAuditRows(db: Db, batch = 1000): Promise<number> {
  const postgres = dialectOf(db) === 'postgres';
  let sealed = 0;
  for (;;) {
    const waiting = await db.selectFrom('audit_log').select('id').where('chain_seq', 'is', null).limit(1).executeTakeFirst();
    if (!waiting) return sealed;
    const count = await db.transaction().execute(async (trx) => {
      if (postgres) await sql`select pg_advisory_xact_lock(${SEALER_LOCK})`.execute(trx);
      // Read after the lock: the previous sealer has committed, so its rows and head are visible.
      const rows = await trx.selectFrom('audit_log').selectAll().where('chain_seq', 'is', null).orderBy('id').limit(batch).execute();
      if (rows.length === 0) return 0;
      let head = await chainHead(trx);
      const values = rows.map((row) => {
        const hash = auditRowHash({ ...row, prev_hash: head.hash });
        const value = sql`(cast(${row.id} as integer), cast(${head.seq + 1} as integer), cast(${head.hash} as text), cast(${hash} as text))`;
        head = { seq: head.seq + 1, hash };
        return value;
      });
      // One statement for the batch; VALUES columns are column1… on both dialects.
      await sql`update audit_log set chain_seq = v.column2, prev_hash = v.column3, hash = v.column4
        from (values ${sql.join(values)}) as v
        where audit_log.id = v.column1`.execute(trx);
      return rows.length;
    });
    sealed += count;
    if (count < batch) return sealed;
  }
}

export interface AuditVerifyResult {
  ok: boolean;
  /** Sealed rows whose link and hash were recomputed. */
  checked: number;
  /** Rows written but not sealed yet (committed after the sealing that preceded the check). */
  pending: number;
  /** The first row whose stored hash or link is wrong (an edit, a deletion or an insertion). */
  brokenAt?: { id: number; reason: string };
}

/**
 * Walks the sealed chain in chain order, in pages, recomputing every hash. Unsealed rows are
 * counted as pending, not checked: call `sealAuditRows` first to check everything committed.
 */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<AuditVerifyResult> {
  let prevHash = GENESIS_HASH;
  // From the lowest chain_seq, whatever it is: a row slipped in below 1 must break the walk too.
  let prevSeq: number | null = null;
  let checked = 0;
  for (;;) {
    let page = db.selectFrom('audit_log').selectAll().where('chain_seq', 'is not', null);
    if (prevSeq !== null) page = page.where('chain_seq', '>', prevSeq);
    const rows = await page.orderBy('chain_seq').limit(pageSize).execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const broken = async (reason: string) => ({ ok: false, checked, pending: await countUnsealed(db), brokenAt: { id: row.id, reason } });
      if (row.prev_hash !== prevHash) return broken('link to the previous row does not match (a row was deleted or inserted)');
      if (auditRowHash(row) !== row.hash) return broken('row content does not match its hash (the row was edited)');
      prevHash = row.hash;
      prevSeq = row.chain_seq ?? prevSeq;
      checked++;
    }
  }
  return { ok: true, checked, pending: await countUnsealed(db) };
}

async function countUnsealed(db: Db): Promise<number> {
  const row = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('chain_seq', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
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

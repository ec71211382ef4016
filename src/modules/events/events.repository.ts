// All SQL of the live event stream: reading the outbox in id order, the facts that decide who may
// see each row, and whether a long-lived listener is still signed in.
import type { Db } from '../../db/database.js';
import type { CaseFactsForStream, StreamRow } from './events.visibility.js';

export async function findOutboxAfter(db: Db, after: number, limit: number, upTo?: number): Promise<StreamRow[]> {
  let q = db.selectFrom('outbox').select(['id', 'topic', 'case_id', 'region_code', 'payload']).where('id', '>', after);
  if (upTo !== undefined) q = q.where('id', '<=', upTo);
  const rows = await q.orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, topic: r.topic, caseId: r.case_id, regionCode: r.region_code, payload: r.payload }));
}

export async function maxOutboxId(db: Db): Promise<number> {
  const row = await db.selectFrom('outbox').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(row?.id ?? 0);
}

/**
 * Kind, region and every unit of the given cases: the inputs of the caseVisible rule, read once per
 * batch for all listeners. Only these columns are read; nothing of the case leaves this module.
 */
export async function findCaseFacts(db: Db, caseIds: readonly number[]): Promise<Map<number, CaseFactsForStream>> {
  const out = new Map<number, CaseFactsForStream>();
  if (caseIds.length === 0) return out;
  const ids = [...new Set(caseIds)];
  const cases = await db.selectFrom('cases').select(['id', 'kind', 'region_code']).where('id', 'in', ids).execute();
  const units = await db.selectFrom('case_units').select(['case_id', 'unit_id']).where('case_id', 'in', ids).execute();
  for (const c of cases) {
    out.set(c.id, { kind: c.kind, regionCode: c.region_code, unitIds: units.filter((u) => u.case_id === c.id).map((u) => u.unit_id) });
  }
  return out;
}

/** Whether the session or API token behind a stream still holds (signed out, expired, revoked). */
export async function isCredentialLive(db: Db, credential: { sessionId?: string; tokenId?: number }, now: string): Promise<boolean> {
  if (credential.sessionId !== undefined) {
    const row = await db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select('s.id')
      .where('s.id', '=', credential.sessionId)
      .where('s.expires_at', '>', now)
      .where('u.status', '=', 'active')
      .executeTakeFirst();
    return row !== undefined;
  }
  if (credential.tokenId !== undefined) {
    const row = await db.selectFrom('api_tokens').select('id').where('id', '=', credential.tokenId).where('revoked_at', 'is', null).executeTakeFirst();
    return row !== undefined;
  }
  return true;
}

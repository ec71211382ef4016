// All SQL of inbound sources.
import type { Db } from '../../db/database.js';

export async function insertSource(
  db: Db,
  row: { name: string; channel: string; secretEnc: string; defaultRegionCode: string | null; defaultCategoryCode: string | null; unitId: number | null; createdBy: number | null; now: string },
): Promise<number> {
  const inserted = await db
    .insertInto('inbound_sources')
    .values({
      name: row.name,
      channel: row.channel,
      secret_enc: row.secretEnc,
      default_region_code: row.defaultRegionCode,
      default_category_code: row.defaultCategoryCode,
      unit_id: row.unitId,
      status: 'active',
      created_by: row.createdBy,
      created_at: row.now,
      revoked_at: null,
      last_event_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function findSource(db: Db, id: number) {
  return db.selectFrom('inbound_sources').selectAll().where('id', '=', id).executeTakeFirst();
}

export type SourceRow = NonNullable<Awaited<ReturnType<typeof findSource>>>;

export async function findSources(db: Db) {
  return db.selectFrom('inbound_sources').selectAll().orderBy('id').execute();
}

/** Revokes an active source; false when it was revoked already. */
export async function revokeSource(db: Db, id: number, at: string): Promise<boolean> {
  const result = await db.updateTable('inbound_sources').set({ status: 'revoked', revoked_at: at }).where('id', '=', id).where('status', '=', 'active').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markEventReceived(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('inbound_sources').set({ last_event_at: at }).where('id', '=', id).execute();
}

export async function findActiveUnit(db: Db, id: number) {
  return db.selectFrom('units').select(['id', 'region_code']).where('id', '=', id).where('status', '=', 'active').executeTakeFirst();
}

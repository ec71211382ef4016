// All SQL of attachments. Visibility is the case's: callers check the case with caseVisible first.
import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';

export type AttachmentRow = Awaited<ReturnType<typeof findAttachment>> & object;

export async function insertAttachment(db: Db, row: Insertable<Database['attachments']>): Promise<number> {
  const inserted = await db.insertInto('attachments').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function findAttachment(db: Db, id: number) {
  return db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findAttachmentsOfCase(db: Db, caseId: number) {
  return db.selectFrom('attachments').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

export async function isShaReferenced(db: Db, sha256: string): Promise<boolean> {
  const row = await db.selectFrom('attachments').select('id').where('sha256', '=', sha256).limit(1).executeTakeFirst();
  return row !== undefined;
}

// Frozen: never edit once released, never import app code. Runs on SQLite and PostgreSQL.
// At most one current (not ended) assignment of a user to a grid, even under concurrent requests.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('grid_assignments_current_uq')
    .on('grid_assignments')
    .columns(['grid_code', 'user_id'])
    .unique()
    .where(sql.ref('ended_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('grid_assignments_current_uq').execute();
}

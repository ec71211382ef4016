// Frozen: never edit once released, never import app code. Runs on SQLite and PostgreSQL.
// What the SLA sweep needs: indexes that find open cases near or past a deadline without walking
// the closed ones (cases_due_idx on resolve_due_at alone spans every case ever taken in), and the
// time of the last reminder of a listed supervision (reminded once per period) and a way to its
// last progress report.
import { type Kysely, sql } from 'kysely';

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres');
}

export async function up(db: Kysely<unknown>): Promise<void> {
  // Leading status: the sweep asks for a handful of open statuses, each a short range scan on the due time.
  await db.schema.createIndex('cases_ack_due_idx').on('cases').columns(['status', 'ack_due_at']).execute();
  await db.schema.createIndex('cases_open_due_idx').on('cases').columns(['status', 'resolve_due_at']).execute();
  const ts = isPostgres(db) ? sql`timestamptz` : sql`text`;
  await sql`alter table supervisions add column last_reminded_at ${ts}`.execute(db);
  await db.schema.createIndex('supervisions_open_kind_idx').on('supervisions').columns(['status', 'kind', 'id']).execute();
  // The last progress report of a supervision decides whether a report is missing.
  await db.schema.createIndex('supervision_reports_supervision_idx').on('supervision_reports').columns(['supervision_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('supervision_reports_supervision_idx').execute();
  await db.schema.dropIndex('supervisions_open_kind_idx').execute();
  await sql`alter table supervisions drop column last_reminded_at`.execute(db);
  await db.schema.dropIndex('cases_open_due_idx').execute();
  await db.schema.dropIndex('cases_ack_due_idx').execute();
}

// Frozen: never edit once released, never import app code. Runs on SQLite and PostgreSQL.
// The SLA sweep's candidates: cases whose clock still runs and has not yet been flagged overdue,
// by deadline. The indexes of 20261127T0410 lead with status and hold every open case, flagged or
// not; on PostgreSQL the planner may still prefer walking the primary key in id order (the sweep
// pages by id), filtering every case ever taken in. These partial indexes hold only the cases a
// sweep can act on (a small fraction of the table, shrinking as the sweep flags them), so a range
// on the deadline is cheap and both planners take it. Their predicates appear word for word in the
// sweep's queries (src/modules/sla/sla.repository.ts): SQLite uses a partial index only when the
// query's WHERE contains each term of the index's WHERE.
// seed-demo drops and recreates secondary indexes from their stored definitions (sqlite_master,
// pg_indexes), predicates included.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index cases_resolve_watch_idx on cases (resolve_due_at) where overdue_resolve = 0 and status not in ('on_hold', 'resolved', 'closed', 'rejected', 'merged')`.execute(db);
  await sql`create index cases_ack_watch_idx on cases (ack_due_at) where overdue_ack = 0 and status = 'dispatched'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists cases_ack_watch_idx`.execute(db);
  await sql`drop index if exists cases_resolve_watch_idx`.execute(db);
}

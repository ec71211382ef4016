// Frozen: never edit once released, never import app code. Runs on SQLite and PostgreSQL.
// Full-text search over cases(title, description) for Chinese text, which has no spaces between
// words: trigram indexes match any substring of three or more characters without a dictionary.
// - SQLite: an FTS5 external-content table with the trigram tokenizer, kept in sync by triggers.
// - PostgreSQL: pg_trgm and a GIN index on (title || ' ' || description), used by LIKE/ILIKE.
// Queries must use the same expression as the index (src/db/fulltext.ts).
import { type Kysely, sql } from 'kysely';

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres');
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`create index cases_text_trgm_idx on cases using gin ((title || ' ' || description) gin_trgm_ops)`.execute(db);
    return;
  }
  await sql`create virtual table cases_fts using fts5(title, description, content='cases', content_rowid='id', tokenize='trigram')`.execute(db);
  await sql`create trigger cases_fts_ai after insert on cases begin
    insert into cases_fts(rowid, title, description) values (new.id, new.title, new.description);
  end`.execute(db);
  await sql`create trigger cases_fts_ad after delete on cases begin
    insert into cases_fts(cases_fts, rowid, title, description) values ('delete', old.id, old.title, old.description);
  end`.execute(db);
  // Only edits of the text re-index; projection updates (status, deadlines) do not touch the index.
  await sql`create trigger cases_fts_au after update of title, description on cases begin
    insert into cases_fts(cases_fts, rowid, title, description) values ('delete', old.id, old.title, old.description);
    insert into cases_fts(rowid, title, description) values (new.id, new.title, new.description);
  end`.execute(db);
  await sql`insert into cases_fts(cases_fts) values ('rebuild')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    // The extension stays: other objects may use it, and it holds no data.
    await sql`drop index if exists cases_text_trgm_idx`.execute(db);
    return;
  }
  await sql`drop trigger if exists cases_fts_au`.execute(db);
  await sql`drop trigger if exists cases_fts_ad`.execute(db);
  await sql`drop trigger if exists cases_fts_ai`.execute(db);
  await sql`drop table if exists cases_fts`.execute(db);
}

// Frozen: never edit once released, never import app code. Runs on SQLite and PostgreSQL.
// The audit chain gets its own order: `chain_seq`, set when a row is sealed (prev_hash and hash
// assigned). On PostgreSQL rows are inserted unsealed, without a lock, and a sealer chains the
// committed ones afterwards, so the chain order is the sealer's, not the id order (a transaction
// still in flight can hold a lower id than rows already committed). Existing rows were chained in
// id order: they get chain_seq = their rank by id.
import { type Kysely, sql } from 'kysely';

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres');
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table audit_log add column chain_seq integer`.execute(db);
  // SQLite keeps prev_hash and hash NOT NULL (changing that means rebuilding the table): with one
  // writer its rows are sealed as they are written, so they are never null there.
  if (isPostgres(db)) await sql`alter table audit_log alter column prev_hash drop not null, alter column hash drop not null`.execute(db);
  await sql`update audit_log set chain_seq = ranked.n
    from (select id, row_number() over (order by id) as n from audit_log) as ranked
    where audit_log.id = ranked.id`.execute(db);
  await db.schema.createIndex('audit_log_chain_seq_uq').on('audit_log').column('chain_seq').unique().execute();
  // The sealer's work list: tiny (rows of the last second or two), so a partial index keeps it cheap.
  await db.schema.createIndex('audit_log_unsealed_idx').on('audit_log').column('id').where(sql.ref('chain_seq'), 'is', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_log_unsealed_idx').execute();
  await db.schema.dropIndex('audit_log_chain_seq_uq').execute();
  await sql`alter table audit_log drop column chain_seq`.execute(db);
  // Fails while unsealed rows remain: seal them first (`pingan audit verify`).
  if (isPostgres(db)) await sql`alter table audit_log alter column prev_hash set not null, alter column hash set not null`.execute(db);
}

// Bulk loading for the demo generator: the only place it writes, and the only dialect-specific
// code of the demo module. Rows go in as arrays in a fixed column order:
// - SQLite: its own better-sqlite3 connection on the same file, prepared multi-row INSERTs reused
//   for every batch, in big explicit transactions (one writer; no per-row round trip).
// - PostgreSQL: one pg client, INSERT … SELECT FROM unnest($1::type[], $2::type[], …): one
//   parameter per column whatever the number of rows.
// Ids are assigned by the caller (max(id) + 1 …) so rows can reference each other without reading
// anything back; sequences are moved past them at the end (fixSequences).
import type SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseConfig } from '../../config.js';
import { openSqlite } from '../../db/database.js';

export type Row = unknown[];

export interface BulkWriter {
  readonly dialect: 'sqlite' | 'postgres';
  insert(table: string, columns: readonly string[], rows: readonly Row[]): Promise<void>;
  /** insert() of rows given flat: row r's column c at values[r × columns.length + c]. */
  insertValues(table: string, columns: readonly string[], values: readonly unknown[]): Promise<void>;
  /** INSERT … ON CONFLICT (key) DO UPDATE SET m = m + excluded.m for every `add` column. */
  upsertAdd(table: string, key: readonly string[], columns: readonly string[], add: readonly string[], rows: readonly Row[]): Promise<void>;
  /** upsertAdd() of rows given flat, like insertValues. */
  upsertAddValues(table: string, key: readonly string[], columns: readonly string[], add: readonly string[], values: readonly unknown[]): Promise<void>;
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  /** A statement that returns no rows, with `?` parameters. */
  run(text: string, params?: unknown[]): Promise<void>;
  exec(text: string): Promise<void>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** The largest id of a table (0 when empty), counting ids an autoincrement already handed out. */
  maxId(table: string): Promise<number>;
  /** Moves each table's id sequence past its largest id (PostgreSQL; SQLite tracks it itself). */
  fixSequences(tables: readonly string[]): Promise<void>;
  /** Secondary indexes of the tables (not primary keys or constraints), with the SQL that recreates them. */
  secondaryIndexes(tables: readonly string[]): Promise<Array<{ name: string; table: string; sql: string }>>;
  close(): Promise<void>;
}

/** Parameters per multi-row statement: few statement runs per batch, far below SQLite's limit of 32,766. */
const SQLITE_PARAMS_PER_STATEMENT = 8_192;

class SqliteBulkWriter implements BulkWriter {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, SqliteDatabase.Statement>();

  constructor(private readonly sqlite: SqliteDatabase.Database) {}

  /** The prepared INSERT of `rows` rows, kept for reuse. */
  private statement(head: string, one: string, suffix: string, rows: number): SqliteDatabase.Statement {
    const key = `${head}|${rows}|${suffix}`;
    let s = this.statements.get(key);
    if (!s) {
      s = this.sqlite.prepare(head + Array(rows).fill(one).join(',') + suffix);
      this.statements.set(key, s);
    }
    return s;
  }

  /**
   * Flat rows in statements of `full` rows, the rest in statements of powers of two: at most a
   * dozen prepared statements per table, every one reused.
   */
  private write(table: string, columns: readonly string[], values: readonly unknown[], suffix: string): void {
    const width = columns.length;
    const rows = values.length / width;
    if (!Number.isInteger(rows)) throw new Error(`bulk insert into ${table}: ${values.length} values are not rows of ${width}`);
    const one = `(${columns.map(() => '?').join(',')})`;
    const head = `insert into ${table} (${columns.join(',')}) values `;
    const full = Math.max(1, Math.floor(SQLITE_PARAMS_PER_STATEMENT / width));
    let done = 0;
    while (done < rows) {
      const left = rows - done;
      const size = left >= full ? full : 2 ** Math.floor(Math.log2(left));
      this.statement(head, one, suffix, size).run(values.slice(done * width, (done + size) * width));
      done += size;
    }
  }

  async insert(table: string, columns: readonly string[], rows: readonly Row[]): Promise<void> {
    if (rows.length > 0) this.write(table, columns, rows.flat(), '');
  }

  async insertValues(table: string, columns: readonly string[], values: readonly unknown[]): Promise<void> {
    if (values.length > 0) this.write(table, columns, values, '');
  }

  async upsertAdd(table: string, key: readonly string[], columns: readonly string[], add: readonly string[], rows: readonly Row[]): Promise<void> {
    await this.upsertAddValues(table, key, columns, add, rows.flat());
  }

  async upsertAddValues(table: string, key: readonly string[], columns: readonly string[], add: readonly string[], values: readonly unknown[]): Promise<void> {
    if (values.length === 0) return;
    this.write(table, columns, values, upsertSuffix(table, key, add));
  }

  async query<T>(text: string, params: unknown[] = []): Promise<T[]> {
    return this.sqlite.prepare(text).all(...params) as T[];
  }

  async run(text: string, params: unknown[] = []): Promise<void> {
    this.sqlite.prepare(text).run(...params);
  }

  async exec(text: string): Promise<void> {
    this.sqlite.exec(text);
  }

  async begin(): Promise<void> {
    this.sqlite.exec('begin');
  }

  async commit(): Promise<void> {
    this.sqlite.exec('commit');
  }

  async rollback(): Promise<void> {
    if (this.sqlite.inTransaction) this.sqlite.exec('rollback');
  }

  async maxId(table: string): Promise<number> {
    const max = this.sqlite.prepare(`select coalesce(max(id), 0) as id from ${table}`).get() as { id: number };
    const seq = this.sqlite.prepare('select seq from sqlite_sequence where name = ?').get(table) as { seq: number } | undefined;
    return Math.max(max.id, seq?.seq ?? 0);
  }

  async fixSequences(): Promise<void> {
    // AUTOINCREMENT records the largest id inserted, explicit ones included.
  }

  async secondaryIndexes(tables: readonly string[]) {
    const rows = this.sqlite
      .prepare(`select name, tbl_name as "table", sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${tables.map(() => '?').join(',')}) order by name`)
      .all(...tables) as Array<{ name: string; table: string; sql: string }>;
    return rows;
  }

  async close(): Promise<void> {
    this.sqlite.close();
  }
}

class PostgresBulkWriter implements BulkWriter {
  readonly dialect = 'postgres' as const;
  private readonly types = new Map<string, Map<string, string>>();

  constructor(private readonly client: pg.Client) {}

  private async columnTypes(table: string): Promise<Map<string, string>> {
    let types = this.types.get(table);
    if (!types) {
      const { rows } = await this.client.query<{ column_name: string; udt_name: string }>(
        'select column_name, udt_name from information_schema.columns where table_schema = current_schema() and table_name = $1',
        [table],
      );
      types = new Map(rows.map((r) => [r.column_name, r.udt_name]));
      this.types.set(table, types);
    }
    return types;
  }

  private async unnest(table: string, columns: readonly string[], rows: readonly Row[], suffix: string): Promise<void> {
    if (rows.length === 0) return;
    const types = await this.columnTypes(table);
    const arrays = columns.map((_, c) => rows.map((row) => row[c] ?? null));
    const casts = columns.map((name, i) => {
      const type = types.get(name);
      if (!type) throw new Error(`unknown column ${table}.${name}`);
      return `$${i + 1}::${type}[]`;
    });
    await this.client.query(`insert into ${table} (${columns.join(',')}) select * from unnest(${casts.join(',')})${suffix}`, arrays);
  }

  async insert(table: string, columns: readonly string[], rows: readonly Row[]): Promise<void> {
    // Chunks keep a single statement's arrays (and the server's memory for them) bounded.
    for (let i = 0; i < rows.length; i += 20_000) await this.unnest(table, columns, rows.slice(i, i + 20_000), '');
  }

  async insertValues(table: string, columns: readonly string[], values: readonly unknown[]): Promise<void> {
    await this.insert(table, columns, rowsOf(values, columns.length));
  }

  async upsertAdd(table: string, key: readonly string[], columns: readonly string[], add: readonly string[], rows: readonly Row[]): Promise<void> {
    const suffix = upsertSuffix(table, key, add);
    for (let i = 0; i < rows.length; i += 20_000) await this.unnest(table, columns, rows.slice(i, i + 20_000), suffix);
  }

  async upsertAddValues(table: string, key: readonly string[], columns: readonly string[], add: readonly string[], values: readonly unknown[]): Promise<void> {
    await this.upsertAdd(table, key, columns, add, rowsOf(values, columns.length));
  }

  async query<T>(text: string, params: unknown[] = []): Promise<T[]> {
    const numbered = text.replace(/\?/g, (() => { let n = 0; return () => `$${++n}`; })());
    return (await this.client.query(numbered, params)).rows as T[];
  }

  async run(text: string, params: unknown[] = []): Promise<void> {
    await this.query(text, params);
  }

  async exec(text: string): Promise<void> {
    await this.client.query(text);
  }

  async begin(): Promise<void> {
    await this.client.query('begin');
  }

  async commit(): Promise<void> {
    await this.client.query('commit');
  }

  async rollback(): Promise<void> {
    await this.client.query('rollback');
  }

  async maxId(table: string): Promise<number> {
    const { rows } = await this.client.query<{ id: string | number }>(`select coalesce(max(id), 0) as id from ${table}`);
    const seq = await this.client.query<{ last: string | null; called: boolean }>(
      `select last_value::text as last, is_called as called from ${await this.sequenceOf(table)}`,
    );
    const last = seq.rows[0]?.called ? Number(seq.rows[0].last) : 0;
    return Math.max(Number(rows[0]?.id ?? 0), last);
  }

  private async sequenceOf(table: string): Promise<string> {
    const { rows } = await this.client.query<{ seq: string }>(`select pg_get_serial_sequence($1, 'id') as seq`, [table]);
    const seq = rows[0]?.seq;
    if (!seq) throw new Error(`table ${table} has no id sequence`);
    return seq;
  }

  async fixSequences(tables: readonly string[]): Promise<void> {
    for (const table of tables) {
      const seq = await this.sequenceOf(table);
      await this.client.query(`select setval($1, greatest((select coalesce(max(id), 0) from ${table}), 1), (select count(*) > 0 from ${table}))`, [seq]);
    }
  }

  async secondaryIndexes(tables: readonly string[]) {
    const { rows } = await this.client.query<{ name: string; table: string; sql: string }>(
      `select i.indexname as name, i.tablename as "table", i.indexdef as sql from pg_indexes i
        where i.schemaname = current_schema() and i.tablename = any($1)
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
        order by i.indexname`,
      [tables],
    );
    return rows;
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

function upsertSuffix(table: string, key: readonly string[], add: readonly string[]): string {
  return ` on conflict (${key.join(',')}) do update set ${add.map((m) => `${m} = ${table}.${m} + excluded.${m}`).join(', ')}`;
}

/** Flat values back into rows of `width`. */
function rowsOf(values: readonly unknown[], width: number): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < values.length; i += width) rows.push(values.slice(i, i + width));
  return rows;
}

/** A bulk writer on the configured database (a connection of its own). */
export async function openBulkWriter(config: DatabaseConfig): Promise<BulkWriter> {
  if (config.dialect === 'sqlite') {
    const sqlite = openSqlite(config.file);
    // A loader's connection: a large page cache for the index B-trees, and no sync per checkpoint
    // (a load cut short by a crash is re-run, not repaired).
    sqlite.pragma('cache_size = -1048576');
    sqlite.pragma('synchronous = OFF');
    // No foreign-key lookup per row: the loader numbers every row itself and points only at rows it
    // wrote before or that the world holds (demo.replay.test.ts compares them with the write path's).
    sqlite.pragma('foreign_keys = OFF');
    return new SqliteBulkWriter(sqlite);
  }
  const client = new pg.Client({ connectionString: config.url });
  await client.connect();
  return new PostgresBulkWriter(client);
}

// Dialect setup: the one place that knows SQLite from PostgreSQL. Everything above it speaks Kysely.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase as KyselySqliteDatabase } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface DbHandle {
  readonly db: Db;
  readonly dialect: Dialect;
  destroy(): Promise<void>;
}

// PostgreSQL returns timestamptz as Date and int8 as string; SQLite returns the ISO text and numbers
// we store. Parse both into the same JS shapes so repositories never branch on the dialect.
let pgTypesSet = false;
function setPgTypeParsers(): void {
  if (pgTypesSet) return;
  pgTypesSet = true;
  const toIso = (v: string) => new Date(v).toISOString();
  pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, toIso);
  pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (v: string) => new Date(`${v}Z`).toISOString());
  pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
  pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v: string) => Number(v));
}

export function openSqlite(file: string): SqliteDatabase.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  return sqlite;
}

/** Statements kept prepared per connection: every query shape the server runs fits many times over. */
export const STATEMENT_CACHE_SIZE = 1000;
// Longer SQL is a bulk insert whose shape (the row count) rarely repeats; keeping it would only hold memory.
const MAX_CACHED_SQL_LENGTH = 20_000;

/**
 * The database Kysely's SQLite driver is given: better-sqlite3 with the prepared statement of each
 * SQL text kept (least recently used dropped), since the driver calls `prepare` for every query
 * and preparing costs as much as running a small statement. better-sqlite3 resets a statement and
 * clears its bindings after `all` and `run`, so one can be reused; one that an open `iterate`
 * (a streamed query) still holds is busy, and then the same SQL gets a fresh statement.
 */
export function cacheStatements(sqlite: SqliteDatabase.Database, size = STATEMENT_CACHE_SIZE): KyselySqliteDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(sql: string) {
      const cached = cache.get(sql);
      if (cached) {
        if (cached.busy) return sqlite.prepare(sql);
        // A Map iterates in insertion order: re-inserting makes this the most recently used.
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      if (sql.length > MAX_CACHED_SQL_LENGTH) return statement;
      cache.set(sql, statement);
      if (cache.size > size) {
        const oldest = cache.keys().next();
        if (!oldest.done) cache.delete(oldest.value);
      }
      return statement;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}

export function createDb(config: DatabaseConfig, options: { poolSize?: number; onIdleError?: (error: Error) => void } = {}): DbHandle {
  if (config.dialect === 'sqlite') {
    const sqlite = openSqlite(config.file);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cacheStatements(sqlite) }) });
    return { db, dialect: 'sqlite', destroy: () => db.destroy() };
  }
  setPgTypeParsers();
  const pool = new pg.Pool({ connectionString: config.url, max: options.poolSize ?? 10 });
  // An idle connection that the server drops (a restart, a failover, an administrator) emits an
  // error on the pool; unhandled, it would crash the process. The pool discards that client and
  // opens a new one on the next query, so logging is all there is to do.
  pool.on('error', (error) => options.onIdleError?.(error));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', destroy: () => db.destroy() };
}

/** The dialect a Kysely instance (or transaction) runs on, read from its adapter. */
export function dialectOf<T>(db: Kysely<T>): Dialect {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres') ? 'postgres' : 'sqlite';
}

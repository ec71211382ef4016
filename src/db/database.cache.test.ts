import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { cacheStatements } from './database.js';

interface Probe {
  n: { v: number };
}

function probeDb(size?: number) {
  const sqlite = new SqliteDatabase(':memory:');
  sqlite.exec('create table n (v integer not null)');
  sqlite.exec('insert into n (v) values (1), (2), (3)');
  const cached = cacheStatements(sqlite, size);
  return { sqlite, cached, db: new Kysely<Probe>({ dialect: new SqliteDialect({ database: cached }) }) };
}

describe('SQLite statement cache', () => {
  it('prepares a SQL text once and gives the same statement back, with fresh bindings each run', async () => {
    const { cached, db } = probeDb();
    expect(cached.prepare('select v from n where v = ?')).toBe(cached.prepare('select v from n where v = ?'));
    const pick = (v: number) => db.selectFrom('n').select('v').where('v', '=', v).execute();
    expect(await pick(2)).toEqual([{ v: 2 }]);
    expect(await pick(3)).toEqual([{ v: 3 }]);
    await db.insertInto('n').values({ v: 4 }).execute();
    await db.insertInto('n').values({ v: 5 }).execute();
    expect((await db.selectFrom('n').select('v').orderBy('v').execute()).map((r) => r.v)).toEqual([1, 2, 3, 4, 5]);
    await db.destroy();
  });

  it('keeps at most its size, dropping the least recently used', () => {
    const { cached, sqlite } = probeDb(2);
    const a = cached.prepare('select 1');
    const b = cached.prepare('select 2');
    expect(cached.prepare('select 1')).toBe(a);
    cached.prepare('select 3');
    expect(cached.prepare('select 1')).toBe(a);
    expect(cached.prepare('select 2')).not.toBe(b);
    sqlite.close();
  });

  it('gives a fresh statement while an iterate() over the cached one is still open', () => {
    // Kysely holds the connection while it streams, so it never asks for this; a statement that an
    // abandoned or interleaved iterator still holds must not be handed out again, though.
    const { cached, sqlite } = probeDb();
    const text = 'select v from n order by v';
    const first = cached.prepare(text);
    const seen: number[] = [];
    for (const row of first.iterate([]) as Iterable<{ v: number }>) {
      const again = cached.prepare(text);
      expect(again).not.toBe(first);
      seen.push(row.v * 10 + again.all([]).length);
    }
    expect(seen).toEqual([13, 23, 33]);
    expect(cached.prepare(text)).toBe(first);
    sqlite.close();
  });

  it('closes the database when Kysely is destroyed, and raw SQL (pragmas) still runs through it', async () => {
    const { sqlite, db } = probeDb();
    const mode = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
    expect(mode.rows).toHaveLength(1);
    await db.destroy();
    expect(sqlite.open).toBe(false);
  });
});

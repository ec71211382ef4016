import SqliteDatabase from 'better-sqlite3';
import { type Generated, Kysely, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Db } from './database.js';
import { GroupCommit } from './group-commit.js';

interface Probe {
  item: { id: Generated<number>; name: string };
}

function probeDb() {
  const sqlite = new SqliteDatabase(':memory:');
  sqlite.exec('create table item (id integer primary key, name text not null unique)');
  const db = new Kysely<Probe>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, committer: new GroupCommit(db as unknown as Db, 8) };
}

const insert = (name: string) => async (trx: Db) => {
  const t = trx as unknown as Kysely<Probe>;
  await t.insertInto('item').values({ name }).execute();
  return name;
};

describe('group commit (SQLite)', () => {
  it('runs units that queue together in one transaction, rolls back only the one that fails, and answers after the commit', async () => {
    const { db, committer } = probeDb();
    const names = Array.from({ length: 20 }, (_, i) => `n${i}`);
    const results = await Promise.allSettled(
      names.map((name, i) =>
        committer.run(async (trx) => {
          await insert(name)(trx);
          // Unit 7 writes, then fails: its row must vanish, its neighbours' rows must stay.
          if (i === 7) throw new Error('unit 7 failed');
          return name;
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.message)).toEqual(['unit 7 failed']);
    const stored = (await db.selectFrom('item').select('name').orderBy('id').execute()).map((r) => r.name);
    expect(stored).toEqual(names.filter((_, i) => i !== 7));
    // 20 units, at most 8 per batch: three COMMITs, not twenty.
    expect(committer.stats.units).toBe(20);
    expect(committer.stats.batches).toBe(3);
    expect(committer.stats.largestBatch).toBe(8);
    await db.destroy();
  });

  it('a unit that fails on a constraint leaves the transaction usable for the next units', async () => {
    const { db, committer } = probeDb();
    const results = await Promise.allSettled([committer.run(insert('same')), committer.run(insert('same')), committer.run(insert('other'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await db.selectFrom('item').select('name').orderBy('id').execute()).map((r) => r.name)).toEqual(['same', 'other']);
    await db.destroy();
  });

  it('when the shared transaction itself is lost, every unit taken into that batch is rejected and none of their rows stays', async () => {
    const { db, committer } = probeDb();
    const results = await Promise.allSettled([
      committer.run(insert('a')),
      committer.run(async (trx) => {
        await insert('b')(trx);
        // Ends the shared transaction from inside a unit (as SQLite does on some I/O errors).
        await sql`rollback`.execute(trx);
        throw new Error('transaction gone');
      }),
      committer.run(insert('c')),
    ]);
    // 'a' was written in the lost transaction: rejected, though its own work succeeded. The batch
    // stopped at the failure, so 'c' was never part of it and runs in the next batch.
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect((await db.selectFrom('item').select('name').execute()).map((r) => r.name)).toEqual(['c']);
    expect(committer.stats.batches).toBe(1);
    // The committer keeps working afterwards.
    expect(await committer.run(insert('d'))).toBe('d');
    expect((await db.selectFrom('item').select('name').orderBy('id').execute()).map((r) => r.name)).toEqual(['c', 'd']);
    await db.destroy();
  });
});

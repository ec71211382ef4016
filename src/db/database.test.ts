import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDb, createTestDb, testDialects } from '../../test/context.js';
import { PG_ADMIN_URL } from '../../test/dialects.js';

describe.each(testDialects())('database handle on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(async () => t.cleanup());

  it('returns timestamps as ISO strings and counts as numbers', async () => {
    const at = '2026-11-27T08:00:00.123Z';
    await t.db.insertInto('settings').values({ key: 'probe', value: 'x', updated_at: at }).execute();
    const row = await t.db.selectFrom('settings').select(['updated_at']).where('key', '=', 'probe').executeTakeFirstOrThrow();
    expect(row.updated_at).toBe(at);
    const count = await t.db.selectFrom('regions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(count.n).toBe(19224);
  });
});

describe.runIf(testDialects().includes('postgres'))('PostgreSQL pool', () => {
  it('survives the server dropping its idle connections and reconnects', async () => {
    const errors: Error[] = [];
    const t = await createTestDb('postgres');
    try {
      const { createDb } = await import('./database.js');
      const handle = createDb(t.config.database, { poolSize: 2, onIdleError: (error) => errors.push(error) });
      await sql`select 1`.execute(handle.db);
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      const url = new URL(t.config.database.url);
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [url.pathname.slice(1)]);
      await admin.end();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(errors.length).toBeGreaterThan(0);
      const again = await sql<{ v: number }>`select 1 as v`.execute(handle.db);
      expect(again.rows[0]?.v).toBe(1);
      await handle.destroy();
    } finally {
      await t.cleanup();
    }
  });
});

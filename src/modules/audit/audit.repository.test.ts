import { spawnSync } from 'node:child_process';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDb, createTestDb, testDialects } from '../../../test/context.js';
import * as auditSealing from '../../db/migrations/20261128T0480-audit-sealing.js';
import { GENESIS_HASH, appendAudit, auditRowHash, sealAuditRows, verifyAuditChain } from './audit.repository.js';

const probe = (action: string, i = 0) => ({ actorUserId: null, actorLabel: 'test', action, entityType: 'thing', entityId: i, detail: { i } });

async function appendThree(t: TestDb, tag: string) {
  for (let i = 1; i <= 3; i++) await t.db.transaction().execute((trx) => appendAudit(trx, probe(`${tag}.${i}`, i)));
  return t.db.selectFrom('audit_log').select(['id', 'action']).where('action', 'like', `${tag}.%`).orderBy('id').execute();
}

const chain = (t: TestDb) => t.db.selectFrom('audit_log').select(['id', 'action', 'chain_seq', 'prev_hash', 'hash']).where('chain_seq', 'is not', null).orderBy('chain_seq').execute();

describe.each(testDialects())('audit chain on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(async () => t.cleanup());

  it('links each row to the previous one in chain order and verifies an untouched chain', async () => {
    await appendThree(t, 'intact');
    await sealAuditRows(t.db);
    const rows = await chain(t);
    expect(rows[0]?.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]?.chain_seq).toBe(i + 1);
      expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
    }
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, checked: rows.length, pending: 0 });
  });

  it('writes rows unsealed on PostgreSQL (pending, not a break, until sealed) and sealed at once on SQLite', async () => {
    const rows = await appendThree(t, 'fresh');
    const before = await verifyAuditChain(t.db);
    expect(before.ok).toBe(true);
    expect(before.pending).toBe(dialect === 'postgres' ? 3 : 0);
    expect(await sealAuditRows(t.db)).toBe(dialect === 'postgres' ? 3 : 0);
    const after = await verifyAuditChain(t.db);
    expect(after).toEqual({ ok: true, checked: before.checked + before.pending, pending: 0 });
    const sealed = await t.db.selectFrom('audit_log').select('chain_seq').where('id', 'in', rows.map((r) => r.id)).orderBy('id').execute();
    expect(sealed.every((r) => r.chain_seq !== null)).toBe(true);
  });

  it('keeps one unforked chain under concurrent appenders and sealers', async () => {
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => t.db.transaction().execute((trx) => appendAudit(trx, probe('concurrent', i)))),
      ...Array.from({ length: 4 }, () => sealAuditRows(t.db, 3)),
    ]);
    await sealAuditRows(t.db);
    const total = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, checked: Number(total.n), pending: 0 });
    const seqs = (await chain(t)).map((r) => r.chain_seq);
    expect(seqs).toEqual(Array.from({ length: Number(total.n) }, (_, i) => i + 1));
  });

  it('detects an edited sealed row', async () => {
    const rows = await appendThree(t, 'edited');
    await sealAuditRows(t.db);
    const victim = rows[1]?.id ?? 0;
    await t.db.updateTable('audit_log').set({ detail: '{"i":99}' }).where('id', '=', victim).execute();
    const result = await verifyAuditChain(t.db);
    expect(result.ok).toBe(false);
    expect(result.brokenAt?.id).toBe(victim);
    expect(result.brokenAt?.reason).toMatch(/edited/);
    await t.db.updateTable('audit_log').set({ detail: '{"i":2}' }).where('id', '=', victim).execute();
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('detects a forged row inserted into the chain, even one given a place below the first row', async () => {
    await appendThree(t, 'forged');
    await sealAuditRows(t.db);
    const sealed = await chain(t);
    const at = sealed[sealed.length - 2];
    const next = sealed[sealed.length - 1];
    if (!at || !next) throw new Error('chain too short');
    // A well-formed row slipped in after `at`, the rows after it renumbered to make room.
    await t.db.updateTable('audit_log').set({ chain_seq: sql`chain_seq + 1000` }).where('chain_seq', '>', at.chain_seq).execute();
    const content = { at: new Date().toISOString(), actor_user_id: null, actor_label: 'intruder', action: 'forged', entity_type: 'thing', entity_id: null, region_code: null, detail: '{}', ip: null };
    const forged = { ...content, prev_hash: at.hash, chain_seq: (at.chain_seq ?? 0) + 1 };
    await t.db.insertInto('audit_log').values({ ...forged, hash: auditRowHash(forged) }).execute();
    const result = await verifyAuditChain(t.db);
    expect(result.ok).toBe(false);
    expect(result.brokenAt).toEqual({ id: next.id, reason: expect.stringMatching(/inserted/) });
    await t.db.deleteFrom('audit_log').where('action', '=', 'forged').execute();
    await t.db.updateTable('audit_log').set({ chain_seq: sql`chain_seq - 1000` }).where('chain_seq', '>', 1000).execute();
    expect((await verifyAuditChain(t.db)).ok).toBe(true);

    const below = { ...content, prev_hash: GENESIS_HASH, chain_seq: -1 };
    await t.db.insertInto('audit_log').values({ ...below, hash: auditRowHash(below) }).execute();
    const first = sealed[0];
    expect((await verifyAuditChain(t.db)).brokenAt).toEqual({ id: first?.id, reason: expect.stringMatching(/inserted/) });
    await t.db.deleteFrom('audit_log').where('action', '=', 'forged').execute();
  });

  it.runIf(dialect === 'postgres')('lets writers append while a sealer holds the chain lock', async () => {
    const sealer = new pg.Client({ connectionString: t.config.database.url });
    await sealer.connect();
    try {
      await sealer.query('begin');
      await sealer.query('select pg_advisory_xact_lock(7263001)');
      const append = t.db.transaction().execute((trx) => appendAudit(trx, probe('unblocked')));
      const outcome = await Promise.race([append.then(() => 'appended'), new Promise((resolve) => setTimeout(() => resolve('blocked'), 3000))]);
      expect(outcome).toBe('appended');
      await sealer.query('commit');
    } finally {
      await sealer.end();
    }
    expect(await sealAuditRows(t.db)).toBe(1);
  });

  it.runIf(dialect === 'postgres')('chains a row in commit order when its transaction took a lower id than rows sealed before it', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let early: Promise<void> | undefined;
    const started = new Promise<void>((resolve) => {
      early = t.db.transaction().execute(async (trx) => {
        await appendAudit(trx, probe('slow-writer'));
        resolve();
        await held;
      });
    });
    await started;
    await t.db.transaction().execute((trx) => appendAudit(trx, probe('fast-writer')));
    expect(await sealAuditRows(t.db)).toBe(1);
    release();
    await early;
    expect(await sealAuditRows(t.db)).toBe(1);

    const rows = await t.db.selectFrom('audit_log').select(['id', 'chain_seq', 'action']).where('action', 'in', ['slow-writer', 'fast-writer']).orderBy('id').execute();
    expect(rows.map((r) => r.action)).toEqual(['slow-writer', 'fast-writer']);
    expect(rows[0]?.chain_seq).toBeGreaterThan(rows[1]?.chain_seq ?? Number.MAX_SAFE_INTEGER);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});

// Migrations take an untyped Kysely (they never import the app's schema types).
const untyped = (t: TestDb) => t.db as unknown as Kysely<unknown>;

describe.each(testDialects())('audit sealing migration on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(async () => t.cleanup());

  it('gives rows chained before it their id order as chain order', async () => {
    await sealAuditRows(t.db);
    await auditSealing.down(untyped(t));
    // Rows as the old appender wrote them: linked in id order, no chain_seq column.
    const last = await sql<{ hash: string }>`select hash from audit_log order by id desc limit 1`.execute(t.db);
    let prevHash = last.rows[0]?.hash ?? GENESIS_HASH;
    for (let i = 1; i <= 3; i++) {
      const row = { prev_hash: prevHash, at: `2026-01-0${i}T00:00:00.000Z`, actor_user_id: null, actor_label: 'old', action: 'old.row', entity_type: 'thing', entity_id: String(i), region_code: null, detail: '{}', ip: null };
      prevHash = auditRowHash(row);
      await sql`insert into audit_log (at, actor_user_id, actor_label, action, entity_type, entity_id, region_code, detail, ip, prev_hash, hash)
        values (${row.at}, null, 'old', 'old.row', 'thing', ${row.entity_id}, null, '{}', null, ${row.prev_hash}, ${prevHash})`.execute(t.db);
    }
    await auditSealing.up(untyped(t));

    const rows = await t.db.selectFrom('audit_log').select(['id', 'chain_seq']).orderBy('id').execute();
    expect(rows.map((r) => r.chain_seq)).toEqual(rows.map((_, i) => i + 1));
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, checked: rows.length, pending: 0 });
    await t.db.transaction().execute((trx) => appendAudit(trx, probe('after-migration')));
    await sealAuditRows(t.db);
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, checked: rows.length + 1, pending: 0 });
  });
});

describe.each(testDialects())('audit verify command on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(async () => t.cleanup());

  it('seals, exits 0 on an intact log and 1 naming the row after a deletion', async () => {
    const rows = await appendThree(t, 'deleted');
    const env = { ...process.env, PINGAN_DATABASE_URL: t.config.database.url, PINGAN_DATA_DIR: t.config.dataDir };
    const ok = spawnSync(process.execPath, ['bin/pingan.mjs', 'audit', 'verify'], { env, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/audit log intact: \d+ rows verified\n/);
    expect((await verifyAuditChain(t.db)).pending).toBe(0);

    await t.db.deleteFrom('audit_log').where('id', '=', rows[1]?.id ?? 0).execute();
    const broken = spawnSync(process.execPath, ['bin/pingan.mjs', 'audit', 'verify'], { env, encoding: 'utf8' });
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(`BROKEN at row ${rows[2]?.id}`);
  });
});

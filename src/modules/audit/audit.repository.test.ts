import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDb, createTestDb, testDialects } from '../../../test/context.js';
import { appendAudit, verifyAuditChain } from './audit.repository.js';

async function appendThree(t: TestDb, tag: string) {
  for (let i = 1; i <= 3; i++) {
    await t.db.transaction().execute((trx) =>
      appendAudit(trx, { actorUserId: null, actorLabel: 'test', action: `${tag}.${i}`, entityType: 'thing', entityId: i, detail: { i } }),
    );
  }
  return t.db.selectFrom('audit_log').select(['id', 'action']).where('action', 'like', `${tag}.%`).orderBy('id').execute();
}

describe.each(testDialects())('audit chain on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(async () => t.cleanup());

  it('links each row to the previous one and verifies an untouched chain', async () => {
    await appendThree(t, 'intact');
    const rows = await t.db.selectFrom('audit_log').select(['prev_hash', 'hash']).orderBy('id').execute();
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
    const result = await verifyAuditChain(t.db);
    expect(result).toEqual({ ok: true, checked: rows.length });
  });

  it('keeps one unforked chain under concurrent appenders', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.db.transaction().execute((trx) => appendAudit(trx, { actorUserId: null, actorLabel: 'test', action: 'concurrent', entityType: 'thing', entityId: i })),
      ),
    );
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('detects an edited row', async () => {
    const rows = await appendThree(t, 'edited');
    const victim = rows[1]?.id ?? 0;
    await t.db.updateTable('audit_log').set({ detail: '{"i":99}' }).where('id', '=', victim).execute();
    const result = await verifyAuditChain(t.db);
    expect(result.ok).toBe(false);
    expect(result.brokenAt?.id).toBe(victim);
    expect(result.brokenAt?.reason).toMatch(/edited/);
  });
});

describe.each(testDialects())('audit verify command on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(async () => t.cleanup());

  it('exits 0 on an intact log and 1 naming the row after a deletion', async () => {
    const rows = await appendThree(t, 'deleted');
    const env = { ...process.env, PINGAN_DATABASE_URL: t.config.database.url, PINGAN_DATA_DIR: t.config.dataDir };
    const ok = spawnSync(process.execPath, ['bin/pingan.mjs', 'audit', 'verify'], { env, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/audit log intact: \d+ rows verified/);

    await t.db.deleteFrom('audit_log').where('id', '=', rows[1]?.id ?? 0).execute();
    const broken = spawnSync(process.execPath, ['bin/pingan.mjs', 'audit', 'verify'], { env, encoding: 'utf8' });
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(`BROKEN at row ${rows[2]?.id}`);
  });
});

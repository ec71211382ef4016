// The audit-seal job chains the rows writers left unsealed (PostgreSQL); two instances sealing at
// the same moment, with or without the lease, still make one chain.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, testDialects } from '../../test/context.js';
import type { AppContext } from '../context.js';
import { type DbHandle, createDb } from '../db/database.js';
import { appendAudit, sealAuditRows, verifyAuditChain } from '../modules/audit/audit.repository.js';
import { AUDIT_SEAL_JOB, auditSealJob } from './audit-seal.job.js';
import { jobs } from './index.js';
import { createJobRunner } from './runner.js';

describe.each(testDialects())('audit seal job on %s', (dialect) => {
  let t: TestApp;
  let other: DbHandle | undefined;
  let ctxA: AppContext;
  let ctxB: AppContext;

  beforeEach(async () => {
    t = await createTestApp(dialect);
    ctxA = t.app.ctx;
    // PostgreSQL: a second pool, as a second server process would have.
    other = dialect === 'postgres' ? createDb(t.config.database, { poolSize: 5 }) : undefined;
    ctxB = { ...t.app.ctx, db: other?.db ?? t.db };
  });
  afterEach(async () => {
    await other?.destroy();
    await t.close();
  });

  const write = (db: AppContext['db'], n: number, tag: string) =>
    Promise.all(Array.from({ length: n }, (_, i) => db.transaction().execute((trx) => appendAudit(trx, { actorUserId: null, actorLabel: 'test', action: tag, entityType: 'thing', entityId: i }))));
  const unsealed = async () => (await verifyAuditChain(t.db)).pending;

  it('is registered to run every second', () => {
    expect(jobs).toContain(auditSealJob);
    expect(auditSealJob).toMatchObject({ name: AUDIT_SEAL_JOB, intervalMs: 1_000 });
  });

  it('seals what writers left unsealed, in one of two runners that tick at the same moment', async () => {
    await sealAuditRows(t.db);
    await write(t.db, 5, 'job.write');
    expect(await unsealed()).toBe(dialect === 'postgres' ? 5 : 0);
    const a = createJobRunner(ctxA, [auditSealJob], { owner: 'instance-a' });
    const b = createJobRunner(ctxB, [auditSealJob], { owner: 'instance-b' });
    const ran = await Promise.all([a.runOnce(AUDIT_SEAL_JOB), b.runOnce(AUDIT_SEAL_JOB)]);
    expect(ran.filter(Boolean)).toHaveLength(1);
    expect(await unsealed()).toBe(0);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('makes one chain when two instances seal while both write, without the lease', async () => {
    await Promise.all([write(t.db, 15, 'job.a'), write(ctxB.db, 15, 'job.b'), sealAuditRows(t.db, 4), sealAuditRows(ctxB.db, 4), sealAuditRows(ctxB.db, 4)]);
    await Promise.all([sealAuditRows(t.db), sealAuditRows(ctxB.db)]);
    const total = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, checked: Number(total.n), pending: 0 });
  });
});

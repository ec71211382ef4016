// Two sweeps at once must not escalate a case twice: once behind the job lease (two runners, two
// owners), once with the sweep function itself called twice concurrently, where only the case
// versions stand between the sweeps.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CaseWorld, createCaseWorld } from '../../test/case-fixtures.js';
import { type TestApp, createTestApp, testDialects } from '../../test/context.js';
import { type ClockedCase, countEvents, dispatchedCase, minutes } from '../../test/sla-fixtures.js';
import type { AppContext } from '../context.js';
import { type DbHandle, createDb } from '../db/database.js';
import { systemActor } from '../modules/auth/actor.js';
import { loadStoredCase, writeCaseEvent } from '../modules/cases/case-write.js';
import { sweepDeadlines } from '../modules/sla/sla.sweep.js';
import { jobs } from './index.js';
import { createJobRunner } from './runner.js';
import { SLA_SWEEP_JOB, slaSweepJob } from './sla-sweep.job.js';

describe.each(testDialects())('SLA sweep job on %s', (dialect) => {
  let t: TestApp;
  let w: CaseWorld;
  let other: DbHandle | undefined;
  let ctxA: AppContext;
  let ctxB: AppContext;

  beforeEach(async () => {
    t = await createTestApp(dialect);
    w = await createCaseWorld(t.app, t.db);
    ctxA = t.app.ctx;
    // PostgreSQL: a second pool, as a second server process would have. SQLite serves one process
    // (DESIGN principle 4); there the second "instance" shares the connection, and its
    // transactions interleave with the first one's between statements.
    other = dialect === 'postgres' ? createDb(t.config.database, { poolSize: 5 }) : undefined;
    ctxB = { ...t.app.ctx, db: other?.db ?? t.db };
  });
  afterEach(async () => {
    await other?.destroy();
    await t.close();
  });

  async function lapsedCases(count: number): Promise<{ cases: ClockedCase[]; now: Date }> {
    const cases: ClockedCase[] = [];
    for (let i = 0; i < count; i++) cases.push(await dispatchedCase(w, t.db));
    const latest = Math.max(...cases.map((c) => c.resolveDueAt.getTime()));
    return { cases, now: new Date(latest + minutes(5)) };
  }

  async function expectEscalatedOnce(cases: ClockedCase[]) {
    for (const c of cases) {
      expect(await countEvents(t.db, c.id, 'escalate')).toBe(1);
      expect(await countEvents(t.db, c.id, 'overdue')).toBe(2); // the acknowledge and the resolve clock
      expect(await t.db.selectFrom('supervisions').select('id').where('case_id', '=', c.id).execute()).toHaveLength(1);
      const row = await t.db.selectFrom('cases').select(['owner_unit_id', 'escalation_count']).where('id', '=', c.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ owner_unit_id: w.countyCenterId, escalation_count: 1 });
    }
  }

  it('is registered to run every minute', () => {
    expect(jobs).toContain(slaSweepJob);
    expect(slaSweepJob).toMatchObject({ name: SLA_SWEEP_JOB, intervalMs: 60_000 });
  });

  it('runs in exactly one of two runners that tick at the same moment', async () => {
    const { cases, now } = await lapsedCases(3);
    const a = createJobRunner(ctxA, [slaSweepJob], { owner: 'instance-a' });
    const b = createJobRunner(ctxB, [slaSweepJob], { owner: 'instance-b' });
    const ran = await Promise.all([a.runOnce(SLA_SWEEP_JOB, now), b.runOnce(SLA_SWEEP_JOB, now)]);
    expect(ran.filter(Boolean)).toHaveLength(1);
    await expectEscalatedOnce(cases);
    const lease = await t.db.selectFrom('job_leases').selectAll().where('name', '=', SLA_SWEEP_JOB).executeTakeFirstOrThrow();
    expect(lease.owner).toBe(ran[0] ? 'instance-a' : 'instance-b');
    await Promise.all([a.stop(), b.stop()]);
  });

  it('escalates each case once when two sweeps run concurrently without a lease', async () => {
    const { cases, now } = await lapsedCases(4);
    const summaries = await Promise.all([sweepDeadlines(ctxA, now), sweepDeadlines(ctxB, now), sweepDeadlines(ctxA, now)]);
    const total = (key: 'escalated' | 'overdue' | 'failed') => summaries.reduce((sum, s) => sum + s[key], 0);
    expect(total('failed')).toBe(0);
    expect(total('escalated')).toBe(cases.length);
    expect(total('overdue')).toBe(cases.length * 2);
    await expectEscalatedOnce(cases);
    // And a sweep after them finds nothing left to do.
    expect(await sweepDeadlines(ctxB, new Date(now.getTime() + minutes(1)))).toEqual({ reminded: 0, overdue: 0, escalated: 0, skipped: 0, failed: 0 });
  });

  // The race the version column exists for: the sweep has read the case inside its transaction and
  // is about to write when someone else's write commits first. Only PostgreSQL has two writers at
  // once; SQLite's single connection runs the two transactions one after the other.
  it.runIf(dialect === 'postgres')('leaves a case that someone changed while the sweep was writing it to the next sweep', async () => {
    const { cases, now } = await lapsedCases(1);
    const c = cases[0];
    if (!c || !other) throw new Error('setup');
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let noted = () => {};
    const written = new Promise<void>((resolve) => {
      noted = resolve;
    });
    // Another instance adds a note (the one write path) and holds its transaction open.
    const someoneElse = other.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
      const stored = await loadStoredCase(trx, row);
      const event = { action: 'add_note', toStatus: stored.projection.status, unitId: null, at: now.toISOString(), payload: { text: '正在协调' } };
      await writeCaseEvent(trx, stored, event, { actor: systemActor('test'), isPublic: false });
      noted();
      await gate;
    });
    await written;
    const sweeping = sweepDeadlines(ctxA, now);
    // Wait until the sweep is blocked on the case row, then let the other write commit.
    for (let i = 0; i < 500; i++) {
      const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(t.db);
      if ((waiting.rows[0]?.n ?? 0) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    release();
    await someoneElse;
    expect(await sweeping).toEqual({ reminded: 0, overdue: 0, escalated: 0, skipped: 1, failed: 0 });
    expect(await countEvents(t.db, c.id, 'escalate')).toBe(0);
    expect(await countEvents(t.db, c.id, 'overdue')).toBe(0);
    // The next sweep sees the new version and does the work, once.
    expect(await sweepDeadlines(ctxB, now)).toMatchObject({ overdue: 2, escalated: 1, skipped: 0 });
    await expectEscalatedOnce(cases);
  });
});

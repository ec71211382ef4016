// The demo loader bypasses the write path, so it must write exactly what the write path writes.
// A generation of a few hundred cases (every kind of history among them) is replayed on a second
// database with the same organisation, through intake, the workflow actions and the SLA sweep,
// each at the generated instant (Date is faked); then every row of the case tables is compared.
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type TestDb, createTestDb, testDialects } from '../../../test/context.js';
import type { AppContext } from '../../context.js';
import { decryptPii } from '../../crypto/pii.js';
import type { Db } from '../../db/database.js';
import type { Actor } from '../auth/actor.js';
import { findGrants } from '../auth/auth.repository.js';
import { runCaseAction } from '../cases/cases.actions.js';
import { intakeCase } from '../cases/cases.intake.js';
import type { CreateCaseInput } from '../cases/cases.schemas.js';
import { sweepDeadlines } from '../sla/sla.sweep.js';
import { openBulkWriter } from './demo-bulk.js';
import { ensureDemoWorld } from './demo-world.js';
import { type SeededCase, seedDemo } from './seed-demo.js';

const OPTIONS = { cases: 300, seed: 11, region: '620102', days: 150, now: new Date('2026-11-20T04:00:00Z'), fastLoad: false, keepSteps: true } as const;
const ENCRYPTED: Record<string, Record<string, string>> = {
  cases: { reporter_name_enc: 'cases.reporter_name', reporter_phone_enc: 'cases.reporter_phone', reporter_id_enc: 'cases.reporter_id' },
  case_parties: { name_enc: 'case_parties.name', phone_enc: 'case_parties.phone', id_number_enc: 'case_parties.id_number' },
};

function inputOf(c: SeededCase): CreateCaseInput {
  const d = c.draw;
  const input: CreateCaseInput = { kind: d.kind as CreateCaseInput['kind'], channel: d.channel, categoryCode: d.categoryCode, regionCode: d.village.code, title: d.title, description: d.description, priority: d.priority };
  if (d.gridIndex !== null) input.gridCode = d.village.grids[d.gridIndex];
  if (d.address) input.address = d.address;
  if (d.reporter) input.reporter = d.reporter;
  if (d.parties.length > 0) input.parties = d.parties;
  return input;
}

/** Every row of a table in a stable order, ids dropped (they number rows in write order), personal fields decrypted. */
async function rowsOf(t: TestDb, table: 'cases' | 'case_events' | 'case_units' | 'case_parties' | 'supervisions' | 'case_rollups' | 'tracking_counters', order: string[], keepId = false) {
  let q = t.db.selectFrom(table).selectAll();
  for (const column of order) q = q.orderBy(column as never);
  const rows = (await q.execute()) as Array<Record<string, unknown>>;
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) {
      if (key === 'id' && !keepId) continue;
      const context = ENCRYPTED[table]?.[key];
      out[key] = context && typeof value === 'string' ? decryptPii(t.config.dataKey, value, context) : value;
    }
    return out;
  });
}

describe.each(testDialects())('demo data made by generator threads (%s)', (dialect) => {
  it('is the same, row for row, as the data made in the loading thread', { timeout: 240_000 }, async () => {
    const inThread = await createTestDb(dialect);
    const threaded = await createTestDb(dialect);
    try {
      const options = { cases: 1500, seed: 5, region: '620102', days: 200, now: OPTIONS.now, fastLoad: true } as const;
      const a = await seedDemo({ config: inThread.config, db: inThread.db }, { ...options, workers: 0 });
      const b = await seedDemo({ config: threaded.config, db: threaded.db }, { ...options, workers: 2, batchSize: 200 });
      expect([a.workers, b.workers]).toEqual([0, 2]);
      // A fast load dropped the secondary indexes and the full-text trigger: all are back, and the full-text index holds every case.
      const indexes = async (t: TestDb) => {
        const writer = await openBulkWriter(t.config.database);
        try {
          return (await writer.secondaryIndexes(['cases', 'case_events', 'case_units', 'case_parties', 'supervisions', 'case_rollups'])).map((i) => i.name);
        } finally {
          await writer.close();
        }
      };
      const template = await createTestDb(dialect);
      try {
        expect(await indexes(threaded)).toEqual(await indexes(template));
      } finally {
        await template.cleanup();
      }
      if (dialect === 'sqlite') {
        const { rows } = await sql<{ fts: number; like: number }>`select
            (select count(*) from cases_fts where cases_fts match '"拖欠工资"') as fts,
            (select count(*) from cases where title like '%拖欠工资%' or description like '%拖欠工资%') as "like"`.execute(threaded.db);
        expect(rows[0]?.like).toBeGreaterThan(0);
        expect(rows[0]?.fts).toBe(rows[0]?.like);
        const triggers = await sql<{ name: string }>`select name from sqlite_master where type = 'trigger' and name = 'cases_fts_ai'`.execute(threaded.db);
        expect(triggers.rows).toHaveLength(1);
      }
      expect(b.events).toBe(a.events);
      for (const [table, order] of [
        ['cases', ['id']],
        ['case_events', ['id']],
        ['case_units', ['id']],
        ['case_parties', ['id']],
        ['supervisions', ['id']],
        ['case_rollups', ['region_code', 'day', 'category_code', 'channel']],
        ['tracking_counters', ['day']],
      ] as const) {
        expect(await rowsOf(threaded, table, [...order], true), table).toEqual(await rowsOf(inThread, table, [...order], true));
      }
    } finally {
      await inThread.cleanup();
      await threaded.cleanup();
    }
  });
});

describe.each(testDialects())('demo data against the write path (%s)', (dialect) => {
  let generated: TestDb;
  let replayed: TestDb;
  let sample: SeededCase[] = [];

  beforeAll(async () => {
    generated = await createTestDb(dialect);
    replayed = await createTestDb(dialect);
    sample = (await seedDemo({ config: generated.config, db: generated.db }, OPTIONS)).sample;
    const writer = await openBulkWriter(replayed.config.database);
    try {
      await ensureDemoWorld(replayed.db, writer, { seed: OPTIONS.seed, provinceCode: '62', region: OPTIONS.region });
    } finally {
      await writer.close();
    }
  });
  afterAll(async () => {
    vi.useRealTimers();
    await generated?.cleanup();
    await replayed?.cleanup();
  });

  it('generates every kind of history: returns, transfers, escalations, holds, overdue cases, unsatisfied follow-ups', () => {
    const actions = new Set(sample.flatMap((c) => c.history.events.map((e) => e.action)));
    for (const action of ['submit', 'accept', 'reject', 'dispatch', 'whistle', 'acknowledge', 'return', 'transfer', 'start', 'hold', 'resume', 'escalate', 'resolve', 'follow_up', 'reopen', 'close', 'remind', 'overdue']) {
      expect(actions, action).toContain(action);
    }
    const sweepEscalations = sample.filter((c) => c.history.events.some((e) => e.action === 'escalate' && e.actorLabel === 'system:sla-sweep'));
    expect(sweepEscalations.length).toBeGreaterThan(0);
    expect(sample.some((c) => c.history.projection.status !== 'closed' && c.history.projection.status !== 'rejected')).toBe(true);
  });

  it('writes the rows that intake, the actions and the SLA sweep write when the same history is replayed', { timeout: 300_000 }, async () => {
    const ctx: AppContext = { config: replayed.config, db: replayed.db, dialect, log: pino({ level: 'silent' }) };
    const actors = new Map<number, Actor>();
    const actorOf = async (db: Db, userId: number): Promise<Actor> => {
      let actor = actors.get(userId);
      if (!actor) {
        const user = await db.selectFrom('users').select('username').where('id', '=', userId).executeTakeFirstOrThrow();
        actor = { kind: 'user', userId, label: user.username, grants: await findGrants(db, userId) };
        actors.set(userId, actor);
      }
      return actor;
    };
    const steps = sample.flatMap((c, i) => c.history.steps.map((step, j) => ({ step, c, i, j })));
    steps.sort((x, y) => (x.step.at < y.step.at ? -1 : x.step.at > y.step.at ? 1 : x.i - y.i || x.j - y.j));
    const swept = new Set<string>();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      for (const { step, c } of steps) {
        vi.setSystemTime(new Date(step.at));
        if (step.kind === 'intake') {
          const created = await intakeCase(ctx, await actorOf(replayed.db, step.userId), inputOf(c));
          expect(created.body.id).toBe(c.id);
        } else if (step.kind === 'action') {
          const { version } = await replayed.db.selectFrom('cases').select('version').where('id', '=', c.id).executeTakeFirstOrThrow();
          await runCaseAction(ctx, await actorOf(replayed.db, step.userId), c.id, step.action, { version, ...step.body });
        } else if (!swept.has(step.at)) {
          swept.add(step.at);
          const summary = await sweepDeadlines(ctx, new Date(step.at));
          expect(summary.failed).toBe(0);
        }
      }
    } finally {
      vi.useRealTimers();
    }
    const events = sample.reduce((n, c) => n + c.history.events.length, 0);
    const { n } = await replayed.db.selectFrom('case_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n)).toBe(events);
    for (const [table, order, keepId] of [
      ['cases', ['id'], true],
      ['case_events', ['case_id', 'seq'], false],
      ['case_units', ['case_id', 'id'], false],
      ['case_parties', ['case_id', 'id'], false],
      ['supervisions', ['case_id', 'opened_at'], false],
      ['case_rollups', ['region_code', 'day', 'category_code', 'channel'], false],
      ['tracking_counters', ['day'], false],
    ] as const) {
      const expected = await rowsOf(replayed, table, [...order], keepId);
      const actual = await rowsOf(generated, table, [...order], keepId);
      expect(expected.length, `${table} rows`).toBeGreaterThan(0);
      expect(actual.length, `${table} rows`).toBe(expected.length);
      for (let i = 0; i < expected.length; i++) expect(actual[i], `${table} row ${i}`).toEqual(expected[i]);
    }
  });
});

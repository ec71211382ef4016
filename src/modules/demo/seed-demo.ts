// `pingan seed-demo`: a deterministic province of demo data. The organisation (demo-world.ts), then
// N cases in time order over the last `days` days, each simulated through the workflow
// (case-history.ts) and written in big transactions as the rows the write path would have written
// (demo-rows.ts). Two deliberate differences from live writes, documented in docs/benchmarks.md:
// no outbox rows (history is not news: subscribers would be flooded) and one audit row for the
// whole load instead of one per event.
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { rollupDay } from '../analytics/rollup-deltas.js';
import { appendAudit } from '../audit/audit.repository.js';
import { systemActor } from '../auth/actor.js';
import { formatTrackingCode } from '../cases/cases.intake.js';
import { responsibleDepartmentKind } from '../categories/categories.service.js';
import { loadSlaRules } from '../sla/sla.service.js';
import { type CaseHistory, type HistoryContext, type ReplayStep, simulateCase } from './case-history.js';
import { type BulkWriter, openBulkWriter } from './demo-bulk.js';
import { type CaseDraw, CaseDrawer, DAY_MS, intakeTimes, planDays } from './demo-draw.js';
import { CASE_COLUMNS, CASE_UNIT_COLUMNS, EVENT_COLUMNS, type IdCounters, PARTY_COLUMNS, ROLLUP_COLUMNS, ROLLUP_KEY, RollupAccumulator, type RowBatch, SUPERVISION_COLUMNS, appendCaseRows, emptyBatch } from './demo-rows.js';
import * as repo from './demo.repository.js';
import { type DemoWorld, ensureDemoWorld } from './demo-world.js';
import { Rng } from './prng.js';
import { ROLLUP_MEASURES } from '../../db/schema-cases.js';

export interface SeedOptions {
  cases: number;
  seed: number;
  /** Limit the world and the cases to one region's subtree (tests, quick runs). */
  region?: string | undefined;
  /** Days of history before now (default 730: two years, so "same period last year" has data). */
  days?: number;
  now?: Date;
  /** Cases per transaction. */
  batchSize?: number;
  /** Drop secondary indexes and the FTS insert trigger during the load and rebuild them after: 'auto' does it for big loads into a small table. */
  fastLoad?: 'auto' | boolean;
  /** Keep each case's replay script (tests only: memory grows with N). */
  keepSteps?: boolean;
  log?: (message: string) => void;
}

export interface SeededCase {
  id: number;
  draw: CaseDraw;
  history: CaseHistory;
}

export interface SeedResult {
  cases: number;
  events: number;
  now: string;
  seconds: number;
  phases: Record<string, number>;
  fastLoad: boolean;
  sample: SeededCase[];
}

const LOADED_TABLES = ['cases', 'case_events', 'case_units', 'case_parties', 'supervisions'];
const ROLLUP_FLUSH_KEYS = 400_000;

async function routingTable(db: Db, leaves: Array<{ code: string }>): Promise<Map<string, Array<string | undefined>>> {
  const out = new Map<string, Array<string | undefined>>();
  for (const leaf of leaves) {
    const kinds: Array<string | undefined> = [];
    for (let level = 0; level <= 4; level++) kinds.push(await responsibleDepartmentKind(db, leaf.code, level));
    out.set(leaf.code, kinds);
  }
  return out;
}

function intakeUser(world: DemoWorld, rng: Rng, draw: CaseDraw): number {
  const township = draw.village.code.slice(0, 9).padEnd(12, '0');
  const city = draw.village.code.slice(0, 4).padEnd(12, '0');
  const staffOf = (regionCode: string, role: string) => {
    const unit = regionCode.length === 12 ? world.centerOf.get(regionCode) : undefined;
    return unit === undefined ? undefined : world.staff.get(`${unit}|${role}`);
  };
  const pickFrom = (list: number[] | undefined) => (list && list.length > 0 ? rng.pick(list) : undefined);
  let user: number | undefined;
  if (draw.channel === 'hotline') user = pickFrom(staffOf(city, 'center_operator'));
  else if (draw.channel === 'grid_report' && draw.gridIndex !== null) user = draw.village.gridWorkers[draw.gridIndex] || undefined;
  else if (draw.channel === 'referral') {
    const police = world.departmentAt.get(`${township}|police_station`);
    user = pickFrom(police === undefined ? undefined : world.staff.get(`${police}|department_handler`));
  }
  user ??= pickFrom(staffOf(township, 'center_operator'));
  if (user === undefined) throw new Error(`demo world: nobody to take in a case in ${draw.village.code}`);
  return user;
}

interface LoadState {
  writer: BulkWriter;
  ids: IdCounters;
  rollups: RollupAccumulator;
  events: number;
}

async function writeBatch(state: LoadState, batch: RowBatch): Promise<void> {
  const { writer } = state;
  await writer.begin();
  try {
    await writer.insert('cases', CASE_COLUMNS, batch.cases);
    await writer.insert('case_events', EVENT_COLUMNS, batch.events);
    await writer.insert('case_units', CASE_UNIT_COLUMNS, batch.units);
    await writer.insert('case_parties', PARTY_COLUMNS, batch.parties);
    await writer.insert('supervisions', SUPERVISION_COLUMNS, batch.supervisions);
    if (state.rollups.size >= ROLLUP_FLUSH_KEYS) await writer.upsertAdd('case_rollups', ROLLUP_KEY, ROLLUP_COLUMNS, ROLLUP_MEASURES, state.rollups.drain());
    await writer.commit();
  } catch (error) {
    await writer.rollback();
    throw error;
  }
  state.events += batch.events.length;
}

interface Suspended {
  indexes: Array<{ name: string; sql: string }>;
  triggers: Array<{ name: string; sql: string }>;
  ftsFromId: number | null;
}

/** Drops what slows row-at-a-time loading: secondary indexes (rebuilt by one sort each) and, on SQLite, the FTS insert trigger. */
async function suspendIndexes(writer: BulkWriter, firstCaseId: number): Promise<Suspended> {
  const indexes = await writer.secondaryIndexes(LOADED_TABLES);
  const triggers = writer.dialect === 'sqlite' ? await writer.query<{ name: string; sql: string }>("select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'cases' and name = 'cases_fts_ai'") : [];
  await writer.begin();
  for (const i of indexes) await writer.exec(`drop index ${i.name}`);
  for (const t of triggers) await writer.exec(`drop trigger ${t.name}`);
  await writer.commit();
  return { indexes, triggers, ftsFromId: triggers.length > 0 ? firstCaseId : null };
}

async function restoreIndexes(writer: BulkWriter, suspended: Suspended, log: (m: string) => void): Promise<void> {
  if (suspended.ftsFromId !== null) {
    const started = Date.now();
    await writer.begin();
    // What the dropped trigger would have done for each new row.
    await writer.run('insert into cases_fts(rowid, title, description) select id, title, description from cases where id >= ?', [suspended.ftsFromId]);
    await writer.commit();
    log(`full-text index: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  for (const t of suspended.triggers) await writer.exec(t.sql);
  for (const i of suspended.indexes) {
    const started = Date.now();
    await writer.exec(i.sql);
    log(`index ${i.name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

/** Seeds the demo organisation (once) and `cases` more cases. The database must be migrated and bootstrapped. */
export async function seedDemo(ctx: { config: Config; db: Db }, options: SeedOptions): Promise<SeedResult> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const phases: Record<string, number> = {};
  const phase = (name: string, since: number) => (phases[name] = (Date.now() - since) / 1000);
  const writer = await openBulkWriter(ctx.config.database);
  try {
    let t = Date.now();
    const world = await ensureDemoWorld(ctx.db, writer, { seed: options.seed, provinceCode: ctx.config.provinceCode, region: options.region, log });
    const villages = options.region ? world.villages.filter((v) => v.code.startsWith(options.region ?? '')) : world.villages;
    phase('world', t);
    const leaves = (await repo.findCategoryLeaves(ctx.db)).map((l) => ({ code: l.code, kind: l.default_kind ?? 'request' }));
    const rules = await loadSlaRules(ctx.db);
    const nowMs = Math.floor((options.now ?? new Date()).getTime() / 60_000) * 60_000;
    const history: HistoryContext = { world, calendar: rules.calendar, policies: rules.policies, routing: await routingTable(ctx.db, leaves), nowMs };
    const drawer = new CaseDrawer(villages, leaves);
    const days = planDays(new Rng(options.seed, 1), options.cases, nowMs, options.days ?? 730);
    const firstDay = days[0]?.day ?? '';
    const counters = new Map((await repo.findTrackingCounters(ctx.db, firstDay, days.at(-1)?.day ?? firstDay)).map((c) => [c.day, c.next_value]));
    let caseId = await writer.maxId('cases');
    const existingCases = caseId;
    const ids: IdCounters = { event: await writer.maxId('case_events'), unit: await writer.maxId('case_units'), party: await writer.maxId('case_parties'), supervision: await writer.maxId('supervisions') };
    const fast = options.fastLoad === true || (options.fastLoad !== false && options.cases >= 100_000 && options.cases >= existingCases);
    const suspended = fast ? await suspendIndexes(writer, caseId + 1) : undefined;
    const state: LoadState = { writer, ids, rollups: new RollupAccumulator(), events: 0 };
    const batchSize = options.batchSize ?? 5_000;
    const sample: SeededCase[] = [];
    const tracking: Array<[string, number]> = [];
    let batch = emptyBatch();
    let pending = 0;
    let index = 0;
    t = Date.now();
    for (const [d, plan] of days.entries()) {
      if (plan.count === 0) continue;
      const times = intakeTimes(new Rng(options.seed, 2_000_000 + d), plan);
      const start = counters.get(plan.day) ?? 1;
      for (const [j, createdAt] of times.entries()) {
        const rng = new Rng(options.seed, 10_000_000 + index++);
        const draw = drawer.draw(rng, createdAt);
        const h = simulateCase(history, rng, draw, intakeUser(world, rng, draw));
        const day = rollupDay(new Date(createdAt).toISOString());
        appendCaseRows(batch, ids, ctx.config.dataKey, ++caseId, formatTrackingCode(ctx.config.trackingPrefix, day, start + j), draw, h);
        state.rollups.add(draw.village.code, draw.categoryCode, draw.channel, h.deltas);
        if (options.keepSteps) sample.push({ id: caseId, draw, history: h });
        if (++pending >= batchSize) {
          await writeBatch(state, batch);
          batch = emptyBatch();
          pending = 0;
          if (caseId % 100_000 < batchSize) log(`cases: ${caseId - existingCases} of ${options.cases} (${((Date.now() - t) / 1000).toFixed(0)} s)`);
        }
      }
      // Intake counts the next sequence number per local day; continue after the demo's.
      tracking.push([plan.day, counters.has(plan.day) ? times.length : times.length + 1]);
    }
    await writeBatch(state, batch);
    phase('cases', t);
    t = Date.now();
    await writer.begin();
    await writer.upsertAdd('case_rollups', ROLLUP_KEY, ROLLUP_COLUMNS, ROLLUP_MEASURES, state.rollups.drain());
    await writer.upsertAdd('tracking_counters', ['day'], ['day', 'next_value'], ['next_value'], tracking);
    await writer.fixSequences(LOADED_TABLES);
    await writer.commit();
    phase('rollups', t);
    if (suspended) {
      t = Date.now();
      await restoreIndexes(writer, suspended, log);
      phase('indexes', t);
    }
    t = Date.now();
    await writer.exec('analyze');
    phase('analyze', t);
    await ctx.db.transaction().execute((trx) =>
      appendAudit(trx, {
        actorUserId: null,
        actorLabel: systemActor('seed-demo').label,
        action: 'demo.seeded',
        entityType: 'cases',
        detail: { cases: options.cases, events: state.events, seed: options.seed, region: options.region ?? null, now: new Date(nowMs).toISOString(), firstCaseId: existingCases + 1 },
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    log(`seeded ${options.cases} cases, ${state.events} events in ${seconds.toFixed(1)} s`);
    return { cases: options.cases, events: state.events, now: new Date(nowMs).toISOString(), seconds, phases, fastLoad: fast, sample };
  } finally {
    await writer.close();
  }
}

export { DAY_MS };
export type { ReplayStep };

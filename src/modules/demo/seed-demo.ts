// `pingan seed-demo`: a deterministic province of demo data. The organisation (demo-world.ts), then
// N cases in time order over the last `days` days, each simulated through the workflow
// (case-history.ts) and written in big transactions as the rows the write path would have written
// (demo-rows.ts). Two deliberate differences from live writes, documented in docs/benchmarks.md:
// no outbox rows (history is not news: subscribers would be flooded) and one audit row for the
// whole load instead of one per event.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { ROLLUP_MEASURES } from '../../db/schema-cases.js';
import { rollupDay } from '../analytics/rollup-deltas.js';
import { appendAudit } from '../audit/audit.repository.js';
import { systemActor } from '../auth/actor.js';
import { formatTrackingCode } from '../cases/cases.intake.js';
import type { ReplayStep } from './case-history.js';
import { type BulkWriter, openBulkWriter } from './demo-bulk.js';
import { type DayPlan, intakeTimes, planDays } from './demo-draw.js';
import { type ChunkItem, type ChunkRows, type GeneratorSetup, type SeededCase, generateChunk, prepareGenerator } from './demo-generator.js';
import { CASE_COLUMNS, CASE_UNIT_COLUMNS, EVENT_COLUMNS, type IdCounters, PARTY_COLUMNS, ROLLUP_COLUMNS, ROLLUP_KEY, RollupAccumulator, SUPERVISION_COLUMNS } from './demo-rows.js';
import * as repo from './demo.repository.js';
import { ensureDemoWorld } from './demo-world.js';
import { Rng } from './prng.js';

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
  /** Keep each case's replay script (tests only: memory grows with N; generation stays in this thread). */
  keepSteps?: boolean;
  /** Generator threads (default: one per CPU for 20,000 cases or more, else none). */
  workers?: number;
  log?: (message: string) => void;
}

export interface SeedResult {
  cases: number;
  events: number;
  now: string;
  seconds: number;
  phases: Record<string, number>;
  fastLoad: boolean;
  workers: number;
  sample: SeededCase[];
}

const LOADED_TABLES = ['cases', 'case_events', 'case_units', 'case_parties', 'supervisions'];
/** Tables whose secondary indexes a fast load rebuilds afterwards (the rollups' primary key stays: upserts need it). */
const INDEXED_TABLES = [...LOADED_TABLES, 'case_rollups'];
const ROLLUP_FLUSH_KEYS = 400_000;

interface LoadState {
  writer: BulkWriter;
  ids: IdCounters;
  rollups: RollupAccumulator;
  events: number;
  /** Time spent writing (and merging rollups) in this thread. */
  writeMs: number;
}

/** Numbers the chunk's rows (flat, `width` values each) after the ones written so far (a chunk numbers from 1); the number of rows. */
function renumber(values: unknown[], width: number, offset: number): number {
  for (let i = 0; i < values.length; i += width) values[i] = (values[i] as number) + offset;
  return values.length / width;
}

async function writeChunk(state: LoadState, chunk: ChunkRows): Promise<void> {
  const started = Date.now();
  const { writer, ids } = state;
  const { batch } = chunk;
  const events = renumber(batch.events, EVENT_COLUMNS.length, ids.event);
  ids.event += events;
  ids.unit += renumber(batch.units, CASE_UNIT_COLUMNS.length, ids.unit);
  ids.party += renumber(batch.parties, PARTY_COLUMNS.length, ids.party);
  ids.supervision += renumber(batch.supervisions, SUPERVISION_COLUMNS.length, ids.supervision);
  await writer.begin();
  try {
    await writer.insertValues('cases', CASE_COLUMNS, batch.cases);
    await writer.insertValues('case_events', EVENT_COLUMNS, batch.events);
    await writer.insertValues('case_units', CASE_UNIT_COLUMNS, batch.units);
    await writer.insertValues('case_parties', PARTY_COLUMNS, batch.parties);
    await writer.insertValues('supervisions', SUPERVISION_COLUMNS, batch.supervisions);
    await writer.upsertAddValues('case_rollups', ROLLUP_KEY, ROLLUP_COLUMNS, ROLLUP_MEASURES, chunk.rollups);
    await writer.commit();
  } catch (error) {
    await writer.rollback();
    throw error;
  }
  state.events += events;
  state.writeMs += Date.now() - started;
}

/** The cases of the period in time order, in chunks: instant, id and intake's tracking code for each. */
function* chunksOf(days: DayPlan[], seed: number, firstCaseId: number, prefix: string, counters: Map<string, number>, tracking: Array<[string, number]>, size: number): Generator<ChunkItem[]> {
  let items: ChunkItem[] = [];
  let index = 0;
  for (const [d, plan] of days.entries()) {
    if (plan.count === 0) continue;
    const times = intakeTimes(new Rng(seed, 2_000_000 + d), plan);
    const start = counters.get(plan.day) ?? 1;
    for (const [j, createdAt] of times.entries()) {
      const day = rollupDay(new Date(createdAt).toISOString());
      items.push({ index, createdAt, caseId: firstCaseId + index, trackingCode: formatTrackingCode(prefix, day, start + j) });
      index++;
      if (items.length >= size) {
        yield items;
        items = [];
      }
    }
    // Intake counts the next sequence number per local day; continue after the demo's.
    tracking.push([plan.day, counters.has(plan.day) ? times.length : times.length + 1]);
  }
  if (items.length > 0) yield items;
}

/** Generator threads, fed chunks in order; results are taken in the same order. */
class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (rows: ChunkRows) => void; reject: (error: Error) => void }>();

  static async start(count: number, init: Record<string, unknown>): Promise<WorkerPool> {
    const pool = new WorkerPool();
    const tsx = import.meta.resolve('tsx/esm/api');
    const script = new URL('./demo-worker.ts', import.meta.url).href;
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(script)}); })`;
    await Promise.all(
      Array.from({ length: count }, () => {
        // A larger young generation: generation allocates many short-lived objects.
        const worker = new Worker(boot, { eval: true, workerData: init, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
        pool.workers.push(worker);
        return new Promise<void>((resolve, reject) => {
          worker.once('error', reject);
          worker.on('message', (message: 'ready' | { id: number; rows: ChunkRows }) => {
            if (message === 'ready') return resolve();
            const waiter = pool.waiting.get(message.id);
            pool.waiting.delete(message.id);
            waiter?.resolve(message.rows);
          });
          worker.on('error', (error) => {
            for (const w of pool.waiting.values()) w.reject(error);
            pool.waiting.clear();
          });
        });
      }),
    );
    return pool;
  }

  run(id: number, items: ChunkItem[]): Promise<ChunkRows> {
    const worker = this.workers[id % this.workers.length] as Worker;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, items });
    });
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

interface Suspended {
  indexes: Array<{ name: string; sql: string }>;
  triggers: Array<{ name: string; sql: string }>;
  ftsFromId: number | null;
}

/** Drops what slows row-at-a-time loading: secondary indexes (rebuilt by one sort each) and, on SQLite, the FTS insert trigger. */
async function suspendIndexes(writer: BulkWriter, firstCaseId: number): Promise<Suspended> {
  const indexes = await writer.secondaryIndexes(INDEXED_TABLES);
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
    await ensureDemoWorld(ctx.db, writer, { seed: options.seed, provinceCode: ctx.config.provinceCode, region: options.region, log });
    const nowMs = Math.floor((options.now ?? new Date()).getTime() / 60_000) * 60_000;
    const setup: GeneratorSetup = { seed: options.seed, provinceCode: ctx.config.provinceCode, region: options.region, nowMs, dataKey: ctx.config.dataKey };
    phase('world', t);
    const days = planDays(new Rng(options.seed, 1), options.cases, nowMs, options.days ?? 730);
    const firstDay = days[0]?.day ?? '';
    const counters = new Map((await repo.findTrackingCounters(ctx.db, firstDay, days.at(-1)?.day ?? firstDay)).map((c) => [c.day, c.next_value]));
    const existingCases = await writer.maxId('cases');
    const ids: IdCounters = { event: await writer.maxId('case_events'), unit: await writer.maxId('case_units'), party: await writer.maxId('case_parties'), supervision: await writer.maxId('supervisions') };
    const fast = options.fastLoad === true || (options.fastLoad !== false && options.cases >= 100_000 && options.cases >= existingCases);
    const suspended = fast ? await suspendIndexes(writer, existingCases + 1) : undefined;
    const state: LoadState = { writer, ids, rollups: new RollupAccumulator(), events: 0, writeMs: 0 };
    const sample: SeededCase[] = [];
    const tracking: Array<[string, number]> = [];
    const chunks = chunksOf(days, options.seed, existingCases + 1, ctx.config.trackingPrefix, counters, tracking, options.batchSize ?? 5_000);
    const threads = options.keepSteps ? 0 : (options.workers ?? (options.cases >= 20_000 ? os.availableParallelism() : 0));
    const progress = (done: number) => log(`cases: ${done} of ${options.cases} (${((Date.now() - t) / 1000).toFixed(0)} s)`);
    t = Date.now();
    const casesCpu = process.cpuUsage();
    let done = 0;
    if (threads === 0) {
      const gen = await prepareGenerator(ctx.db, setup);
      for (const items of chunks) {
        const batch = generateChunk(gen, items, state.rollups, options.keepSteps ? sample : undefined);
        await writeChunk(state, { batch, rollups: state.rollups.size >= ROLLUP_FLUSH_KEYS ? state.rollups.drain() : [] });
        if (Math.floor((done + items.length) / 100_000) > Math.floor(done / 100_000)) progress(done + items.length);
        done += items.length;
      }
    } else {
      const pool = await WorkerPool.start(threads, { databaseUrl: ctx.config.database.url, dataKeyHex: ctx.config.dataKey.toString('hex'), seed: options.seed, provinceCode: ctx.config.provinceCode, region: options.region, nowMs, flushKeys: ROLLUP_FLUSH_KEYS });
      phase('workers', t);
      try {
        // Two chunks in flight per thread keeps every thread busy while this one writes.
        const inFlight: Array<{ size: number; rows: Promise<ChunkRows> }> = [];
        let id = 0;
        const feed = () => {
          while (inFlight.length < threads * 2) {
            const next = chunks.next();
            if (next.done) return;
            inFlight.push({ size: next.value.length, rows: pool.run(id++, next.value) });
          }
        };
        feed();
        while (inFlight.length > 0) {
          const head = inFlight.shift() as { size: number; rows: Promise<ChunkRows> };
          const rows = await head.rows;
          feed();
          await writeChunk(state, rows);
          if (Math.floor((done + head.size) / 100_000) > Math.floor(done / 100_000)) progress(done + head.size);
          done += head.size;
        }
        // What each thread still holds of the rollups.
        for (let w = 0; w < threads; w++) await writeChunk(state, await pool.run(id++, []));
      } finally {
        await pool.stop();
      }
    }
    phase('cases', t);
    phases.writing = state.writeMs / 1000;
    // CPU of every thread of the process: the cost per case without the world and the index rebuilds.
    const cpu = process.cpuUsage(casesCpu);
    log(`cases: ${((cpu.user + cpu.system) / 1e3 / Math.max(options.cases, 1)).toFixed(3)} CPU-ms per case over all threads, ${phases.writing.toFixed(1)} s of ${(phases.cases ?? 0).toFixed(1)} s writing`);
    t = Date.now();
    await writer.begin();
    await writer.upsertAddValues('case_rollups', ROLLUP_KEY, ROLLUP_COLUMNS, ROLLUP_MEASURES, state.rollups.drain());
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
    return { cases: options.cases, events: state.events, now: new Date(nowMs).toISOString(), seconds, phases, fastLoad: fast, workers: threads, sample };
  } finally {
    await writer.close();
  }
}

export type { ReplayStep, SeededCase };

// Turning case numbers into rows: everything a generator thread needs (the world, the rules, the
// routing table, the distributions) and the pure step from a chunk of cases to their rows. The
// same code runs in the loading thread (small loads, tests) and in worker threads (big loads);
// each case draws from its own random stream (seed, case index), so the output does not depend on
// which thread made it.
import type { Db } from '../../db/database.js';
import { responsibleDepartmentKind } from '../categories/categories.service.js';
import { loadSlaRules } from '../sla/sla.service.js';
import { type CaseHistory, type HistoryContext, simulateCase } from './case-history.js';
import { type CaseDraw, CaseDrawer } from './demo-draw.js';
import { type IdCounters, RollupAccumulator, type RowBatch, appendCaseRows, emptyBatch } from './demo-rows.js';
import * as repo from './demo.repository.js';
import { type DemoWorld, loadWorld } from './demo-world.js';
import { Rng } from './prng.js';

export interface GeneratorSetup {
  seed: number;
  provinceCode: string;
  region?: string | undefined;
  nowMs: number;
  dataKey: Buffer;
}

export interface Generator {
  setup: GeneratorSetup;
  world: DemoWorld;
  history: HistoryContext;
  drawer: CaseDrawer;
}

/** One case to make: its place in the sequence (the random stream), instant, id and tracking code. */
export interface ChunkItem {
  index: number;
  createdAt: number;
  caseId: number;
  trackingCode: string;
}

export interface ChunkRows {
  /** Rows with ids of events, units, parties and supervisions numbered from 1 within the chunk. */
  batch: RowBatch;
  /** Rollup sums to upsert now (flat, ROLLUP_COLUMNS order): the accumulator's, when it was drained. */
  rollups: unknown[];
}

export interface SeededCase {
  id: number;
  draw: CaseDraw;
  history: CaseHistory;
}

async function routingTable(db: Db, leaves: Array<{ code: string }>): Promise<Map<string, Array<string | undefined>>> {
  const out = new Map<string, Array<string | undefined>>();
  for (const leaf of leaves) {
    const kinds: Array<string | undefined> = [];
    for (let level = 0; level <= 4; level++) kinds.push(await responsibleDepartmentKind(db, leaf.code, level));
    out.set(leaf.code, kinds);
  }
  return out;
}

export async function prepareGenerator(db: Db, setup: GeneratorSetup): Promise<Generator> {
  const world = await loadWorld(db, setup.provinceCode);
  const villages = setup.region ? world.villages.filter((v) => v.code.startsWith(setup.region ?? '')) : world.villages;
  const leaves = (await repo.findCategoryLeaves(db)).map((l) => ({ code: l.code, kind: l.default_kind ?? 'request' }));
  const rules = await loadSlaRules(db);
  const history: HistoryContext = { world, calendar: rules.calendar, policies: rules.policies, routing: await routingTable(db, leaves), nowMs: setup.nowMs };
  return { setup, world, history, drawer: new CaseDrawer(villages, leaves) };
}

function intakeUser(world: DemoWorld, rng: Rng, draw: CaseDraw): number {
  const township = draw.village.code.slice(0, 9).padEnd(12, '0');
  const city = draw.village.code.slice(0, 4).padEnd(12, '0');
  const staffOf = (regionCode: string, role: string) => {
    const unit = world.centerOf.get(regionCode);
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

/**
 * The rows of a chunk of cases; their rollup deltas go into `rollups`, which the caller drains when
 * it has grown (summing in memory first makes far fewer upserts). With `keep`, each case's draw and
 * history are kept too (tests).
 */
export function generateChunk(gen: Generator, items: readonly ChunkItem[], rollups: RollupAccumulator, keep?: SeededCase[]): RowBatch {
  const batch = emptyBatch();
  const ids: IdCounters = { event: 0, unit: 0, party: 0, supervision: 0 };
  for (const item of items) {
    const rng = new Rng(gen.setup.seed, 10_000_000 + item.index);
    const draw = gen.drawer.draw(rng, item.createdAt);
    const history = simulateCase(gen.history, rng, draw, intakeUser(gen.world, rng, draw));
    appendCaseRows(batch, ids, gen.setup.dataKey, item.caseId, item.trackingCode, draw, history);
    rollups.add(draw.village.code, draw.categoryCode, draw.channel, history.deltas);
    keep?.push({ id: item.caseId, draw, history });
  }
  return batch;
}

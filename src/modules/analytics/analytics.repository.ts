// All SQL of analytics. The summary reads only the daily counters in case_rollups (never the cases
// table): a region is one primary-key prefix, a level of its subtree is one range scan on
// case_rollups_level_idx, so a summary costs the same on ten cases as on ten million. The one
// exception is the overdue ranking of units, a present-tense question the rollups cannot answer:
// it reads open cases by the status × region index, within caseVisible.
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { ROLLUP_MEASURES } from '../../db/schema-cases.js';
import type { CaseScope } from '../cases/cases.policy.js';
import { caseVisible } from '../cases/cases.repository.js';
import { subtreeRange } from '../regions/region-code.js';
import { type RollupSums, emptySums } from './summary-measures.js';

export type SummaryGrouping = 'none' | 'category' | 'channel' | 'region' | 'day';

export interface RollupQuery {
  /** The 12-digit code of a region at level 0–3. */
  regionCode: string;
  /** Its level (0 province … 3 township). */
  level: number;
  from: string;
  to: string;
  groupBy: SummaryGrouping;
}

export interface KeyedSums {
  key: string;
  sums: RollupSums;
}

/**
 * The counters of one period summed per group: the region's totals (slice '*','*'), its per-category
 * or per-channel slices, its child regions (level + 1 inside its code range) or its days.
 */
export async function sumRollups(db: Db, q: RollupQuery): Promise<KeyedSums[]> {
  const keyColumn = { none: sql<string>`'*'`, category: sql.ref<string>('category_code'), channel: sql.ref<string>('channel'), region: sql.ref<string>('region_code'), day: sql.ref<string>('day') }[q.groupBy];
  let query = db
    .selectFrom('case_rollups')
    .select(keyColumn.as('key'))
    .select(ROLLUP_MEASURES.map((m) => sql<number>`coalesce(sum(${sql.ref(m)}), 0)`.as(m)))
    .where('day', '>=', q.from)
    .where('day', '<=', q.to);
  if (q.groupBy === 'region') {
    const range = subtreeRange(q.regionCode);
    query = query.where('region_level', '=', q.level + 1).where('region_code', '>=', range.from).where('region_code', '<=', range.to);
  } else {
    query = query.where('region_code', '=', q.regionCode);
  }
  query = query.where('category_code', q.groupBy === 'category' ? '!=' : '=', '*').where('channel', q.groupBy === 'channel' ? '!=' : '=', '*');
  if (q.groupBy !== 'none') query = query.groupBy(keyColumn);
  const rows = await query.execute();
  return rows.map((row) => {
    const record = row as Record<string, unknown>;
    const sums = emptySums();
    for (const m of ROLLUP_MEASURES) sums[m] = Number(record[m] ?? 0);
    return { key: String(record.key), sums };
  });
}

export async function findCategoryNames(db: Db, codes: string[]) {
  if (codes.length === 0) return [];
  return db.selectFrom('categories').select(['code', 'name']).where('code', 'in', codes).execute();
}

/** Statuses in which a lead unit holds the case and its clocks can be overdue. */
const HELD_BY_LEAD = ['dispatched', 'acknowledged', 'in_progress', 'on_hold'] as const;

/**
 * Units holding, as lead, open cases of a region subtree whose resolve or acknowledge deadline has
 * passed, most overdue first. Reads the cases the scope sees (caseVisible), by the status × region
 * index; the overdue flags are kept by the SLA sweep.
 */
export async function findOverdueByLeadUnit(db: Db, scope: CaseScope, regionCode: string, limit: number) {
  const range = subtreeRange(regionCode);
  return db
    .selectFrom('cases')
    .innerJoin('units', 'units.id', 'cases.lead_unit_id')
    .select([
      'cases.lead_unit_id as unitId',
      'units.name as unitName',
      'units.region_code as unitRegionCode',
      (eb) => eb.fn.sum<number>('cases.overdue_resolve').as('overdueResolve'),
      (eb) => eb.fn.sum<number>('cases.overdue_ack').as('overdueAck'),
      (eb) => eb.fn.countAll<number>().as('overdue'),
    ])
    .where('cases.status', 'in', HELD_BY_LEAD)
    .where('cases.region_code', '>=', range.from)
    .where('cases.region_code', '<=', range.to)
    .where((eb) => eb.or([eb('cases.overdue_resolve', '=', 1), eb('cases.overdue_ack', '=', 1)]))
    .where((eb) => caseVisible(eb, scope))
    .groupBy(['cases.lead_unit_id', 'units.name', 'units.region_code'])
    .orderBy('overdue', 'desc')
    .orderBy('overdueResolve', 'desc')
    .orderBy('cases.lead_unit_id')
    .limit(limit)
    .execute();
}

/** Open cases the same units hold as lead in the same subtree (the ranking's denominator). */
export async function countHeldByLeadUnits(db: Db, scope: CaseScope, regionCode: string, unitIds: number[]) {
  if (unitIds.length === 0) return [];
  const range = subtreeRange(regionCode);
  return db
    .selectFrom('cases')
    .select(['cases.lead_unit_id as unitId', (eb) => eb.fn.countAll<number>().as('held')])
    .where('cases.status', 'in', HELD_BY_LEAD)
    .where('cases.region_code', '>=', range.from)
    .where('cases.region_code', '<=', range.to)
    .where('cases.lead_unit_id', 'in', unitIds)
    .where((eb) => caseVisible(eb, scope))
    .groupBy('cases.lead_unit_id')
    .execute();
}

export async function findSetting(db: Db, key: string): Promise<string | undefined> {
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

export async function upsertSetting(db: Db, key: string, value: string, now: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
    .execute();
}

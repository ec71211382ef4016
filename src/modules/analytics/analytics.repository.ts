// All SQL of analytics. It reads only the daily counters in case_rollups (never the cases table):
// a region is one primary-key prefix, a level of its subtree is one range scan on
// case_rollups_level_idx, so a summary costs the same on ten cases as on ten million.
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { ROLLUP_MEASURES } from '../../db/schema-cases.js';
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

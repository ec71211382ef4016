// All SQL of regions. Regions are public reference data: no scope filter, read by everyone.
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { RegionsTable } from '../../db/schema.js';
import { type CodeRange, subtreeRange } from './region-code.js';

export type RegionRow = RegionsTable;

// 5 columns a row: 1,000 rows stay far below SQLite's 32,766 and PostgreSQL's 65,535 parameters.
const INSERT_BATCH = 1000;

/** Inserts or updates rows by code (idempotent re-import); the caller owns the transaction. */
export async function upsertRegions(db: Db, rows: RegionRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    await db
      .insertInto('regions')
      .values(rows.slice(i, i + INSERT_BATCH))
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          level: eb.ref('excluded.level'),
          parent_code: eb.ref('excluded.parent_code'),
          child_count: eb.ref('excluded.child_count'),
        })),
      )
      .execute();
  }
}

export async function findRegion(db: Db, code: string): Promise<RegionRow | undefined> {
  return db.selectFrom('regions').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findRegionsByCodes(db: Db, codes: string[]): Promise<RegionRow[]> {
  if (codes.length === 0) return [];
  return db.selectFrom('regions').selectAll().where('code', 'in', codes).orderBy('code').execute();
}

export async function findChildren(db: Db, parentCode: string): Promise<RegionRow[]> {
  return db.selectFrom('regions').selectAll().where('parent_code', '=', parentCode).orderBy('code').execute();
}

/** Regions of one level inside a code range (a subtree): an index range scan on the primary key. */
export async function countInRange(db: Db, range: CodeRange, level?: number): Promise<number> {
  let q = db
    .selectFrom('regions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('code', '>=', range.from)
    .where('code', '<=', range.to);
  if (level !== undefined) q = q.where('level', '=', level);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Regions per level, in the subtree of `code` or everywhere. */
export async function countByLevel(db: Db, code?: string): Promise<Map<number, number>> {
  let q = db.selectFrom('regions').select(['level', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('level');
  if (code !== undefined) {
    const range = subtreeRange(code);
    q = q.where('code', '>=', range.from).where('code', '<=', range.to);
  }
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.level, Number(r.n)]));
}

export interface RegionSearch {
  /** Substring of the name; LIKE wildcards in it are matched literally. */
  text: string;
  level?: number;
  within?: CodeRange;
  limit: number;
}

function likeSubstring(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function searchRegions(db: Db, search: RegionSearch): Promise<RegionRow[]> {
  let q = db
    .selectFrom('regions')
    .selectAll()
    .where(sql<boolean>`${sql.ref('name')} like ${likeSubstring(search.text)} escape '\\'`);
  if (search.level !== undefined) q = q.where('level', '=', search.level);
  if (search.within) q = q.where('code', '>=', search.within.from).where('code', '<=', search.within.to);
  // Higher levels first: "城关" should offer 城关区 before the villages named after it.
  return q.orderBy('level').orderBy('code').limit(search.limit).execute();
}

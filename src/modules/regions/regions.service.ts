// Use cases of the regions API: look up a region with its ancestry, list children, search by name.
// Regions are public reference data, so there is no scope check (grids and cases are scoped).
import type { Db } from '../../db/database.js';
import { invalid, notFound } from '../../errors.js';
import { type RegionLevel, ancestorCodes, normalizeRegionCode, regionLevels, subtreeRange } from './region-code.js';
import * as repo from './regions.repository.js';
import type { RegionDetailDto, RegionPathItemDto, RegionSearchQueryDto, RegionSummaryDto } from './regions.schemas.js';

export function levelName(level: number): RegionLevel {
  const name = regionLevels[level];
  if (name === undefined) throw new Error(`region level ${level} is out of range`);
  return name;
}

export function levelIndex(name: RegionLevel): number {
  return regionLevels.indexOf(name);
}

/** The 12-digit form of a code from a request, or a 400 naming the field. */
export function requireRegionCode(field: string, raw: string): string {
  const code = normalizeRegionCode(raw);
  if (code === undefined) throw invalid(field, `"${raw}" is not a 2, 4, 6, 9 or 12-digit region code`);
  return code;
}

export function toRegionSummary(row: repo.RegionRow): RegionSummaryDto {
  return { code: row.code, name: row.name, level: levelName(row.level), parentCode: row.parent_code, childCount: row.child_count };
}

function toPathItem(row: repo.RegionRow): RegionPathItemDto {
  return { code: row.code, name: row.name, level: levelName(row.level) };
}

/** Ancestor paths (province first) of many regions, read in one query. */
async function pathsOf(db: Db, rows: repo.RegionRow[]): Promise<Map<string, RegionPathItemDto[]>> {
  const wanted = new Set<string>();
  for (const row of rows) for (const code of ancestorCodes(row.code)) wanted.add(code);
  const ancestors = new Map((await repo.findRegionsByCodes(db, [...wanted])).map((r) => [r.code, r]));
  const out = new Map<string, RegionPathItemDto[]>();
  for (const row of rows) {
    // A code whose county digits are zero (441900003000) repeats its city as "county": dedupe.
    const codes = [...new Set(ancestorCodes(row.code))].filter((c) => c !== row.code);
    out.set(row.code, codes.flatMap((c) => {
      const ancestor = ancestors.get(c);
      return ancestor ? [toPathItem(ancestor)] : [];
    }));
  }
  return out;
}

async function requireRegion(db: Db, raw: string): Promise<repo.RegionRow> {
  const code = requireRegionCode('code', raw);
  const row = await repo.findRegion(db, code);
  if (!row) throw notFound('region', raw);
  return row;
}

export async function getRegion(db: Db, raw: string): Promise<RegionDetailDto> {
  const row = await requireRegion(db, raw);
  const paths = await pathsOf(db, [row]);
  return { ...toRegionSummary(row), path: paths.get(row.code) ?? [] };
}

export async function listChildren(db: Db, raw: string): Promise<RegionSummaryDto[]> {
  const row = await requireRegion(db, raw);
  return (await repo.findChildren(db, row.code)).map(toRegionSummary);
}

export async function searchRegions(db: Db, query: RegionSearchQueryDto): Promise<RegionDetailDto[]> {
  const text = query.q.trim();
  if (text === '') throw invalid('q', 'must contain more than spaces');
  const rows = await repo.searchRegions(db, {
    text,
    limit: query.limit ?? 20,
    ...(query.level ? { level: levelIndex(query.level) } : {}),
    ...(query.within ? { within: subtreeRange(requireRegionCode('within', query.within)) } : {}),
  });
  const paths = await pathsOf(db, rows);
  return rows.map((row) => ({ ...toRegionSummary(row), path: paths.get(row.code) ?? [] }));
}

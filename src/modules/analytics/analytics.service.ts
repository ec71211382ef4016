// The summary use case: check the period and the caller's scope, read the daily rollups of three
// periods (current, previous of equal length, same dates last year) and turn them into the
// published measures with their changes. Reads case_rollups only; definitions: docs/metrics.md.
import type { Db } from '../../db/database.js';
import { invalid, notFound } from '../../errors.js';
import { type Actor, scopeIncludes, scopeOf } from '../auth/actor.js';
import { levelOf } from '../regions/region-code.js';
import * as regionsRepo from '../regions/regions.repository.js';
import { requireRegionCode } from '../regions/regions.service.js';
import { type KeyedSums, type SummaryGrouping, findCategoryNames, sumRollups } from './analytics.repository.js';
import type { SummaryDto, SummaryGroupDto, SummaryQueryDto } from './analytics.schemas.js';
import { type DayRange, type RollupSums, addDays, changeOf, comparedPeriods, daysInclusive, emptySums, isCalendarDate, isWithinThreeYears, measuresOf, shiftYears } from './summary-measures.js';

/** The deepest level with rollups: townships. Villages are read through their township. */
export const DEEPEST_ROLLED_UP_LEVEL = 3;

function requirePeriod(query: SummaryQueryDto): { from: string; to: string } {
  if (!isCalendarDate(query.from)) throw invalid('from', `"${query.from}" is not a calendar date (YYYY-MM-DD)`);
  if (!isCalendarDate(query.to)) throw invalid('to', `"${query.to}" is not a calendar date (YYYY-MM-DD)`);
  if (query.to < query.from) throw invalid('to', `must be on or after from (${query.from})`);
  if (!isWithinThreeYears(query.from, query.to)) throw invalid('to', `the period may be at most three years: to must be before ${shiftYears(query.from, 3)}`);
  return { from: query.from, to: query.to };
}

function group(key: string, label: string | null, current: RollupSums, previous: RollupSums, lastYear: RollupSums): SummaryGroupDto {
  const [c, p, l] = [measuresOf(current), measuresOf(previous), measuresOf(lastYear)];
  return { key, label, current: c, previous: p, lastYear: l, change: { vsPrevious: changeOf(c, p), vsLastYear: changeOf(c, l) } };
}

const byKey = (rows: KeyedSums[]) => new Map(rows.map((r) => [r.key, r.sums]));

/** Per-day series: day i of the period is compared with day i of the previous period and the same date last year. */
async function dayGroups(db: Db, base: { regionCode: string; level: number }, periods: ReturnType<typeof comparedPeriods>): Promise<SummaryGroupDto[]> {
  const read = async (range: DayRange) => byKey(await sumRollups(db, { ...base, ...range, groupBy: 'day' }));
  const [current, previous, lastYear] = await Promise.all([read(periods.current), read(periods.previous), read(periods.lastYear)]);
  const length = daysInclusive(periods.current.from, periods.current.to);
  const out: SummaryGroupDto[] = [];
  for (let i = 0; i < length; i++) {
    const day = addDays(periods.current.from, i);
    const sums = (map: Map<string, RollupSums>, d: string) => map.get(d) ?? emptySums();
    out.push(group(day, null, sums(current, day), sums(previous, addDays(periods.previous.from, i)), sums(lastYear, shiftYears(day, -1))));
  }
  return out;
}

async function labelsFor(db: Db, groupBy: SummaryGrouping, regionCode: string, keys: string[]): Promise<Map<string, string>> {
  if (groupBy === 'region') {
    const children = await regionsRepo.findChildren(db, regionCode);
    const known = new Set(children.map((c) => c.code));
    const others = await regionsRepo.findRegionsByCodes(db, keys.filter((k) => !known.has(k)));
    return new Map([...children, ...others].map((r) => [r.code, r.name]));
  }
  if (groupBy === 'category') return new Map((await findCategoryNames(db, keys)).map((c) => [c.code, c.name]));
  return new Map();
}

async function keyedGroups(db: Db, base: { regionCode: string; level: number }, groupBy: Exclude<SummaryGrouping, 'none' | 'day'>, periods: ReturnType<typeof comparedPeriods>): Promise<SummaryGroupDto[]> {
  const read = async (range: DayRange) => byKey(await sumRollups(db, { ...base, ...range, groupBy }));
  const [current, previous, lastYear] = await Promise.all([read(periods.current), read(periods.previous), read(periods.lastYear)]);
  const keys = new Set([...current.keys(), ...previous.keys(), ...lastYear.keys()]);
  // Child regions are listed even without a single case, so a map shows every one of them.
  if (groupBy === 'region') for (const child of await regionsRepo.findChildren(db, base.regionCode)) keys.add(child.code);
  const sorted = [...keys].sort();
  const labels = await labelsFor(db, groupBy, base.regionCode, sorted);
  const sums = (map: Map<string, RollupSums>, key: string) => map.get(key) ?? emptySums();
  return sorted.map((key) => group(key, labels.get(key) ?? null, sums(current, key), sums(previous, key), sums(lastYear, key)));
}

/** GET /analytics/summary: totals and an optional breakdown for a region the caller may see. */
export async function getSummary(db: Db, actor: Actor, query: SummaryQueryDto): Promise<SummaryDto> {
  const regionCode = requireRegionCode('region', query.region);
  const { from, to } = requirePeriod(query);
  const groupBy = query.groupBy ?? 'none';
  // A region outside the caller's scope answers exactly like one that does not exist.
  const region = scopeIncludes(scopeOf(actor), regionCode) ? await regionsRepo.findRegion(db, regionCode) : undefined;
  if (!region) throw notFound('Region', query.region);
  const level = levelOf(regionCode);
  if (level > DEEPEST_ROLLED_UP_LEVEL) {
    throw invalid('region', `${regionCode} is a village or community; rollups stop at townships: ask for its township ${regionCode.slice(0, 9)}000 with groupBy=none`);
  }
  if (groupBy === 'region' && level >= DEEPEST_ROLLED_UP_LEVEL) {
    throw invalid('groupBy', 'a township is the deepest rolled-up level; its villages cannot be listed: use groupBy=category, channel or day');
  }
  const periods = comparedPeriods(from, to);
  const base = { regionCode, level };
  const total = async (range: DayRange) => (await sumRollups(db, { ...base, ...range, groupBy: 'none' }))[0]?.sums ?? emptySums();
  const [current, previous, lastYear] = await Promise.all([total(periods.current), total(periods.previous), total(periods.lastYear)]);
  let groups: SummaryGroupDto[] = [];
  if (groupBy === 'day') groups = await dayGroups(db, base, periods);
  else if (groupBy !== 'none') groups = await keyedGroups(db, base, groupBy, periods);
  return {
    region: { code: region.code, name: region.name, level },
    groupBy,
    periods,
    totals: group('*', region.name, current, previous, lastYear),
    groups,
  };
}

// Everything one dashboard view shows, read in parallel for a region and a period: the summary
// broken down by child region (or by channel for a township), by day and by category, the rate
// targets, the overdue ranking of units and, for those who read them, risk warnings by tier.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, isApiError } from '../../api';
import { levelIndexOf } from '../regions/region-code';
import {
  type DayRange,
  type FeatureCollection,
  type OverdueUnits,
  type RateTargets,
  type Summary,
  type WarningsByTier,
  getMap,
  getOverdueUnits,
  getSummary,
  getTargets,
  getWarnings,
} from './dashboard.api';

export interface DashboardData {
  /** groupBy=region (provinces to counties) or channel (a township): the totals and the breakdown. */
  breakdown: Summary;
  trend: Summary;
  categories: Summary;
  targets: RateTargets;
  overdueUnits: OverdueUnits;
  /** Null when the caller does not read risk warnings. */
  warnings: WarningsByTier | null;
  /** Outlines of the region's children; null below city level (no outlines of townships). */
  map: FeatureCollection | null;
  /** English names of the categories by code (the summary labels them in Chinese). */
  categoryNamesEn: Map<string, string>;
  loadedAt: Date;
}

interface CategoryNode {
  code: string;
  nameEn: string;
  children: CategoryNode[];
}

let categoryNames: Promise<Map<string, string>> | undefined;
function englishCategoryNames(): Promise<Map<string, string>> {
  categoryNames ??= api.get<{ items: CategoryNode[] }>('/categories').then(
    (r) => new Map(r.items.flatMap((c) => [[c.code, c.nameEn] as const, ...c.children.map((k) => [k.code, k.nameEn] as const)])),
    () => {
      categoryNames = undefined;
      return new Map<string, string>();
    },
  );
  return categoryNames;
}

const mapCache = new Map<string, Promise<FeatureCollection>>();
function mapOf(code: string): Promise<FeatureCollection> {
  let cached = mapCache.get(code);
  if (!cached) {
    cached = getMap(code);
    mapCache.set(code, cached);
    cached.catch(() => mapCache.delete(code));
  }
  return cached;
}

export function useDashboard(region: string | null, range: DayRange, canReadWarnings: boolean) {
  const [data, setData] = useState<DashboardData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const generation = useRef(0);
  const key = `${region}|${range.from}|${range.to}|${canReadWarnings}`;

  const load = useCallback(async () => {
    if (!region) return;
    const mine = ++generation.current;
    setLoading(true);
    const level = levelIndexOf(region);
    try {
      const [breakdown, trend, categories, targets, overdueUnits, warnings, map, categoryNamesEn] = await Promise.all([
        getSummary(region, range, level <= 2 ? 'region' : 'channel'),
        getSummary(region, range, 'day'),
        getSummary(region, range, 'category'),
        getTargets(),
        getOverdueUnits(region),
        canReadWarnings ? getWarnings(region, range).catch((e: unknown) => (isApiError(e) && e.status === 403 ? null : Promise.reject(e))) : Promise.resolve(null),
        level <= 1 ? mapOf(region).catch((e: unknown) => (isApiError(e) && e.status === 404 ? null : Promise.reject(e))) : Promise.resolve(null),
        englishCategoryNames(),
      ]);
      if (mine !== generation.current) return;
      setData({ breakdown, trend, categories, targets, overdueUnits, warnings, map, categoryNamesEn, loadedAt: new Date() });
      setError(null);
    } catch (caught) {
      if (mine === generation.current) setError(caught);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
    // key covers region, range and canReadWarnings.
  }, [key]);

  useEffect(() => {
    setData(null);
    void load();
  }, [load]);

  return { data, error, loading, reload: load };
}

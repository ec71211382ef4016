// The regions and grids API (GET /api/v1/regions…, /api/v1/grids).
import { api } from '../../api';

export type RegionLevel = 'province' | 'city' | 'county' | 'township' | 'village';

export interface RegionSummary {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  childCount: number;
}

export interface RegionPathItem {
  code: string;
  name: string;
  level: RegionLevel;
}

export interface Region extends RegionSummary {
  path: RegionPathItem[];
}

export interface GridWorker {
  userId: number;
  username?: string;
  displayName: string;
  assignedAt?: string;
}

/** A grid as listed (GET /grids): no workers; the detail (GET /grids/{code}) has them. */
export interface GridSummary {
  code: string;
  name: string;
  regionCode: string;
  regionName?: string;
  status: string;
  workers?: GridWorker[];
}

export interface Grid extends GridSummary {
  regionPath: RegionPathItem[];
  workers: GridWorker[];
}

export function getRegion(code: string, signal?: AbortSignal): Promise<Region> {
  return api.get<Region>(`/regions/${encodeURIComponent(code)}`, { signal });
}

export async function getChildren(code: string): Promise<RegionSummary[]> {
  return (await api.get<{ items: RegionSummary[] }>(`/regions/${encodeURIComponent(code)}/children`)).items;
}

/** Regions whose name contains q, each with its ancestors; `within` narrows to a subtree. */
export async function searchRegions(q: string, options: { within?: string; signal?: AbortSignal } = {}): Promise<Region[]> {
  const query = { q, within: options.within, limit: 20 };
  return (await api.get<{ items: Region[] }>('/regions', { query, signal: options.signal })).items;
}

/** Every grid of a region subtree (a village has a handful; pages are followed to the end). */
export async function getGrids(regionCode: string): Promise<GridSummary[]> {
  const out: GridSummary[] = [];
  let after: string | undefined;
  do {
    const page = await api.get<{ items: GridSummary[]; nextAfter?: string | null }>('/grids', { query: { region: regionCode, limit: 200, after } });
    out.push(...page.items);
    after = page.nextAfter ?? undefined;
  } while (after);
  return out;
}

export function getGrid(code: string, signal?: AbortSignal): Promise<Grid> {
  return api.get<Grid>(`/grids/${encodeURIComponent(code)}`, { signal });
}

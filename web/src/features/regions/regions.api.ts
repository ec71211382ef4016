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
  displayName: string;
}

export interface Grid {
  code: string;
  name: string;
  regionCode: string;
  status: string;
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

export async function getGrids(regionCode: string): Promise<Grid[]> {
  return (await api.get<{ items: Grid[] }>('/grids', { query: { region: regionCode } })).items;
}

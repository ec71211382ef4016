// The analytics API as the dashboard reads it (definitions: docs/metrics.md). Every number the
// dashboard shows is a field of these answers, shown as given: the page never adds, divides or
// compares numbers itself, so it cannot drift from the API.
import { api } from '../../api';

export const countMeasures = [
  'received', 'accepted', 'rejected', 'merged', 'dispatched', 'acknowledged', 'acknowledgedOnTime', 'resolved', 'resolvedOnTime',
  'overdue', 'escalated', 'reopened', 'returned', 'followedUp', 'satisfied', 'basicallySatisfied', 'unsatisfied', 'closed',
] as const;
export const rateMeasures = ['responseRate', 'resolutionRate', 'satisfactionRate', 'onTimeRate'] as const;
export const hourMeasures = ['medianHandlingHours', 'p90HandlingHours'] as const;

export type CountMeasure = (typeof countMeasures)[number];
export type RateMeasure = (typeof rateMeasures)[number];
export type HourMeasure = (typeof hourMeasures)[number];
export type Measure = CountMeasure | RateMeasure | HourMeasure;

export type Measures = Record<CountMeasure, number> & Record<RateMeasure | HourMeasure, number | null>;

export interface Change {
  absolute: number | null;
  relative: number | null;
}

export interface SummaryGroup {
  key: string;
  label: string | null;
  current: Measures;
  previous: Measures;
  lastYear: Measures;
  change: { vsPrevious: Record<Measure, Change>; vsLastYear: Record<Measure, Change> };
}

export type GroupBy = 'none' | 'category' | 'channel' | 'region' | 'day';

export interface Summary {
  region: { code: string; name: string; level: number };
  groupBy: GroupBy;
  periods: { current: DayRange; previous: DayRange; lastYear: DayRange };
  totals: SummaryGroup;
  groups: SummaryGroup[];
}

export interface DayRange {
  from: string;
  to: string;
}

export interface RateTargets {
  responseRate: number;
  resolutionRate: number;
  satisfactionRate: number;
  isDefault: boolean;
  updatedAt: string | null;
}

export interface OverdueUnit {
  unitId: number;
  unitName: string;
  unitRegionCode: string;
  overdue: number;
  overdueResolve: number;
  overdueAcknowledge: number;
  held: number;
}

export interface OverdueUnits {
  region: { code: string; name: string };
  asOf: string;
  items: OverdueUnit[];
}

export const warningMeasures = ['raised', 'confirmed', 'overridden', 'deEscalated', 'resolved', 'harmOccurred', 'unfounded', 'stillOpen'] as const;
export type WarningMeasure = (typeof warningMeasures)[number];
export type Tier = 'blue' | 'yellow' | 'orange' | 'red';

export interface WarningTier {
  tier: Tier;
  current: Record<WarningMeasure, number>;
  previous: Record<WarningMeasure, number>;
  lastYear: Record<WarningMeasure, number>;
  change: { vsPrevious: Record<WarningMeasure, Change>; vsLastYear: Record<WarningMeasure, Change> };
  openNow: number;
  overdueAcknowledgementsNow: number;
}

export interface WarningsByTier {
  region: { code: string; name: string };
  periods: { current: DayRange; previous: DayRange; lastYear: DayRange };
  byTier: WarningTier[];
}

export interface GeoFeature {
  type: 'Feature';
  properties: { code: string; name: string; cp?: [number, number] };
  geometry: unknown;
}

export interface FeatureCollection {
  type: 'FeatureCollection';
  features: GeoFeature[];
}

export function getSummary(region: string, range: DayRange, groupBy: GroupBy, signal?: AbortSignal): Promise<Summary> {
  return api.get<Summary>('/analytics/summary', { query: { region, from: range.from, to: range.to, groupBy }, signal });
}

export function getTargets(signal?: AbortSignal): Promise<RateTargets> {
  return api.get<RateTargets>('/analytics/targets', { signal });
}

export function putTargets(body: Pick<RateTargets, 'responseRate' | 'resolutionRate' | 'satisfactionRate'>): Promise<RateTargets> {
  return api.put<RateTargets>('/analytics/targets', body);
}

export function getOverdueUnits(region: string, signal?: AbortSignal): Promise<OverdueUnits> {
  return api.get<OverdueUnits>('/analytics/overdue-units', { query: { region, limit: 10 }, signal });
}

export function getWarnings(region: string, range: DayRange, signal?: AbortSignal): Promise<WarningsByTier> {
  return api.get<WarningsByTier>('/analytics/warnings', { query: { region, from: range.from, to: range.to }, signal });
}

export function getMap(code: string, signal?: AbortSignal): Promise<FeatureCollection> {
  return api.get<FeatureCollection>(`/maps/${encodeURIComponent(code)}`, { signal });
}

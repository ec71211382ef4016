// Cases as GeoReport v2 service requests. Never a reporter or party field. A caller who may not see
// the case in the console (no api_key, or one whose scope does not cover it) gets the public view:
// the title instead of the description, the region's name instead of the street address, and the
// position rounded to 0.001° (~100 m).
import type { CaseStatus } from '../cases/workflow.js';
import { CLOSED_STATUSES, type RequestRow } from './open311.repository.js';

export type GeoStatus = 'open' | 'closed';

export function geoStatus(status: string): GeoStatus {
  return (CLOSED_STATUSES as readonly string[]).includes(status) ? 'closed' : 'open';
}

/** The state in plain words, for status_notes and the update feed (no names, no internal notes). */
export const statusWords: Record<CaseStatus, string> = {
  submitted: '已登记，待受理',
  accepted: '已受理，待派单',
  rejected: '不予受理',
  merged: '已与相同诉求合并办理',
  dispatched: '已派单，待承办单位签收',
  acknowledged: '承办单位已签收',
  in_progress: '正在办理',
  on_hold: '暂缓办理',
  returned: '已退回，待重新派单',
  escalated: '已上报上级综治中心',
  resolved: '已办结，待回访',
  closed: '已办结',
};

export function describeStatus(status: string): string {
  const words = (statusWords as Record<string, string>)[status];
  return words ? `${words} (${status})` : status;
}

export interface ServiceRequestDto {
  service_request_id: string;
  status: GeoStatus;
  status_notes: string | null;
  service_name: string | null;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string | null;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

/** The schema's limit on description; a hotline case may hold more. */
export const DESCRIPTION_MAX = 4000;

function clip(text: string): string {
  const chars = [...text];
  return chars.length <= DESCRIPTION_MAX ? text : `${chars.slice(0, DESCRIPTION_MAX - 1).join('')}…`;
}

const roundTo = (value: number | null, places: number) => (value === null ? null : Math.round(value * 10 ** places) / 10 ** places);

/** The names of a region and its township and county, smallest last: 城关区酒泉路街道畅家巷社区. */
export function placeName(regionCode: string, names: ReadonlyMap<string, string>): string | null {
  const codes = [`${regionCode.slice(0, 6)}000000`, `${regionCode.slice(0, 9)}000`, regionCode];
  const parts = [...new Set(codes)].map((c) => names.get(c)).filter((n): n is string => n !== undefined);
  return parts.length > 0 ? parts.join('') : null;
}

/** Region codes whose names placeName needs for these rows. */
export function placeCodes(rows: readonly RequestRow[]): string[] {
  return [...new Set(rows.flatMap((r) => [`${r.region_code.slice(0, 6)}000000`, `${r.region_code.slice(0, 9)}000`, r.region_code]))];
}

export function toServiceRequest(row: RequestRow, names: ReadonlyMap<string, string>): ServiceRequestDto {
  const isFull = Number(row.is_visible) === 1;
  return {
    service_request_id: row.tracking_code,
    status: geoStatus(row.status),
    status_notes: describeStatus(row.status),
    service_name: row.category_name,
    service_code: row.category_code,
    description: clip(isFull ? row.description : row.title),
    agency_responsible: row.lead_unit_name ?? row.owner_unit_name,
    service_notice: null,
    requested_datetime: row.created_at,
    updated_datetime: row.updated_at,
    expected_datetime: row.resolve_due_at,
    address: isFull ? (row.address ?? placeName(row.region_code, names)) : placeName(row.region_code, names),
    address_id: row.region_code,
    zipcode: null,
    lat: isFull ? row.lat : roundTo(row.lat, 3),
    long: isFull ? row.lng : roundTo(row.lng, 3),
    media_url: null,
  };
}

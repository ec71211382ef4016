// Where an integration's case goes: an exact region code wins; else the county of a coordinate.
// A case placed only to a county (or township) is triaged by that region's own centre; the intake
// accepts such coarse codes when asked (IntakeOptions.allowCoarseRegion).
import { invalid } from '../../errors.js';
import { levelOf, normalizeRegionCode } from '../regions/region-code.js';
import { hasCountyOutlines, locateCounty } from './county-locator.js';
import { type Datum, toWgs84 } from './gcj02.js';

export interface PlacementInput {
  /** A 6-, 9- or 12-digit code (county, township, village); padded to 12 digits. */
  regionCode?: string | undefined;
  location?: { lat: number; lng: number; datum?: Datum } | undefined;
}

export interface Placement {
  regionCode: string;
  /** True when the region is a county or township, not a village. */
  isCoarse: boolean;
  /** The location in WGS84, when one was given. */
  location?: { lat: number; lng: number };
}

/** Names of the request fields, so errors speak the caller's dialect (Open311 or inbound). */
export interface PlacementFields {
  regionCode: string;
  location: string;
  /** What to call the jurisdiction in messages, e.g. 甘肃省 (62). */
  jurisdiction: string;
}

export function placeCase(provinceCode: string, input: PlacementInput, fields: PlacementFields): Placement {
  const location = input.location ? toWgs84({ lat: input.location.lat, lng: input.location.lng }, input.location.datum ?? 'wgs84') : undefined;
  if (input.regionCode !== undefined) {
    const code = /^\d{6}$|^\d{9}$|^\d{12}$/.test(input.regionCode) ? normalizeRegionCode(input.regionCode) : undefined;
    if (!code) throw invalid(fields.regionCode, 'must be a 6-, 9- or 12-digit region code (county, township or village)');
    if (!code.startsWith(provinceCode) || levelOf(code) < 2) throw invalid(fields.regionCode, `${input.regionCode} is not a county, township or village of ${fields.jurisdiction}`);
    return { regionCode: code, isCoarse: levelOf(code) < 4, ...(location ? { location } : {}) };
  }
  if (location) {
    if (!hasCountyOutlines(provinceCode)) throw invalid(fields.location, `no county outlines ship for ${fields.jurisdiction}, so a coordinate cannot place a case; send ${fields.regionCode}`);
    const place = locateCounty(location.lat, location.lng, provinceCode);
    if (!place) throw invalid(fields.location, `(${location.lat}, ${location.lng}) is outside ${fields.jurisdiction}`);
    return { regionCode: place.countyCode, isCoarse: true, location };
  }
  throw invalid(fields.location, `a place is needed: ${fields.location} or ${fields.regionCode}`);
}

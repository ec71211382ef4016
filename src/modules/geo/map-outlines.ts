// The outlines the console's map draws (data/maps/README.md): for a province its cities, for a city
// its counties, for a county its own outline. Cut from the shipped files once per code and kept as
// serialized GeoJSON with its ETag, so a request costs a map lookup.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { invalid, notFound } from '../../errors.js';
import { levelOf, normalizeRegionCode } from '../regions/region-code.js';

const mapsDir = path.resolve(import.meta.dirname, '../../../data/maps');

interface Feature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: unknown;
}

interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
}

export interface MapOutlines {
  /** The 12-digit code the outlines belong to. */
  code: string;
  /** Serialized GeoJSON FeatureCollection; each feature's properties have `code` and `name`. */
  body: string;
  /** A strong validator of the body. */
  etag: string;
}

const files = new Map<string, FeatureCollection | null>();
const built = new Map<string, MapOutlines>();

function readCollection(name: string): FeatureCollection | null {
  if (files.has(name)) return files.get(name) ?? null;
  let collection: FeatureCollection | null = null;
  try {
    const parsed = JSON.parse(readFileSync(path.join(mapsDir, name), 'utf8')) as FeatureCollection;
    if (parsed.type === 'FeatureCollection' && Array.isArray(parsed.features)) collection = parsed;
  } catch {
    // No outlines shipped for this province: the caller answers 404.
  }
  files.set(name, collection);
  return collection;
}

/** Only `code` and `name` (and the label point) leave the server: the map needs nothing else. */
function slim(feature: Feature): Feature {
  const { code, name, cp } = feature.properties;
  return { type: 'Feature', properties: { code, name, ...(Array.isArray(cp) ? { cp } : {}) }, geometry: feature.geometry };
}

function featuresFor(code: string, level: number): Feature[] {
  const province = code.slice(0, 2);
  if (level === 0) return readCollection(`${province}-cities.geojson`)?.features ?? [];
  const counties = readCollection(`${province}-counties.geojson`)?.features ?? [];
  if (level === 1) return counties.filter((f) => f.properties.cityCode === code);
  return counties.filter((f) => f.properties.code === code);
}

/**
 * The outlines below (or, for a county, of) a region: 400 naming `code` for a township or village
 * (no outlines that fine), 404 when none are shipped for it.
 */
export function mapOutlinesOf(rawCode: string): MapOutlines {
  const code = normalizeRegionCode(rawCode);
  if (!code) throw invalid('code', `${rawCode} is not a GB/T 2260 code (2, 4, 6, 9 or 12 digits)`);
  const level = levelOf(code);
  if (level > 2) throw invalid('code', `${code} is below county level; outlines stop at counties: ask for its county ${code.slice(0, 6)}000000`);
  const cached = built.get(code);
  if (cached) return cached;
  const features = featuresFor(code, level).map(slim);
  if (features.length === 0) throw notFound('Map outlines of region', code);
  const collection: FeatureCollection = { type: 'FeatureCollection', features };
  const body = JSON.stringify(collection);
  const outlines = { code, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
  built.set(code, outlines);
  return outlines;
}

// Which county a point is in, from the shipped outlines (data/maps/<province>-counties.geojson,
// WGS84; data/maps/README.md). Loaded once, on first use; each lookup tests the bounding boxes of
// ~90 counties and ray-casts the few whose box holds the point.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type LatLng } from './gcj02.js';
import { type Shape, shapeContains, shapeOf } from './point-in-polygon.js';

export interface CountyPlace {
  /** 12-digit code of the county-level region, e.g. 620102000000 (城关区). */
  countyCode: string;
  /** 12-digit code of its prefecture-level city, e.g. 620100000000 (兰州市). */
  cityCode: string;
}

interface CountyShape extends CountyPlace {
  name: string;
  shape: Shape;
}

interface FeatureCollection {
  type: string;
  features: Array<{ properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }>;
}

const mapsDir = path.resolve(import.meta.dirname, '../../../data/maps');
const loaded = new Map<string, CountyShape[]>();

export function countyOutlinesFile(provinceCode: string): string {
  return path.join(mapsDir, `${provinceCode}-counties.geojson`);
}

/** Parses a county FeatureCollection (the extract's format); throws naming the bad feature. */
export function parseCountyOutlines(json: string, source: string): CountyShape[] {
  const collection = JSON.parse(json) as FeatureCollection;
  if (collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) throw new Error(`${source}: not a GeoJSON FeatureCollection`);
  return collection.features.map((f, i) => {
    const { code, cityCode, name } = f.properties ?? {};
    if (typeof code !== 'string' || !/^\d{12}$/.test(code) || typeof cityCode !== 'string' || !/^\d{12}$/.test(cityCode)) {
      throw new Error(`${source}: feature ${i} lacks a 12-digit code or cityCode`);
    }
    return { countyCode: code, cityCode, name: typeof name === 'string' ? name : code, shape: shapeOf(f.geometry) };
  });
}

function outlines(provinceCode: string): CountyShape[] {
  let shapes = loaded.get(provinceCode);
  if (!shapes) {
    const file = countyOutlinesFile(provinceCode);
    let json: string;
    try {
      json = readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`county outlines for province ${provinceCode} are missing (${file}); see data/maps/README.md`, { cause: error });
    }
    shapes = parseCountyOutlines(json, file);
    loaded.set(provinceCode, shapes);
  }
  return shapes;
}

/** The county whose outline holds the point; undefined outside the province. */
export function locateIn(shapes: readonly CountyShape[], point: LatLng): CountyPlace | undefined {
  for (const c of shapes) {
    if (shapeContains(c.shape, point.lng, point.lat)) return { countyCode: c.countyCode, cityCode: c.cityCode };
  }
  return undefined;
}

/** The county of a WGS84 point in the configured province (default Gansu, 62); undefined outside it. */
export function locateCounty(lat: number, lng: number, provinceCode = '62'): CountyPlace | undefined {
  if (!Number.isFinite(lat) || !Number.isFinite(lng)) return undefined;
  return locateIn(outlines(provinceCode), { lat, lng });
}

/** Whether the province ships county outlines (only those can place a request by coordinates). */
export function hasCountyOutlines(provinceCode: string): boolean {
  try {
    outlines(provinceCode);
    return true;
  } catch {
    return false;
  }
}

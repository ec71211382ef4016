// Point in polygon by ray casting (even-odd), over GeoJSON Polygon / MultiPolygon coordinates
// ([lng, lat] positions). Holes need no special case: a point in a hole crosses the outer ring and
// the hole's ring, an even number of edges in all. A bounding box rejects most shapes cheaply.

export type Position = [number, number] | number[];
export type Ring = Position[];
export type PolygonCoords = Ring[];

export interface BBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface Shape {
  bbox: BBox;
  polygons: PolygonCoords[];
}

export function bboxOf(polygons: PolygonCoords[]): BBox {
  const box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const polygon of polygons) {
    // The outer ring bounds the polygon; holes lie inside it.
    for (const p of polygon[0] ?? []) {
      const x = Number(p[0]);
      const y = Number(p[1]);
      if (x < box.minX) box.minX = x;
      if (x > box.maxX) box.maxX = x;
      if (y < box.minY) box.minY = y;
      if (y > box.maxY) box.maxY = y;
    }
  }
  return box;
}

export function inBBox(box: BBox, x: number, y: number): boolean {
  return x >= box.minX && x <= box.maxX && y >= box.minY && y <= box.maxY;
}

function crossings(ring: Ring, x: number, y: number): number {
  let count = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const pi = ring[i];
    const pj = ring[j];
    if (!pi || !pj) continue;
    const xi = Number(pi[0]);
    const yi = Number(pi[1]);
    const xj = Number(pj[0]);
    const yj = Number(pj[1]);
    // Half-open on y, so a ray through a vertex counts it once.
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) count++;
  }
  return count;
}

/** Whether (x = lng, y = lat) lies inside one of the polygons (outside every hole). */
export function polygonsContain(polygons: PolygonCoords[], x: number, y: number): boolean {
  for (const polygon of polygons) {
    let n = 0;
    for (const ring of polygon) n += crossings(ring, x, y);
    if (n % 2 === 1) return true;
  }
  return false;
}

export function shapeOf(geometry: { type: string; coordinates: unknown }): Shape {
  let polygons: PolygonCoords[];
  if (geometry.type === 'Polygon') polygons = [geometry.coordinates as PolygonCoords];
  else if (geometry.type === 'MultiPolygon') polygons = geometry.coordinates as PolygonCoords[];
  else throw new Error(`unsupported geometry type ${geometry.type}`);
  return { bbox: bboxOf(polygons), polygons };
}

export function shapeContains(shape: Shape, x: number, y: number): boolean {
  return inBBox(shape.bbox, x, y) && polygonsContain(shape.polygons, x, y);
}

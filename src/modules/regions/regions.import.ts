// Loads a region extract (data/regions/<province>.csv.gz, format in data/regions/README.md) into the
// regions table: codes padded to 12 digits, level 0..4, parent_code and child_count derived.
// Idempotent (upsert by code) and all-or-nothing (one transaction).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { BootstrapStep } from '../../bootstrap.js';
import type { Db } from '../../db/database.js';
import { CsvSyntaxError, csvLines, splitCsvLine } from './csv.js';
import { levelOf, normalizeRegionCode, prefixLengths, regionLevels } from './region-code.js';
import { type RegionRow, findRegion, upsertRegions } from './regions.repository.js';

export class RegionImportError extends Error {}

const MAX_NAME_LENGTH = 200;
const MAX_REPORTED_ERRORS = 20;

/** Where the repository ships a province's extract. */
export function shippedRegionFile(provinceCode: string): string {
  return fileURLToPath(new URL(`../../../data/regions/${provinceCode}.csv.gz`, import.meta.url));
}

/** The text of an extract, gunzipped when it is gzip data (checked by its magic bytes). */
export function readRegionFile(file: string): string {
  const bytes = readFileSync(file);
  const isGzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  return (isGzip ? gunzipSync(bytes) : bytes).toString('utf8');
}

function lineOf(error: string): number {
  return Number(/^line (\d+)/.exec(error)?.[1] ?? 0);
}

interface ParsedRegion {
  line: number;
  /** The code as written (2/4/6/9/12 digits). */
  raw: string;
  row: RegionRow;
}

function parseLine(line: number, text: string, errors: string[]): ParsedRegion | undefined {
  let fields: string[];
  try {
    fields = splitCsvLine(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    errors.push(`line ${line}: ${error.message}`);
    return undefined;
  }
  if (fields.length !== 2) {
    errors.push(`line ${line}: expected 2 fields (code,name), found ${fields.length}`);
    return undefined;
  }
  const [raw = '', rawName = ''] = fields;
  const code = normalizeRegionCode(raw);
  if (code === undefined) {
    errors.push(`line ${line}: code "${raw}" is not a 2, 4, 6, 9 or 12-digit region code`);
    return undefined;
  }
  const level = (prefixLengths as readonly number[]).indexOf(raw.length);
  if (levelOf(code) !== level) {
    errors.push(`line ${line}: code ${raw} ends in zeros, so padded to 12 digits it would be its own parent's code`);
    return undefined;
  }
  const name = rawName.trim();
  if (name === '' || name.length > MAX_NAME_LENGTH || /[\u0000-\u001f\u007f]/.test(name)) {
    errors.push(`line ${line}: name of ${raw} must be 1 to ${MAX_NAME_LENGTH} characters without control characters`);
    return undefined;
  }
  const parent = level === 0 ? null : raw.slice(0, prefixLengths[level - 1]).padEnd(12, '0');
  return { line, raw, row: { code, name, level, parent_code: parent, child_count: 0 } };
}

/**
 * Parses and validates a whole extract: the `code,name` header, every code, unique codes, and a
 * parent in the same file for every region below province level. Throws RegionImportError listing
 * the failing lines.
 */
export function parseRegionExtract(text: string): RegionRow[] {
  const lines = csvLines(text);
  const header = lines.shift();
  if (!header || header.text.replace(/\s/g, '') !== 'code,name') {
    throw new RegionImportError(`line ${header?.line ?? 1}: expected the header "code,name"`);
  }
  const errors: string[] = [];
  const parsed = new Map<string, ParsedRegion>();
  for (const { line, text: lineText } of lines) {
    const region = parseLine(line, lineText, errors);
    if (!region) continue;
    const earlier = parsed.get(region.row.code);
    if (earlier) {
      errors.push(`line ${line}: code ${region.raw} repeats line ${earlier.line}`);
      continue;
    }
    parsed.set(region.row.code, region);
  }
  for (const { line, raw, row } of parsed.values()) {
    if (row.parent_code === null) continue;
    const parent = parsed.get(row.parent_code);
    if (!parent) errors.push(`line ${line}: ${raw} ${row.name} has no parent ${row.parent_code.slice(0, prefixLengths[row.level - 1])} in the file`);
    else parent.row.child_count++;
  }
  if (errors.length > 0) {
    errors.sort((a, b) => lineOf(a) - lineOf(b));
    const shown = errors.slice(0, MAX_REPORTED_ERRORS).join('\n  ');
    const more = errors.length > MAX_REPORTED_ERRORS ? `\n  … and ${errors.length - MAX_REPORTED_ERRORS} more` : '';
    throw new RegionImportError(`the region extract has ${errors.length} bad line(s):\n  ${shown}${more}`);
  }
  if (parsed.size === 0) throw new RegionImportError('the region extract has no rows');
  return [...parsed.values()].map((p) => p.row).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

export interface RegionImportResult {
  total: number;
  /** Rows per level name, e.g. { province: 1, city: 14, … }. */
  byLevel: Record<string, number>;
  provinces: string[];
}

/** Validates then writes every row in one transaction; re-running updates rows in place. */
export async function importRegions(db: Db, text: string): Promise<RegionImportResult> {
  const rows = parseRegionExtract(text);
  await db.transaction().execute(async (trx) => upsertRegions(trx, rows));
  const byLevel: Record<string, number> = Object.fromEntries(regionLevels.map((l) => [l, 0]));
  for (const row of rows) {
    const name = regionLevels[row.level];
    if (name) byLevel[name] = (byLevel[name] ?? 0) + 1;
  }
  return { total: rows.length, byLevel, provinces: rows.filter((r) => r.level === 0).map((r) => r.code) };
}

export async function importRegionFile(db: Db, file: string): Promise<RegionImportResult> {
  return importRegions(db, readRegionFile(file));
}

export async function isProvinceLoaded(db: Db, provinceCode: string): Promise<boolean> {
  return (await findRegion(db, provinceCode.padEnd(12, '0'))) !== undefined;
}

export function describeImport(result: RegionImportResult): string {
  const parts = regionLevels.map((l) => `${result.byLevel[l] ?? 0} ${l}`).join(', ');
  return `${result.total} regions (${parts})`;
}

/** First start: the configured province's shipped regions, unless they are already loaded. */
export const regionsBootstrapStep: BootstrapStep = {
  name: 'regions',
  async run(db, { provinceCode, log }) {
    if (await isProvinceLoaded(db, provinceCode)) return;
    const file = shippedRegionFile(provinceCode);
    if (!existsSync(file)) {
      throw new RegionImportError(
        `no region extract for province ${provinceCode} at ${file}; create it with \`npm run regions:extract -- --province ${provinceCode}\` or load one with \`pingan import-regions --file <path>\``,
      );
    }
    const started = Date.now();
    const result = await importRegionFile(db, file);
    log(`regions: loaded ${describeImport(result)} for province ${provinceCode} in ${Date.now() - started} ms`);
  },
};

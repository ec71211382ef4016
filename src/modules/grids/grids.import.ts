// Bulk creation of grids from CSV (`villageCode,name[,suffix]`), all or nothing: every line is
// checked first, and any failure answers 400 listing every failing line with nothing written.
import type { Db } from '../../db/database.js';
import { AppError, type FieldError, isUniqueViolation } from '../../errors.js';
import { appendAudit } from '../audit/audit.repository.js';
import { levelOf, normalizeRegionCode } from '../regions/region-code.js';
import { findRegionsByCodes } from '../regions/regions.repository.js';
import { CsvSyntaxError, csvLines, splitCsvLine } from '../regions/csv.js';
import { auditBy, canWriteGridsIn, gridWriteScope } from './grids.policy.js';
import * as repo from './grids.repository.js';
import { type Caller, checkGridName, lowestFreeSuffix, toGridSummary } from './grids.service.js';
import type { GridSummaryDto } from './grids.schemas.js';

/** More rows than a person prepares by hand in one sheet; bigger loads go in several files. */
export const MAX_IMPORT_ROWS = 5000;

interface ImportLine {
  line: number;
  village: string;
  name: string;
  /** 3 digits when given; assigned after validation otherwise. */
  suffix: string | undefined;
}

function isHeader(text: string): boolean {
  return text.split(',')[0]?.replace(/"/g, '').trim().toLowerCase() === 'villagecode';
}

function parseLine(line: number, text: string, errors: FieldError[]): ImportLine | undefined {
  const fail = (message: string) => {
    errors.push({ field: `line ${line}`, message });
    return undefined;
  };
  let fields: string[];
  try {
    fields = splitCsvLine(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return fail(error.message);
    throw error;
  }
  if (fields.length < 2 || fields.length > 3) return fail(`expected villageCode,name[,suffix], found ${fields.length} field(s)`);
  const [rawVillage = '', rawName = '', rawSuffix = ''] = fields.map((f) => f.trim());
  const village = normalizeRegionCode(rawVillage);
  if (village === undefined || rawVillage.length !== 12 || levelOf(village) !== 4) {
    return fail(`villageCode "${rawVillage}" is not a 12-digit village code`);
  }
  const name = checkGridName(rawName);
  if ('problem' in name) return fail(`name ${name.problem}`);
  if (rawSuffix !== '' && !/^(?!000)\d{3}$/.test(rawSuffix)) return fail(`suffix "${rawSuffix}" must be 3 digits, 001 to 999`);
  return { line, village, name: name.name, suffix: rawSuffix === '' ? undefined : rawSuffix };
}

function rejectAll(errors: FieldError[]): AppError {
  const lines = [...new Set(errors.map((e) => Number(e.field.slice('line '.length))))].sort((a, b) => a - b);
  return new AppError('validation_failed', `${lines.length} line(s) of the CSV are not valid (${lines.join(', ')}); nothing was imported`, {
    errors: [...errors].sort((a, b) => Number(a.field.slice(5)) - Number(b.field.slice(5))),
    extra: { failedLines: lines },
  });
}

/** Checks what needs the database: villages exist and are the caller's, codes are free. */
async function checkAgainstDatabase(db: Db, caller: Caller, rows: ImportLine[], errors: FieldError[]): Promise<Map<string, string[]>> {
  const villages = [...new Set(rows.map((r) => r.village))];
  const existing = new Set<string>();
  for (let i = 0; i < villages.length; i += 1000) {
    for (const region of await findRegionsByCodes(db, villages.slice(i, i + 1000))) existing.add(region.code);
  }
  const taken = new Map<string, string[]>();
  for (const code of await repo.findGridCodesOfVillages(db, gridWriteScope(caller.actor), villages)) {
    const village = code.slice(0, 12);
    taken.set(village, [...(taken.get(village) ?? []), code]);
  }
  const seen = new Map<string, number>();
  for (const row of rows) {
    const fail = (message: string) => errors.push({ field: `line ${row.line}`, message });
    if (!existing.has(row.village)) {
      fail(`there is no village ${row.village}`);
      continue;
    }
    if (!canWriteGridsIn(caller.actor, row.village)) {
      fail(`village ${row.village} is outside the regions where you manage grids`);
      continue;
    }
    if (row.suffix === undefined) continue;
    const code = `${row.village}${row.suffix}`;
    const earlier = seen.get(code);
    if (earlier !== undefined) fail(`grid ${code} repeats line ${earlier}`);
    else if (taken.get(row.village)?.includes(code)) fail(`grid ${code} already exists`);
    seen.set(code, earlier ?? row.line);
  }
  return taken;
}

/** Gives rows without a suffix the lowest free ones, after the explicit suffixes of the file. */
function allocateCodes(rows: ImportLine[], taken: Map<string, string[]>, errors: FieldError[]): string[] {
  const used = new Map<string, string[]>();
  for (const row of rows) {
    if (!used.has(row.village)) used.set(row.village, [...(taken.get(row.village) ?? [])]);
    if (row.suffix !== undefined) used.get(row.village)?.push(`${row.village}${row.suffix}`);
  }
  return rows.map((row) => {
    if (row.suffix !== undefined) return `${row.village}${row.suffix}`;
    const codes = used.get(row.village) ?? [];
    const suffix = lowestFreeSuffix(row.village, codes);
    if (suffix === undefined) {
      errors.push({ field: `line ${row.line}`, message: `village ${row.village} has no free grid code left` });
      return '';
    }
    codes.push(`${row.village}${suffix}`);
    return `${row.village}${suffix}`;
  });
}

export async function importGrids(db: Db, caller: Caller, csv: string): Promise<{ created: number; items: GridSummaryDto[] }> {
  const lines = csvLines(csv);
  const first = lines[0];
  if (first && isHeader(first.text)) lines.shift();
  if (lines.length === 0) throw new AppError('validation_failed', 'the CSV has no grid lines', { errors: [{ field: 'body', message: 'no grid lines' }] });
  if (lines.length > MAX_IMPORT_ROWS) {
    throw new AppError('validation_failed', `the CSV has ${lines.length} lines; import at most ${MAX_IMPORT_ROWS} at a time`, {
      errors: [{ field: 'body', message: `more than ${MAX_IMPORT_ROWS} lines` }],
    });
  }

  const errors: FieldError[] = [];
  const rows = lines.flatMap(({ line, text }) => parseLine(line, text, errors) ?? []);
  const taken = await checkAgainstDatabase(db, caller, rows, errors);
  const codes = allocateCodes(rows, taken, errors);
  if (errors.length > 0) throw rejectAll(errors);

  const scope = gridWriteScope(caller.actor);
  try {
    return await db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      const grids = rows.map((row, i) => ({ code: codes[i] ?? '', region_code: row.village, name: row.name, created_at: now, updated_at: now, retired_at: null }));
      await repo.insertGrids(trx, grids);
      for (const grid of grids) {
        await appendAudit(trx, {
          ...auditBy(caller.actor, caller.ip),
          action: 'grid.create',
          entityType: 'grid',
          entityId: grid.code,
          regionCode: grid.region_code,
          detail: { name: grid.name, via: 'import' },
        });
      }
      const created = await repo.findGridsByCodes(trx, scope, grids.map((g) => g.code));
      return { created: grids.length, items: created.map(toGridSummary) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', 'a grid code in the CSV was taken while importing; nothing was imported, try again');
    throw error;
  }
}

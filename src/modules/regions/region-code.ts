// GB/T 2260 codes, stored as 12 digits zero-padded: 62 → 620000000000, 620102001 → 620102001000.
// Significant prefix lengths by level: province 2, city 4, county 6, township 9, village 12.
// A region's subtree is every code that starts with its prefix: the range [prefix000…, prefix999…].

export const regionLevels = ['province', 'city', 'county', 'township', 'village'] as const;
export type RegionLevel = (typeof regionLevels)[number];
export const prefixLengths = [2, 4, 6, 9, 12] as const;

export const REGION_CODE_PATTERN = '^\\d{2}(\\d{2}(\\d{2}(\\d{3}(\\d{3})?)?)?)?$';

/** Pads a 2/4/6/9/12-digit code to 12 digits; returns undefined for anything else. */
export function normalizeRegionCode(code: string): string | undefined {
  if (!/^\d+$/.test(code)) return undefined;
  if (code.length === 12) return code;
  if (!(prefixLengths as readonly number[]).includes(code.length)) return undefined;
  return code.padEnd(12, '0');
}

/** The level index (0 = province … 4 = village) of a 12-digit code. */
export function levelOf(code: string): number {
  if (code.slice(9) !== '000') return 4;
  if (code.slice(6, 9) !== '000') return 3;
  if (code.slice(4, 6) !== '00') return 2;
  if (code.slice(2, 4) !== '00') return 1;
  return 0;
}

export function prefixOf(code: string): string {
  return code.slice(0, prefixLengths[levelOf(code)]);
}

export interface CodeRange {
  from: string;
  to: string;
}

/** The inclusive range of 12-digit codes in a region's subtree (the region itself included). */
export function subtreeRange(code: string): CodeRange {
  const prefix = prefixOf(code);
  return { from: prefix.padEnd(12, '0'), to: prefix.padEnd(12, '9') };
}

export function isInSubtree(code: string, ancestor: string): boolean {
  return code.startsWith(prefixOf(ancestor));
}

/** Ancestors from the province down, excluding the code itself. */
export function ancestorCodes(code: string): string[] {
  const level = levelOf(code);
  const out: string[] = [];
  for (let l = 0; l < level; l++) out.push(code.slice(0, prefixLengths[l]).padEnd(12, '0'));
  return out;
}

export function parentCode(code: string): string | null {
  return ancestorCodes(code).at(-1) ?? null;
}

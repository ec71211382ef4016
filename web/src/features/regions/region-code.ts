// GB/T 2260 codes as the server stores them: 12 digits, zero-padded (see src/modules/regions/region-code.ts).
// Significant prefix lengths by level: province 2, city 4, county 6, township 9, village 12.

const prefixLengths = [2, 4, 6, 9, 12] as const;

export function levelIndexOf(code: string): number {
  if (code.slice(9) !== '000') return 4;
  if (code.slice(6, 9) !== '000') return 3;
  if (code.slice(4, 6) !== '00') return 2;
  if (code.slice(2, 4) !== '00') return 1;
  return 0;
}

export function prefixOf(code: string): string {
  return code.slice(0, prefixLengths[levelIndexOf(code)]);
}

export function isInSubtree(code: string, ancestor: string): boolean {
  return code.startsWith(prefixOf(ancestor));
}

export function provinceOf(code: string): string {
  return code.slice(0, 2).padEnd(12, '0');
}

/** Drops codes inside another code's subtree and duplicates; keeps code order. */
export function topmost(codes: string[]): string[] {
  const unique = [...new Set(codes)];
  return unique.filter((code) => !unique.some((other) => other !== code && isInSubtree(code, other)));
}

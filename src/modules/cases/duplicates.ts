// Possible duplicates at intake: open cases in the same village from the last days whose text is
// similar. Chinese needs no dictionary here: compare character bigram sets (Dice coefficient).
import type { Db } from '../../db/database.js';
import { terminalStatuses } from './workflow.js';

export const DUPLICATE_WINDOW_DAYS = 7;
export const DUPLICATE_THRESHOLD = 0.35;
/** The most recent open cases of the village that are compared; older ones are not looked at. */
export const DUPLICATE_CANDIDATES = 200;

const SKIPPED = /[\s\p{P}\p{S}]+/gu;
const SKIPPED_ONE = /^[\s\p{P}\p{S}]$/u;

export function bigrams(text: string): Set<string> {
  const chars = [...text.replace(SKIPPED, '')].map((c) => c.toLowerCase());
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(`${chars[i]}${chars[i + 1]}`);
  if (chars.length === 1 && chars[0]) out.add(chars[0]);
  return out;
}

/** Dice coefficient of two bigram sets: 1 for the same text, 0 for nothing in common. */
export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const g of a) if (b.has(g)) common++;
  return (2 * common) / (a.size + b.size);
}

// The same bigrams as numbers, for comparing one text with hundreds: a bigram of the lower-cased
// code points a, b is a·2²¹ + b, a text of one character c is −c − 1. This is `bigrams` exactly
// when every character lower-cases to one code point, the case of every text but those with 'İ'
// (whose lower case is two); a text with such a character is compared with `bigrams` instead.
const PAIR = 2 ** 21;
const SKIP = -1;
const NOT_ONE = -2;
// Per UTF-16 unit of the Basic Multilingual Plane: 0 not seen yet, else the lower-cased code point + 3, or SKIP/NOT_ONE + 3.
const bmpCodes = new Int32Array(0x10000);

function classify(cp: number): number {
  const ch = String.fromCodePoint(cp);
  if (SKIPPED_ONE.test(ch)) return SKIP;
  const lower = ch.toLowerCase();
  const first = lower.codePointAt(0) ?? cp;
  return lower.length === (first > 0xffff ? 2 : 1) ? first : NOT_ONE;
}

function codeOf(cp: number): number {
  if (cp > 0xffff) return classify(cp);
  let code = bmpCodes[cp] ?? 0;
  if (code === 0) {
    code = classify(cp) + 3;
    bmpCodes[cp] = code;
  }
  return code - 3;
}

/** Calls `add` with each bigram number of the text (repeats included); false if the text needs `bigrams`. */
function eachBigram(text: string, add: (key: number) => void): boolean {
  let prev = -1;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i) ?? 0;
    if (cp > 0xffff) i++;
    const code = codeOf(cp);
    if (code === SKIP) continue;
    if (code === NOT_ONE) return false;
    if (prev >= 0) add(prev * PAIR + code);
    prev = code;
    count++;
  }
  if (count === 1) add(-prev - 1);
  return true;
}

/**
 * Similarity of one text to many, the same numbers as `similarity(bigrams(text), bigrams(other))`:
 * the text's bigrams are made once and each other text's are counted into one reused set.
 */
export function similarityTo(text: string): (other: string) => number {
  const mine = new Set<number>();
  const fast = eachBigram(text, (key) => mine.add(key));
  let mineStrings: Set<string> | undefined;
  const slow = (other: string) => {
    mineStrings ??= bigrams(text);
    return similarity(mineStrings, bigrams(other));
  };
  const seen = new Set<number>();
  let common = 0;
  const count = (key: number) => {
    if (seen.has(key)) return;
    seen.add(key);
    if (mine.has(key)) common++;
  };
  return (other) => {
    if (!fast) return slow(other);
    seen.clear();
    common = 0;
    if (!eachBigram(other, count)) return slow(other);
    if (mine.size === 0 || seen.size === 0) return 0;
    return (2 * common) / (mine.size + seen.size);
  };
}

export async function findDuplicateCandidates(db: Db, c: { id: number; regionCode: string; title: string; description: string; at: string }, limit = 5) {
  const since = new Date(Date.parse(c.at) - DUPLICATE_WINDOW_DAYS * 86_400_000).toISOString();
  const rows = await db
    .selectFrom('cases')
    .select(['id', 'tracking_code', 'title', 'description'])
    .where('region_code', '=', c.regionCode)
    .where('created_at', '>=', since)
    .where('id', '!=', c.id)
    .where('status', 'not in', [...terminalStatuses])
    .orderBy('created_at', 'desc')
    .limit(DUPLICATE_CANDIDATES)
    .execute();
  const similarTo = similarityTo(`${c.title} ${c.description}`);
  const out: Array<{ id: number; trackingCode: string; title: string; similarity: number }> = [];
  for (const r of rows) {
    const score = Math.round(similarTo(`${r.title} ${r.description}`) * 100) / 100;
    if (score >= DUPLICATE_THRESHOLD) out.push({ id: r.id, trackingCode: r.tracking_code, title: r.title, similarity: score });
  }
  // A stable sort: equally similar cases stay newest first.
  return out.sort((a, b) => b.similarity - a.similarity).slice(0, limit);
}

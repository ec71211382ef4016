// Possible duplicates at intake: open cases in the same village from the last days whose text is
// similar. Chinese needs no dictionary here: compare character bigram sets (Dice coefficient).
import type { Db } from '../../db/database.js';
import { terminalStatuses } from './workflow.js';

export const DUPLICATE_WINDOW_DAYS = 7;
export const DUPLICATE_THRESHOLD = 0.35;

export function bigrams(text: string): Set<string> {
  const chars = [...text.replace(/[\s\p{P}\p{S}]+/gu, '')].map((c) => c.toLowerCase());
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
    .limit(200)
    .execute();
  const mine = bigrams(`${c.title} ${c.description}`);
  return rows
    .map((r) => ({ id: r.id, trackingCode: r.tracking_code, title: r.title, similarity: Math.round(similarity(mine, bigrams(`${r.title} ${r.description}`)) * 100) / 100 }))
    .filter((r) => r.similarity >= DUPLICATE_THRESHOLD)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, limit);
}

// Full-text search of case text: the one place with dialect-specific search SQL.
// Chinese has no spaces between words, so both dialects index character trigrams (migration
// 20261127T0420-case-search) and a search term matches any substring of title or description:
// - SQLite: FTS5 external-content table `cases_fts` with the trigram tokenizer (MATCH "term").
// - PostgreSQL: pg_trgm GIN index on (title || ' ' || description); ILIKE '%term%' uses it.
// A trigram index cannot serve a term shorter than three characters, and those are common in
// Chinese (噪音, 漏水). Such terms fall back to LIKE '%term%', which scans the rows the other
// conditions of the query (scope, region, status, dates) leave; the scale benchmark measures it.
// User input never becomes syntax: LIKE wildcards are escaped and FTS terms are quoted phrases.
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { type Db, dialectOf } from './database.js';
import type { Database } from './schema.js';

/** Shortest term a trigram index can answer. */
export const MIN_TRIGRAM_CHARS = 3;
/** Terms beyond this many are ignored: each adds a condition. */
export const MAX_SEARCH_TERMS = 5;

/** Whitespace-separated terms of a query, deduplicated, at most MAX_SEARCH_TERMS; all must match. */
export function searchTerms(q: string): string[] {
  const terms = q.split(/[\s\u3000]+/u).filter((t) => t.length > 0);
  return [...new Set(terms)].slice(0, MAX_SEARCH_TERMS);
}

export function charCount(term: string): number {
  return [...term].length;
}

/** The term as a LIKE pattern matching it anywhere, with \, % and _ escaped (ESCAPE '\'). */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The term as one FTS5 string (a phrase): operators, columns and prefixes lose their meaning. */
export function ftsPhrase(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

type CasesEb = ExpressionBuilder<Database, 'cases'>;

function likeEither(term: string): Expression<SqlBool> {
  const pattern = containsPattern(term);
  return sql<SqlBool>`(cases.title like ${pattern} escape '\\' or cases.description like ${pattern} escape '\\')`;
}

/** A WHERE condition on `cases`: title or description contains every term (case-insensitive for Latin letters). */
export function caseTextMatches(db: Db, eb: CasesEb, terms: readonly string[]): Expression<SqlBool> {
  if (terms.length === 0) return sql<SqlBool>`1 = 1`;
  if (dialectOf(db) === 'postgres') {
    // The same expression as the index, or the planner cannot use it.
    return eb.and(terms.map((t) => sql<SqlBool>`(cases.title || ' ' || cases.description) ilike ${containsPattern(t)} escape '\\'`));
  }
  const long = terms.filter((t) => charCount(t) >= MIN_TRIGRAM_CHARS);
  const short = terms.filter((t) => charCount(t) < MIN_TRIGRAM_CHARS);
  const parts: Expression<SqlBool>[] = short.map(likeEither);
  if (long.length > 0) {
    const match = long.map(ftsPhrase).join(' AND ');
    parts.unshift(sql<SqlBool>`cases.id in (select rowid from cases_fts where cases_fts match ${match})`);
  }
  return eb.and(parts);
}

/**
 * On SQLite, the part of a search the trigram index can drive: the terms of three or more
 * characters as one MATCH string, and the shorter terms left for LIKE. Undefined on PostgreSQL
 * (its GIN index is a bitmap, not an ordered walk) or when every term is short.
 */
export function ftsDriver(db: Db, terms: readonly string[]): { match: string; shortTerms: string[] } | undefined {
  if (dialectOf(db) !== 'sqlite') return undefined;
  const long = terms.filter((t) => charCount(t) >= MIN_TRIGRAM_CHARS);
  if (long.length === 0) return undefined;
  return { match: long.map(ftsPhrase).join(' AND '), shortTerms: terms.filter((t) => charCount(t) < MIN_TRIGRAM_CHARS) };
}

/** SQLite: ids of the cases whose text matches, below `beforeId`, highest first; FTS5 walks its doclists in rowid order and stops at `limit`. */
export async function findFtsIdsBefore(db: Db, match: string, beforeId: number, limit: number): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`select rowid as id from cases_fts where cases_fts match ${match} and rowid < ${beforeId} order by rowid desc limit ${limit}`.execute(db);
  return rows.map((r) => r.id);
}

// Who manages webhooks, which events a subscription receives, and when a failed delivery is retried.
import { invalid } from '../../errors.js';
import type { Actor, Role } from '../auth/actor.js';
import { caseActions } from '../cases/workflow.js';
import { isInSubtree } from '../regions/region-code.js';

/** Roles that manage webhooks in their region subtree (admins everywhere). */
export const webhookRoles: Role[] = ['admin', 'center_head'];

/** Every topic the outbox carries today: one per case action, plus intake. */
export const knownTopics: readonly string[] = ['case.submit', ...caseActions.map((a) => `case.${a}`)];

const TOPIC_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?$/;

/**
 * The topics a subscription asks for: '*' (everything), `case.*` (a family) or exact topics. Case
 * topics must be known, so a typo fails now rather than silently receiving nothing.
 */
export function checkTopics(input: string | string[]): string[] {
  if (typeof input === 'string') {
    if (input !== '*') throw invalid('topics', 'must be "*" or a list of topics');
    return ['*'];
  }
  if (input.length === 0) throw invalid('topics', 'must name at least one topic (or be "*")');
  const out: string[] = [];
  input.forEach((topic, i) => {
    const field = `topics.${i}`;
    if (topic !== '*' && !TOPIC_PATTERN.test(topic)) throw invalid(field, 'must look like case.accept, case.* or *');
    if (topic.startsWith('case.') && topic !== 'case.*' && !knownTopics.includes(topic)) {
      throw invalid(field, `unknown topic ${topic}; known: case.*, ${knownTopics.join(', ')}`);
    }
    if (!out.includes(topic)) out.push(topic);
  });
  return out.includes('*') ? ['*'] : out;
}

export function topicMatches(patterns: readonly string[], topic: string): boolean {
  return patterns.some((p) => p === '*' || p === topic || (p.endsWith('.*') && topic.startsWith(p.slice(0, -1))));
}

/**
 * Whether an outbox row is in a subscription's region subtree. Rows without a region (not about a
 * case) go only to province-wide subscriptions.
 */
export function regionMatches(subscriptionRegion: string, rowRegion: string | null): boolean {
  if (rowRegion === null) return subscriptionRegion.slice(2) === '0000000000';
  return isInSubtree(rowRegion, subscriptionRegion);
}

/** The units a manager may name as a subscription's owner for a region: where they manage it. */
export function ownerUnitCandidates(actor: Actor, regionCode: string): number[] {
  return actor.grants.filter((g) => g.role === 'admin' || (g.role === 'center_head' && isInSubtree(regionCode, g.regionCode))).map((g) => g.unitId);
}

/** Wait after the n-th failed attempt (n = 1…5); a failure after the 6th attempt is final. */
export const RETRY_DELAYS_MS: readonly number[] = [30_000, 120_000, 600_000, 3_600_000, 21_600_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** After a failed attempt: when to try again, or undefined when the delivery is dead. */
export function nextAttemptAfter(attempt: number, now: Date): Date | undefined {
  const delay = RETRY_DELAYS_MS[attempt - 1];
  return delay === undefined ? undefined : new Date(now.getTime() + delay);
}

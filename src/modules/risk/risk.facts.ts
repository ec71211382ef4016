// The only facts the risk engine ever sees. toRiskFacts copies, field by field, what the whitelist
// names and nothing else, then freezes it: whatever a repository or a caller hands over (a party's
// name, a case's channel, a refused mediation), the engine cannot read it, even by mistake.
import type { Tier } from './risk.definitions.js';
import { isTier } from './risk.definitions.js';

/** One case of the subject's history: the case itself, or a case sharing parties with it. */
export interface CaseFact {
  readonly caseId: number;
  readonly kind: string;
  /** When the case was taken in (the incident's time). */
  readonly at: string;
  readonly priority: string;
  /** The tier of the latest warning on that case, if any. */
  readonly assessedTier: Tier | null;
  /** How many of the subject case's parties it shares (by blind index); the subject itself counts all. */
  readonly sharedParties: number;
  readonly isSubject: boolean;
}

/** A mediation agreement on one of those cases that was breached, or after which new tension arose. */
export interface AgreementFact {
  readonly caseId: number;
  readonly agreementId: number;
  readonly breachedAt: string;
}

export interface RiskFacts {
  readonly subjectCaseId: number;
  readonly now: string;
  readonly cases: readonly CaseFact[];
  readonly agreements: readonly AgreementFact[];
}

/** The whitelist, documented in docs/risk-warnings.md. Nothing else reaches the engine. */
export const FACT_WHITELIST = {
  case: ['caseId', 'kind', 'at', 'priority', 'assessedTier', 'sharedParties', 'isSubject'],
  agreement: ['caseId', 'agreementId', 'breachedAt'],
} as const;

function num(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`risk facts: ${what} must be a number`);
  return v;
}
function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new TypeError(`risk facts: ${what} must be a string`);
  return v;
}

function pickCase(raw: Record<string, unknown>): CaseFact {
  return Object.freeze({
    caseId: num(raw.caseId, 'caseId'),
    kind: str(raw.kind, 'kind'),
    at: str(raw.at, 'at'),
    priority: str(raw.priority, 'priority'),
    assessedTier: isTier(raw.assessedTier) ? raw.assessedTier : null,
    sharedParties: num(raw.sharedParties, 'sharedParties'),
    isSubject: raw.isSubject === true,
  });
}

function pickAgreement(raw: Record<string, unknown>): AgreementFact {
  return Object.freeze({ caseId: num(raw.caseId, 'caseId'), agreementId: num(raw.agreementId, 'agreementId'), breachedAt: str(raw.breachedAt, 'breachedAt') });
}

/** Builds the engine's input from anything: only whitelisted fields survive, frozen. */
export function toRiskFacts(raw: { subjectCaseId: number; now: string; cases: ReadonlyArray<object>; agreements: ReadonlyArray<object> }): RiskFacts {
  return Object.freeze({
    subjectCaseId: num(raw.subjectCaseId, 'subjectCaseId'),
    now: str(raw.now, 'now'),
    cases: Object.freeze(raw.cases.map((c) => pickCase(c as Record<string, unknown>))),
    agreements: Object.freeze(raw.agreements.map((a) => pickAgreement(a as Record<string, unknown>))),
  });
}

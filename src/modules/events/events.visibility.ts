// Who may see an outbox row on the live stream: exactly who may see its case, by the rule of
// caseVisible (cases.repository.ts) evaluated in memory on facts the hub loads once per batch, so
// that a thousand listeners do not each query the database for every event.
import type { CaseScope } from '../cases/cases.policy.js';

export interface CaseFactsForStream {
  kind: string;
  regionCode: string;
  /** Every unit the case was ever sent to (case_units rows, ended ones included, as caseVisible counts them). */
  unitIds: readonly number[];
}

function inRanges(ranges: CaseScope['regions']['ranges'], code: string): boolean {
  return ranges.some((r) => code >= r.from && code <= r.to);
}

/** caseVisible, in memory: region-wide roles by region (crisis only for crisis roles), unit-bound roles by unit. */
export function caseVisibleTo(scope: CaseScope, c: CaseFactsForStream): boolean {
  if (scope.all) return true;
  if (scope.regions.ranges.length > 0 && inRanges(scope.regions.ranges, c.regionCode)) {
    if (c.kind !== 'crisis' || scope.crisisRegions.all || inRanges(scope.crisisRegions.ranges, c.regionCode)) return true;
  }
  return scope.unitIds.length > 0 && c.unitIds.some((u) => scope.unitIds.includes(u));
}

export interface StreamRow {
  id: number;
  topic: string;
  caseId: number | null;
  regionCode: string | null;
  payload: string;
}

/**
 * Whether a listener sees a row. Case rows follow the case; a row whose case is unknown is hidden;
 * rows about no case are for admins only until a module defines who else may see them.
 */
export function rowVisibleTo(scope: CaseScope, actorIsAdmin: boolean, row: StreamRow, facts: ReadonlyMap<number, CaseFactsForStream>): boolean {
  if (row.caseId === null) return actorIsAdmin;
  const c = facts.get(row.caseId);
  return c !== undefined && caseVisibleTo(scope, c);
}

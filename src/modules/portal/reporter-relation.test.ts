// The workflow's `reporter` relation: what a resident proven on the portal may do to a case (rate
// it, reopen it after an unsatisfied rating), and that nobody else gets it (no staff member, no
// resident for another case), while a resident gets nothing else.
import { describe, expect, it } from 'vitest';
import { type Actor, residentActor, systemActor } from '../auth/actor.js';
import { type CaseFacts, caseScope, permittedTransition, relationsOf } from '../cases/cases.policy.js';
import { caseActions, transitions } from '../cases/workflow.js';

const resolved: CaseFacts = { caseId: 42, status: 'resolved', regionCode: '620102001001', ownerUnitId: 7, leadUnitId: 9, units: [{ unitId: 9, status: 'acknowledged', endedAt: null }] };
const operator: Actor = { kind: 'user', userId: 1, label: 'op', grants: [{ role: 'center_operator', unitId: 7, unitKind: 'center', unitName: '街道综治中心', regionCode: '620102001000' }] };

describe('the reporter relation', () => {
  it('is declared for the follow-up and the reopen only, with no staff role', () => {
    const rows = transitions.filter((t) => t.relations.includes('reporter'));
    expect(rows.map((t) => [t.action, t.from, t.roles, t.required, t.guard ?? null])).toEqual([
      ['follow_up', ['resolved'], [], ['method', 'satisfaction'], null],
      ['reopen', ['resolved'], [], ['reason'], 'lastFollowUpUnsatisfied'],
    ]);
    expect(rows.every((t) => t.relations.length === 1 && t.isPublic)).toBe(true);
  });

  it('belongs to the resident of this case only', () => {
    expect([...relationsOf(residentActor([42]), resolved).keys()]).toEqual(['reporter']);
    expect(relationsOf(residentActor([41]), resolved).size).toBe(0);
    expect(relationsOf(residentActor([42]), { ...resolved, caseId: undefined }).size).toBe(0);
    expect(relationsOf(operator, resolved).has('reporter')).toBe(false);
    expect(relationsOf(systemActor('sweep'), resolved).has('reporter')).toBe(false);
    // A staff member cannot borrow the relation by carrying case ids.
    expect(relationsOf({ ...operator, reportedCaseIds: [42] }, resolved).has('reporter')).toBe(false);
  });

  it('lets the resident follow up and reopen, and nothing else', () => {
    const resident = residentActor([42]);
    const allowed = caseActions.filter((a) => permittedTransition(resident, resolved, a));
    expect(allowed).toEqual(['follow_up', 'reopen']);
    for (const status of ['submitted', 'in_progress', 'closed'] as const) {
      expect(caseActions.filter((a) => permittedTransition(resident, { ...resolved, status }, a)), status).toEqual([]);
    }
    // The staff keep their own rows.
    expect(permittedTransition(operator, resolved, 'follow_up')?.transition.relations).toEqual(['owner']);
  });

  it('scopes a resident to their own cases', () => {
    expect(caseScope(residentActor([42, 43]))).toMatchObject({ all: false, caseIds: [42, 43], unitIds: [], regions: { all: false, ranges: [] } });
    expect(caseScope(operator).caseIds).toBeUndefined();
  });
});

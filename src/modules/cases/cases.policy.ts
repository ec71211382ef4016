// Who may see a case and how an actor relates to it. Visibility: region-wide roles see the cases of
// their region subtree (crisis cases only for centre heads and coordinators); unit-bound roles
// (department staff, mediators) see only the cases dispatched to their unit.
import { type Actor, type Role, type Scope, isAdmin } from '../auth/actor.js';
import { type CodeRange, isInSubtree, subtreeRange } from '../regions/region-code.js';
import { type CaseAction, type CaseStatus, type Relation, type Transition, transitions } from './workflow.js';

const REGION_WIDE: readonly Role[] = ['center_operator', 'center_head', 'township_coordinator', 'supervisor', 'analyst', 'auditor', 'grid_worker'];
const CRISIS_REGION_ROLES: readonly Role[] = ['center_head', 'township_coordinator'];
const CENTER_ROLES: readonly Role[] = ['center_operator', 'center_head', 'township_coordinator'];
const SUPERVISOR_ROLES: readonly Role[] = ['supervisor', 'center_head'];

export interface CaseScope {
  all: boolean;
  regions: Scope;
  crisisRegions: Scope;
  unitIds: number[];
  /** Single cases visible besides the above: a resident's own reports. */
  caseIds?: readonly number[];
}

function rangesFor(actor: Actor, wanted: readonly Role[]): CodeRange[] {
  return actor.grants.filter((g) => wanted.includes(g.role)).map((g) => subtreeRange(g.regionCode));
}

export function caseScope(actor: Actor): CaseScope {
  const unitIds = [...new Set(actor.grants.map((g) => g.unitId))];
  const none: Scope = { all: false, ranges: [], unitIds: [] };
  if (isAdmin(actor)) return { all: true, regions: { ...none, all: true }, crisisRegions: { ...none, all: true }, unitIds };
  if (actor.kind === 'resident') return { all: false, regions: none, crisisRegions: none, unitIds: [], caseIds: actor.reportedCaseIds ?? [] };
  return {
    all: false,
    regions: { all: false, ranges: rangesFor(actor, REGION_WIDE), unitIds: [] },
    crisisRegions: { all: false, ranges: rangesFor(actor, CRISIS_REGION_ROLES), unitIds: [] },
    unitIds,
  };
}

export interface CaseFacts {
  /** Needed for the resident's `reporter` relation; without it a resident has none. */
  caseId?: number;
  status: CaseStatus;
  regionCode: string;
  ownerUnitId: number;
  leadUnitId: number | null;
  units: Array<{ unitId: number; status: string; endedAt: string | null }>;
}

/** The actor's relations to a case, and the unit each relation acts through. */
export function relationsOf(actor: Actor, c: CaseFacts): Map<Relation, number | null> {
  const out = new Map<Relation, number | null>();
  const admin = isAdmin(actor);
  const holds = (unitId: number | null, roles?: readonly Role[]) =>
    unitId !== null && actor.grants.some((g) => g.unitId === unitId && (!roles || roles.includes(g.role)));
  if (admin || holds(c.ownerUnitId, CENTER_ROLES)) out.set('owner', c.ownerUnitId);
  if (c.leadUnitId !== null && (admin || holds(c.leadUnitId))) out.set('lead', c.leadUnitId);
  const pending = c.units.find((u) => u.status === 'pending' && u.endedAt === null && (holds(u.unitId) || (admin && u.unitId === c.leadUnitId)));
  if (pending) out.set('pending', pending.unitId);
  const assigned = c.units.find((u) => u.endedAt === null && holds(u.unitId));
  if (assigned) out.set('assigned', assigned.unitId);
  else if (admin && c.leadUnitId !== null) out.set('assigned', c.leadUnitId);
  const supervising = actor.grants.find((g) => SUPERVISOR_ROLES.includes(g.role) && isInSubtree(c.regionCode, g.regionCode));
  if (admin || supervising) out.set('supervisor', supervising?.unitId ?? null);
  if (out.size > 0) out.set('involved', out.values().next().value ?? null);
  // After `involved`: reporting a case involves a resident in nothing the staff do.
  if (actor.kind === 'resident' && c.caseId !== undefined && (actor.reportedCaseIds ?? []).includes(c.caseId)) out.set('reporter', null);
  return out;
}

export interface PermittedTransition {
  transition: Transition;
  /** The unit the actor acts through (the acknowledging department, …). */
  unitId: number | null;
}

/** The transition for (status, action) the actor may take, checking relation and role. */
export function permittedTransition(actor: Actor, c: CaseFacts, action: CaseAction): PermittedTransition | undefined {
  const relations = relationsOf(actor, c);
  for (const t of transitions) {
    if (t.action !== action || !t.from.includes(c.status)) continue;
    for (const relation of t.relations) {
      if (!relations.has(relation)) continue;
      const unitId = relations.get(relation) ?? null;
      // The reporter relation is the resident's whole permission; every other relation needs a role.
      const roleOk =
        relation === 'reporter'
          ? actor.kind === 'resident'
          : isAdmin(actor) || actor.kind === 'system' || actor.grants.some((g) => t.roles.includes(g.role) && (unitId === null || g.unitId === unitId || relation === 'supervisor'));
      if (roleOk) return { transition: t, unitId };
    }
  }
  return undefined;
}

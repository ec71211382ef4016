// Who may do what with grids. Reading follows the caller's scope (every region subtree they hold
// any role in); writing needs one of the writer roles, and only in the subtrees of those grants, so a
// township operator who is also a volunteer elsewhere cannot edit the grids of that elsewhere.
import type { AuditEntry } from '../audit/audit.repository.js';
import { type Actor, type Role, type Scope, isAdmin, scopeIncludes, scopeOf } from '../auth/actor.js';

export const gridWriterRoles: Role[] = ['admin', 'center_head', 'center_operator', 'township_coordinator'];

/** The region subtrees in which the actor may create and change grids. */
export function gridWriteScope(actor: Actor): Scope {
  if (isAdmin(actor)) return scopeOf(actor);
  return scopeOf({ ...actor, grants: actor.grants.filter((g) => gridWriterRoles.includes(g.role)) });
}

export function canWriteGridsIn(actor: Actor, regionCode: string): boolean {
  return scopeIncludes(gridWriteScope(actor), regionCode);
}

export interface GridAbilities {
  rename: boolean;
  retire: boolean;
  assignWorkers: boolean;
}

/** What the caller may do with one grid now, so the UI shows only those actions. */
export function gridAbilities(actor: Actor, grid: { region_code: string; status: string }): GridAbilities {
  const can = grid.status === 'active' && canWriteGridsIn(actor, grid.region_code);
  return { rename: can, retire: can, assignWorkers: can };
}

/** The audit columns naming who acted, from where. */
export function auditBy(actor: Actor, ip: string | null): Pick<AuditEntry, 'actorUserId' | 'actorLabel' | 'ip'> {
  return { actorUserId: actor.userId, actorLabel: actor.label, ip };
}

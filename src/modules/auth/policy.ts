// Who may manage what, beyond the route's role list: the region subtrees an actor administers.
import { AppError } from '../../errors.js';
import type { AuditEntry } from '../audit/audit.repository.js';
import { type Actor, type Role, type Scope, isAdmin, scopeOf } from './actor.js';

/** The scope of a check already made elsewhere (re-reading a row just written). */
export const everywhere: Scope = Object.freeze({ all: true, ranges: [], unitIds: [] });

/** Roles that administer units and accounts in their region subtree. */
export const managerRoles: Role[] = ['admin', 'center_head'];

/**
 * The subtrees in which an actor may create units and accounts and hand out roles: everything for
 * admins, the subtrees of their center_head units otherwise (not of every unit they hold a role in).
 */
export function manageScope(actor: Actor): Scope {
  if (isAdmin(actor)) return scopeOf(actor);
  return scopeOf({ ...actor, grants: actor.grants.filter((g) => g.role === 'center_head') });
}

/** Only admins hand out the admin role. */
export function canGrantRole(actor: Actor, role: Role): boolean {
  return role !== 'admin' || isAdmin(actor);
}

/** The audit columns naming who acted, from where. */
export function auditActor(actor: Actor, ip?: string | null): Pick<AuditEntry, 'actorUserId' | 'actorLabel' | 'ip'> {
  return { actorUserId: actor.userId, actorLabel: actor.label, ip: ip ?? null };
}

/** For writes a token or a job may not make in a person's name (password changes, minting tokens). */
export function requirePerson(actor: Actor, what: string): asserts actor is Actor & { userId: number } {
  if (actor.kind !== 'user' || actor.userId === null) throw new AppError('forbidden', `Only a signed-in person can ${what}`);
}

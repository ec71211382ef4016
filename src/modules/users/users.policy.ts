// Who may see and manage which accounts.
import { AppError } from '../../errors.js';
import { type Actor, type Role, isAdmin, scopeIncludes } from '../auth/actor.js';
import { canGrantRole, manageScope } from '../auth/policy.js';
import type { MembershipRow } from './users.repository.js';

/**
 * An admin manages every account; a center_head manages accounts holding a role in a unit of their
 * subtree, except admins'.
 */
export function canManageUser(actor: Actor, grants: Pick<MembershipRow, 'role' | 'region_code'>[]): boolean {
  if (isAdmin(actor)) return true;
  if (grants.some((g) => g.role === 'admin')) return false;
  const scope = manageScope(actor);
  return grants.some((g) => scopeIncludes(scope, g.region_code));
}

export function requireManageUser(actor: Actor, userId: number, grants: Pick<MembershipRow, 'role' | 'region_code'>[]): void {
  if (!canManageUser(actor, grants)) throw new AppError('forbidden', `You do not manage user ${userId}`);
}

export function requireGrantableRole(actor: Actor, role: Role, field: string): void {
  if (!canGrantRole(actor, role)) {
    throw new AppError('forbidden', `Only admins can grant the role ${role}`, { errors: [{ field, message: `only admins can grant ${role}` }] });
  }
}

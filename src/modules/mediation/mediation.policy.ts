// Who may do what in a mediation. Every call first needs the case to be visible (caseVisible);
// then: members of the mediation committee and the centre staff who own the case act on it; only a
// mediator of the committee seals the agreement on the committee's behalf.
import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import { type Actor, type Role, isAdmin } from '../auth/actor.js';
import { caseScope } from '../cases/cases.policy.js';
import * as repo from './mediation.repository.js';

export const MEDIATION_ROLES: Role[] = ['mediator', 'township_coordinator', 'center_head', 'center_operator'];
export const MEDIATION_READ_ROLES: Role[] = [...MEDIATION_ROLES, 'supervisor'];
export const TEMPLATE_ROLES: Role[] = ['center_head'];
const CENTER_ROLES: readonly Role[] = ['center_operator', 'center_head', 'township_coordinator'];

export function isCommitteeMember(actor: Actor, committeeUnitId: number): boolean {
  return actor.grants.some((g) => g.unitId === committeeUnitId);
}

export function canAct(actor: Actor, m: { committee_unit_id: number; case_owner_unit_id: number }): boolean {
  return isAdmin(actor) || isCommitteeMember(actor, m.committee_unit_id) || actor.grants.some((g) => g.unitId === m.case_owner_unit_id && CENTER_ROLES.includes(g.role));
}

export function canSeal(actor: Actor, committeeUnitId: number): boolean {
  return isAdmin(actor) || actor.grants.some((g) => g.unitId === committeeUnitId && g.role === 'mediator');
}

/** The mediation if the caller may see its case; 404 otherwise. */
export async function loadVisible(db: Db, actor: Actor, id: number) {
  const m = await repo.findMediation(db, id, caseScope(actor));
  if (!m) throw notFound('Mediation', id);
  return m;
}

/** The mediation if the caller may act on it, at the version they read. */
export async function loadForAction(db: Db, actor: Actor, id: number, version: number) {
  const m = await loadVisible(db, actor, id);
  if (!canAct(actor, m)) throw new AppError('forbidden', `Only the mediation committee or the centre that owns case ${m.case_id} may act on mediation ${id}`);
  if (m.version !== version) {
    throw new AppError('version_conflict', `Mediation ${id} is at version ${m.version}, you sent ${version}; reload it`, { errors: [{ field: 'version', message: 'stale' }], extra: { currentVersion: m.version } });
  }
  return m;
}

export function requireStatus(m: { id: number; status: string }, allowed: readonly string[], what: string): void {
  if (!allowed.includes(m.status)) throw new AppError('conflict', `Mediation ${m.id} is ${m.status}; ${what} needs it to be ${allowed.join(' or ')}`);
}

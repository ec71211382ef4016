// Who may do what with risk warnings. Every read and write also needs the case to be visible to the
// caller (caseVisible): a warning on a case you cannot see does not exist for you.
import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import type { Actor, Role } from '../auth/actor.js';
import { requirePerson } from '../auth/policy.js';
import { caseScope } from '../cases/cases.policy.js';
import * as casesRepo from '../cases/cases.repository.js';

/** See warnings, assessments and conferences. */
export const RISK_READ_ROLES: Role[] = ['mediator', 'township_coordinator', 'center_head', 'supervisor'];
/** Submit answers to an instrument. */
export const ASSESS_ROLES: Role[] = ['mediator', 'township_coordinator', 'center_head'];
/** Acknowledge, decide, raise, lower, record outcomes: named reviewers. */
export const REVIEW_ROLES: Role[] = ['township_coordinator', 'center_head', 'supervisor'];
/** Hold case conferences and report on their actions. */
export const CONFERENCE_ROLES: Role[] = ['township_coordinator', 'center_head', 'supervisor', 'mediator'];
/** Upload and retire instruments, rules and tier tables (admins always pass). */
export const DEFINITION_ROLES: Role[] = ['admin'];

/** The case, if the caller may see it; 404 otherwise (indistinguishable from a missing case). */
export async function requireVisibleCase(db: Db, actor: Actor, caseId: number) {
  const row = await casesRepo.findCaseById(db, caseId, caseScope(actor));
  if (!row) throw notFound('Case', caseId);
  return row;
}

/** Decisions on a warning are made by a named person, never by a token or a job. */
export function requireNamedReviewer(actor: Actor): asserts actor is Actor & { userId: number } {
  requirePerson(actor, 'decide on a risk warning');
}

export function requireCaseKind(kind: string, allowed: readonly string[], field = 'caseId'): void {
  if (!allowed.includes(kind)) {
    throw new AppError('validation_failed', `${field}: risk instruments here apply to ${allowed.join(', ')} cases, not ${kind}`, { errors: [{ field, message: `case kind ${kind} not covered` }] });
  }
}

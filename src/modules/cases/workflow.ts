// The case workflow as a declared table: (state, action) → next state, who may take it, which
// fields it needs and which guard must hold. The service, the "what can I do" API and the UI all
// read this table; nothing else decides a transition.
import type { Role } from '../auth/actor.js';

export const caseStatuses = [
  'submitted', // taken in, waiting for the owning centre to accept (受理)
  'accepted', // accepted, waiting for dispatch (派单)
  'rejected', // not accepted, with a reason (terminal)
  'merged', // duplicate of another case (terminal)
  'dispatched', // sent to a lead unit (and co-units), waiting for the lead's acknowledgement (签收)
  'acknowledged', // the lead unit has acknowledged
  'in_progress', // the lead unit is working on it
  'on_hold', // paused with a reason; clocks stopped
  'returned', // the lead unit sent it back (退单); waiting for re-dispatch
  'escalated', // moved to the centre one level up (上报), waiting for its decision
  'resolved', // the lead unit finished (办结); waiting for follow-up (回访)
  'closed', // done (terminal, unless reopened after an unsatisfied follow-up)
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const caseActions = [
  'accept', 'reject', 'merge', 'dispatch', 'whistle', 'acknowledge', 'return', 'transfer', 'start', 'add_note',
  'request_extension', 'decide_extension', 'hold', 'resume', 'escalate', 'resolve', 'follow_up', 'reopen', 'close',
  'supervise', 'report_progress',
] as const;
export type CaseAction = (typeof caseActions)[number];

/**
 * How the actor must relate to the case:
 * - owner: holds a centre role in the centre that currently owns the case;
 * - lead: holds a role in the lead unit;
 * - pending: holds a role in a unit whose dispatch to this case is still unacknowledged;
 * - assigned: holds a role in the lead unit or an active co-unit;
 * - supervisor: holds a supervising role with the case's region in scope;
 * - involved: any of the above;
 * - reporter: the resident who reported the case, proven through the portal (tracking code and
 *   the phone's last digits, or a phone signed in with a one-time code). Not a staff relation:
 *   rows for it list no roles, a resident holds none (cases.policy.ts).
 */
export type Relation = 'owner' | 'lead' | 'pending' | 'assigned' | 'supervisor' | 'involved' | 'reporter';

/** Named preconditions beyond the state; implemented in workflow-guards.ts. */
export type GuardName = 'lastFollowUpUnsatisfied' | 'followUpDoneOrImpossible' | 'hasPendingExtension' | 'hasOpenListedSupervision' | 'notOnHoldAlready';

export interface Transition {
  action: CaseAction;
  from: readonly CaseStatus[];
  /** Next state; 'same' keeps it; 'previous' returns to the state before the hold. */
  to: CaseStatus | 'same' | 'previous';
  /** When the acting unit is not the lead (a co-unit acknowledging or returning), the state stays. */
  leadOnly?: boolean;
  /** A result value that sends the case elsewhere (办结 as "not our responsibility" → re-dispatch). */
  toIf?: { field: string; equals: string; to: CaseStatus };
  relations: readonly Relation[];
  roles: readonly Role[];
  /** Body fields that must be present (beyond `version`); the action's schema types them. */
  required: readonly string[];
  guard?: GuardName;
  /** Shown on the resident's timeline (internal notes and extensions are not). */
  isPublic: boolean;
}

const CENTER: readonly Role[] = ['center_operator', 'center_head', 'township_coordinator'];
const HANDLER: readonly Role[] = ['department_handler', 'department_head', 'center_operator', 'center_head', 'township_coordinator', 'grid_worker', 'mediator'];
const SUPERVISOR: readonly Role[] = ['supervisor', 'center_head'];
const OPEN: readonly CaseStatus[] = ['submitted', 'accepted', 'dispatched', 'acknowledged', 'in_progress', 'on_hold', 'returned', 'escalated', 'resolved'];
const WORKING: readonly CaseStatus[] = ['acknowledged', 'in_progress'];
const DISPATCHABLE: readonly CaseStatus[] = ['accepted', 'returned', 'escalated'];
const WITH_UNITS: readonly CaseStatus[] = ['dispatched', 'acknowledged', 'in_progress'];

export const transitions: readonly Transition[] = [
  { action: 'accept', from: ['submitted'], to: 'accepted', relations: ['owner'], roles: CENTER, required: [], isPublic: true },
  { action: 'reject', from: ['submitted'], to: 'rejected', relations: ['owner'], roles: CENTER, required: ['reason'], isPublic: true },
  { action: 'merge', from: ['submitted', 'accepted'], to: 'merged', relations: ['owner'], roles: CENTER, required: ['intoCaseId'], isPublic: true },
  { action: 'dispatch', from: DISPATCHABLE, to: 'dispatched', relations: ['owner'], roles: CENTER, required: ['leadUnitId'], isPublic: true },
  { action: 'whistle', from: DISPATCHABLE, to: 'dispatched', relations: ['owner'], roles: CENTER, required: ['leadUnitId', 'unitIds'], isPublic: true },
  { action: 'whistle', from: WITH_UNITS, to: 'same', relations: ['owner'], roles: CENTER, required: ['unitIds'], isPublic: true },
  { action: 'acknowledge', from: ['dispatched'], to: 'acknowledged', leadOnly: true, relations: ['pending'], roles: HANDLER, required: [], isPublic: true },
  { action: 'acknowledge', from: ['acknowledged', 'in_progress'], to: 'same', relations: ['pending'], roles: HANDLER, required: [], isPublic: false },
  { action: 'return', from: WITH_UNITS, to: 'returned', leadOnly: true, relations: ['assigned', 'pending'], roles: HANDLER, required: ['reason'], isPublic: true },
  { action: 'transfer', from: [...WITH_UNITS, 'returned'], to: 'dispatched', relations: ['owner'], roles: CENTER, required: ['leadUnitId', 'reason'], isPublic: true },
  { action: 'start', from: ['acknowledged'], to: 'in_progress', relations: ['lead'], roles: HANDLER, required: [], isPublic: true },
  { action: 'add_note', from: [...OPEN, 'closed'], to: 'same', relations: ['involved'], roles: [...HANDLER, ...SUPERVISOR], required: ['text'], isPublic: false },
  { action: 'request_extension', from: WORKING, to: 'same', relations: ['lead'], roles: HANDLER, required: ['minutes', 'reason'], isPublic: false },
  { action: 'decide_extension', from: [...WORKING, 'on_hold'], to: 'same', relations: ['owner'], roles: CENTER, required: ['extensionId', 'approve'], guard: 'hasPendingExtension', isPublic: false },
  { action: 'hold', from: WORKING, to: 'on_hold', relations: ['lead', 'owner'], roles: HANDLER, required: ['reason'], isPublic: true },
  { action: 'resume', from: ['on_hold'], to: 'previous', relations: ['lead', 'owner'], roles: HANDLER, required: [], isPublic: true },
  { action: 'escalate', from: ['submitted', 'accepted', 'dispatched', 'acknowledged', 'in_progress', 'returned', 'escalated'], to: 'escalated', relations: ['owner'], roles: CENTER, required: ['reason'], isPublic: true },
  { action: 'resolve', from: WORKING, to: 'resolved', toIf: { field: 'result', equals: 'not_our_responsibility', to: 'returned' }, relations: ['lead'], roles: HANDLER, required: ['result', 'resultText'], isPublic: true },
  { action: 'follow_up', from: ['resolved'], to: 'same', relations: ['owner'], roles: CENTER, required: ['method'], isPublic: true },
  { action: 'reopen', from: ['resolved'], to: 'in_progress', relations: ['owner'], roles: CENTER, required: ['reason'], guard: 'lastFollowUpUnsatisfied', isPublic: true },
  // The resident rates the result on the portal, and reopens it by saying it is not fixed.
  { action: 'follow_up', from: ['resolved'], to: 'same', relations: ['reporter'], roles: [], required: ['method', 'satisfaction'], isPublic: true },
  { action: 'reopen', from: ['resolved'], to: 'in_progress', relations: ['reporter'], roles: [], required: ['reason'], guard: 'lastFollowUpUnsatisfied', isPublic: true },
  { action: 'close', from: ['resolved'], to: 'closed', relations: ['owner'], roles: CENTER, required: [], guard: 'followUpDoneOrImpossible', isPublic: true },
  { action: 'supervise', from: OPEN.filter((s) => s !== 'resolved'), to: 'same', relations: ['supervisor'], roles: SUPERVISOR, required: ['reason', 'dueAt'], isPublic: false },
  { action: 'report_progress', from: OPEN, to: 'same', relations: ['lead'], roles: HANDLER, required: ['text'], guard: 'hasOpenListedSupervision', isPublic: false },
];

export function findTransition(status: CaseStatus, action: CaseAction): Transition | undefined {
  return transitions.find((t) => t.action === action && t.from.includes(status));
}

/** Actions defined from a state, before any check of who asks. */
export function actionsFrom(status: CaseStatus): CaseAction[] {
  return [...new Set(transitions.filter((t) => t.from.includes(status)).map((t) => t.action))];
}

/** Resolution results (办结结果); honest ones, including "could not" and "not ours". */
export const resolutionResults = ['fixed', 'partly_fixed', 'not_fixable', 'not_our_responsibility', 'advice_given', 'mediated_agreement'] as const;
export const satisfactionLevels = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export const followUpMethods = ['phone', 'sms', 'visit', 'portal', 'no_contact'] as const;
/** proxy_errand (委托代办): a resident asks a centre to run an errand for them. */
export const caseKinds = ['request', 'complaint', 'dispute', 'hazard', 'consultation', 'crisis', 'praise', 'proxy_errand'] as const;
export const caseChannels = ['hotline', 'walk_in', 'online', 'grid_report', 'petition', 'referral', 'api', 'sensor'] as const;
export const casePriorities = ['low', 'normal', 'high', 'urgent'] as const;
export const terminalStatuses: readonly CaseStatus[] = ['rejected', 'merged', 'closed'];

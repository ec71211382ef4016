// Worklists: what waits for the caller, by role. Each worklist is a declared filter (data, not
// SQL); its count and its list run the same filter inside the caller's scope, so they agree.
//
// due_soon: open cases whose resolve clock runs and whose deadline falls within the next
// DUE_SOON_WORKING_MINUTES of working time on the business calendar. 420 working minutes (one
// working day) is 20% of the default resolve limit (2,100 minutes, data/sla-policies.json); a
// fixed horizon keeps the filter an index range on resolve_due_at instead of a per-case policy
// lookup. Cases with longer policies appear a little later than at 20% of their limit, shorter
// ones a little earlier; an urgent wall-clock case appears when its deadline is within that
// working time, which at night covers the next morning's deadlines too.
//
// to_accept, to_dispatch and to_follow_up are the caller's centres' (owner unit); to_acknowledge
// and in_progress the caller's units'. due_soon, overdue and under_supervision are every such case
// the caller can see: a department sees its dispatched cases, a centre or supervisor its subtree.
import type { AppContext } from '../../context.js';
import type { Actor, Role } from '../auth/actor.js';
import { deadlineAfter } from '../sla/business-calendar.js';
import { loadCalendar } from '../sla/sla.service.js';
import { casePage, filterFromQuery, toListItems } from './cases.list.js';
import { type ListCasesInput, type WorklistName, worklistNames } from './cases.list.schemas.js';
import { caseScope } from './cases.policy.js';
import { type CaseFilter, countCases } from './cases.search.js';
import type { CaseStatus } from './workflow.js';

export const DUE_SOON_WORKING_MINUTES = 420;

const CENTER_ROLES: readonly Role[] = ['center_operator', 'center_head', 'township_coordinator'];
const DISPATCHABLE: readonly CaseStatus[] = ['accepted', 'returned', 'escalated'];
const WORKING: readonly CaseStatus[] = ['acknowledged', 'in_progress', 'on_hold'];
/** Open and not yet resolved: a deadline can still be missed. */
const UNRESOLVED: readonly CaseStatus[] = ['submitted', 'accepted', 'dispatched', 'acknowledged', 'in_progress', 'on_hold', 'returned', 'escalated'];
/** Unresolved and not on hold: the resolve clock runs. */
const CLOCK_RUNNING: readonly CaseStatus[] = UNRESOLVED.filter((s) => s !== 'on_hold');
const OPEN: readonly CaseStatus[] = [...UNRESOLVED, 'resolved'];

interface WorklistContext {
  /** Units where the caller holds a centre role: their centres' triage and follow-up. */
  centerUnitIds: number[];
  /** Every unit the caller acts for. */
  unitIds: number[];
  now: Date;
  dueSoonUntil: Date;
}

/** The worklists, declared: a filter each, built from who the caller is. */
const worklists: Record<WorklistName, (w: WorklistContext) => CaseFilter> = {
  to_accept: (w) => ({ statuses: ['submitted'], ownerUnitIds: w.centerUnitIds }),
  to_dispatch: (w) => ({ statuses: DISPATCHABLE, ownerUnitIds: w.centerUnitIds }),
  to_acknowledge: (w) => ({ statuses: OPEN, pendingForUnitIds: w.unitIds }),
  in_progress: (w) => ({ statuses: WORKING, leadUnitIds: w.unitIds }),
  due_soon: (w) => ({ statuses: CLOCK_RUNNING, resolveDueWithin: { from: w.now.toISOString(), to: w.dueSoonUntil.toISOString() } }),
  overdue: () => ({ statuses: UNRESOLVED, lateNow: true }),
  to_follow_up: (w) => ({ statuses: ['resolved'], ownerUnitIds: w.centerUnitIds, followedUp: false }),
  under_supervision: () => ({ statuses: OPEN, underSupervision: true }),
};

async function worklistContext(ctx: AppContext, actor: Actor): Promise<WorklistContext> {
  const now = new Date();
  const calendar = await loadCalendar(ctx.db);
  return {
    centerUnitIds: [...new Set(actor.grants.filter((g) => CENTER_ROLES.includes(g.role)).map((g) => g.unitId))],
    unitIds: [...new Set(actor.grants.map((g) => g.unitId))],
    now,
    dueSoonUntil: deadlineAfter(calendar, now, DUE_SOON_WORKING_MINUTES, false),
  };
}

/** How many cases wait in each of the caller's worklists. */
export async function countWorklists(ctx: AppContext, actor: Actor): Promise<Record<WorklistName, number>> {
  const w = await worklistContext(ctx, actor);
  const scope = caseScope(actor);
  const counts = await Promise.all(worklistNames.map((name) => countCases(ctx.db, scope, worklists[name](w))));
  return Object.fromEntries(worklistNames.map((name, i) => [name, counts[i] ?? 0])) as Record<WorklistName, number>;
}

/** The worklist's own filter narrowed by the caller's: both must hold (statuses: the intersection). */
export function narrowFilter(worklist: CaseFilter, extra: CaseFilter): CaseFilter {
  const merged: CaseFilter = { ...extra, ...worklist };
  if (worklist.statuses && extra.statuses) merged.statuses = worklist.statuses.filter((s) => extra.statuses?.includes(s));
  return merged;
}

/** One page of one worklist, as list rows (newest first), optionally narrowed by the list filters. */
export async function listWorklist(ctx: AppContext, actor: Actor, name: WorklistName, query: ListCasesInput) {
  const w = await worklistContext(ctx, actor);
  const extra = await filterFromQuery(ctx.db, query);
  const page = await casePage(ctx.db, caseScope(actor), narrowFilter(worklists[name](w), extra), query);
  return { items: await toListItems(ctx.db, page.rows), nextCursor: page.nextCursor };
}

// Workflow actions on a case: check visibility, relation, role, state and guard against the
// declared table; compute what the event must carry (deadlines, new owner); write it through the
// one write path. An action not allowed answers 409 with the actions that are.
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { proposeLeadUnit } from '../categories/categories.service.js';
import { deadlineAfter, minutesBetween } from '../sla/business-calendar.js';
import { computeDeadlines, loadCalendar } from '../sla/sla.service.js';
import type { CaseEvent } from './case-reducer.js';
import { type StoredCase, loadStoredCase, writeCaseEvent } from './case-write.js';
import { type CaseFacts, caseScope, permittedTransition } from './cases.policy.js';
import * as repo from './cases.repository.js';
import { type CaseAction, type CaseStatus, type GuardName, type Transition, caseActions, terminalStatuses, transitions } from './workflow.js';

export type ActionBody = Record<string, unknown> & { version: number };

interface LoadedCase {
  row: NonNullable<Awaited<ReturnType<typeof repo.findCaseById>>>;
  stored: StoredCase;
  facts: CaseFacts;
  guards: Record<GuardName, boolean>;
}

async function loadCase(db: Db, actor: Actor, id: number): Promise<LoadedCase> {
  const row = await repo.findCaseById(db, id, caseScope(actor));
  if (!row) throw notFound('Case', id);
  const stored = await loadStoredCase(db, row);
  const p = stored.projection;
  const [pendingExtension, supervisions] = await Promise.all([repo.hasPendingExtension(db, id), repo.findOpenSupervisions(db, id)]);
  return {
    row,
    stored,
    facts: { caseId: row.id, status: p.status, regionCode: row.region_code, ownerUnitId: p.ownerUnitId, leadUnitId: p.leadUnitId, units: p.units },
    guards: {
      lastFollowUpUnsatisfied: p.satisfaction === 'unsatisfied',
      followUpDoneOrImpossible: p.followedUpAt !== null,
      hasPendingExtension: pendingExtension,
      hasOpenListedSupervision: supervisions.some((s) => s.kind === 'listed'),
      notOnHoldAlready: p.status !== 'on_hold',
    },
  };
}

export interface AllowedAction {
  action: CaseAction;
  required: string[];
  unitId: number | null;
}

function allowedFrom(actor: Actor, loaded: LoadedCase): AllowedAction[] {
  const out: AllowedAction[] = [];
  for (const action of caseActions) {
    const permitted = permittedTransition(actor, loaded.facts, action);
    if (!permitted) continue;
    if (permitted.transition.guard && !loaded.guards[permitted.transition.guard]) continue;
    out.push({ action, required: [...permitted.transition.required], unitId: permitted.unitId });
  }
  return out;
}

export async function listAllowedActions(ctx: AppContext, actor: Actor, id: number) {
  const loaded = await loadCase(ctx.db, actor, id);
  return { status: loaded.facts.status, version: loaded.stored.version, actions: allowedFrom(actor, loaded) };
}

/** For the case page: what the caller may do, computed on an already-loaded row. */
export async function allowedActionNames(db: Db, actor: Actor, id: number): Promise<string[]> {
  return allowedFrom(actor, await loadCase(db, actor, id)).map((a) => a.action);
}

function notAllowed(action: CaseAction, loaded: LoadedCase, actor: Actor, why: string): AppError {
  const allowed = allowedFrom(actor, loaded).map((a) => a.action);
  // `caseStatus`, not `status`: extra members are merged into the problem body, whose `status` is the HTTP status.
  return new AppError('action_not_allowed', `${why}. Allowed now: ${allowed.length > 0 ? allowed.join(', ') : 'none'}`, {
    extra: { action, caseStatus: loaded.facts.status, allowedActions: allowed },
  });
}

function fieldError(field: string, message: string): AppError {
  return new AppError('validation_failed', `${field}: ${message}`, { errors: [{ field, message }] });
}

async function requireActiveUnits(db: Db, ids: number[], field: string): Promise<void> {
  const units = await repo.findUnitsByIds(db, ids);
  for (const id of ids) {
    const unit = units.find((u) => u.id === id);
    if (!unit || unit.status !== 'active') throw fieldError(field, `unit ${id} does not exist or is retired`);
  }
}

interface Prepared {
  payload: Record<string, unknown>;
  /** Writes beside the event (extensions, supervisions, the merge target), run in the same transaction. */
  after?: (trx: Db) => Promise<void>;
}

type Preparer = (ctx: AppContext, trx: Db, loaded: LoadedCase, body: ActionBody, actor: Actor, at: Date) => Promise<Prepared>;

/** Deadlines for a (re-)dispatch: a fresh acknowledge clock; the resolve clock starts once, at intake. */
async function dispatchDeadlines(trx: Db, loaded: LoadedCase, at: Date) {
  const p = loaded.stored.projection;
  const fromDispatch = await computeDeadlines(trx, loaded.row.category_code, loaded.row.priority, at);
  const resolveDueAt = p.resolveDueAt ?? (await computeDeadlines(trx, loaded.row.category_code, loaded.row.priority, new Date(loaded.row.created_at))).resolveDueAt;
  return { ackDueAt: fromDispatch.ackDueAt, resolveDueAt, wallClock: fromDispatch.wallClock };
}

async function routingNote(trx: Db, loaded: LoadedCase, leadUnitId: number) {
  const proposed = await proposeLeadUnit(trx, loaded.row.category_code, loaded.row.region_code);
  return { proposedUnitId: proposed?.unitId ?? null, override: proposed !== undefined && proposed.unitId !== leadUnitId };
}

const preparers: Partial<Record<CaseAction, Preparer>> = {
  merge: async (_ctx, trx, loaded, body, actor, at) => {
    const intoId = Number(body.intoCaseId);
    if (intoId === loaded.row.id) throw fieldError('intoCaseId', 'a case cannot be merged into itself');
    const targetRow = await repo.findCaseById(trx, intoId, caseScope(actor));
    if (!targetRow) throw fieldError('intoCaseId', `case ${intoId} not found`);
    if (terminalStatuses.includes(targetRow.status as CaseStatus)) throw fieldError('intoCaseId', `case ${intoId} is ${targetRow.status}`);
    return {
      payload: { intoCaseId: intoId, intoTrackingCode: targetRow.tracking_code, note: body.note ?? null },
      after: async (t) => {
        // The target keeps its own history and records what was merged into it.
        const target = await loadStoredCase(t, targetRow);
        const absorbed: CaseEvent = { action: 'absorb', toStatus: target.projection.status, unitId: null, at: at.toISOString(), payload: { fromCaseId: loaded.row.id, fromTrackingCode: loaded.row.tracking_code } };
        await writeCaseEvent(t, target, absorbed, { actor, isPublic: false });
      },
    };
  },
  dispatch: async (_ctx, trx, loaded, body, _actor, at) => {
    const lead = Number(body.leadUnitId);
    const co = ((body.coUnitIds as number[] | undefined) ?? []).filter((id) => id !== lead);
    await requireActiveUnits(trx, [lead], 'leadUnitId');
    await requireActiveUnits(trx, co, 'coUnitIds');
    return { payload: { leadUnitId: lead, unitIds: co, ...(await dispatchDeadlines(trx, loaded, at)), ...(await routingNote(trx, loaded, lead)), note: body.note ?? null } };
  },
  whistle: async (_ctx, trx, loaded, body, _actor, at) => {
    const unitIds = [...new Set(body.unitIds as number[])];
    const fresh = ['accepted', 'returned', 'escalated'].includes(loaded.facts.status);
    const lead = body.leadUnitId === undefined ? null : Number(body.leadUnitId);
    if (fresh && lead === null) throw fieldError('leadUnitId', 'required: the case has no lead unit yet');
    await requireActiveUnits(trx, lead === null ? unitIds : [lead, ...unitIds], 'unitIds');
    const deadlines = fresh ? await dispatchDeadlines(trx, loaded, at) : {};
    return { payload: { leadUnitId: fresh ? lead : null, unitIds: unitIds.filter((id) => id !== lead), ...deadlines, note: body.note ?? null } };
  },
  transfer: async (_ctx, trx, loaded, body, _actor, at) => {
    const lead = Number(body.leadUnitId);
    await requireActiveUnits(trx, [lead], 'leadUnitId');
    const { ackDueAt, wallClock } = await dispatchDeadlines(trx, loaded, at);
    return { payload: { leadUnitId: lead, unitIds: [], ackDueAt, wallClock, reason: body.reason, ...(await routingNote(trx, loaded, lead)) } };
  },
  request_extension: async (_ctx, trx, loaded, body, _actor, at) => {
    const minutes = Number(body.minutes);
    const unitId = loaded.stored.projection.leadUnitId ?? loaded.facts.ownerUnitId;
    const extensionId = await repo.insertExtension(trx, { caseId: loaded.row.id, unitId, minutes, reason: String(body.reason), at: at.toISOString() });
    return { payload: { extensionId, minutes, reason: body.reason } };
  },
  decide_extension: async (_ctx, trx, loaded, body, actor, at) => {
    const extensionId = Number(body.extensionId);
    const extension = await repo.findPendingExtension(trx, loaded.row.id, extensionId);
    if (!extension) throw fieldError('extensionId', `no pending extension ${extensionId} on this case`);
    const approve = body.approve === true;
    const p = loaded.stored.projection;
    let resolveDueAt: string | undefined;
    if (approve && p.resolveDueAt) {
      resolveDueAt = deadlineAfter(await loadCalendar(trx), new Date(p.resolveDueAt), extension.minutes, p.wallClock).toISOString();
    }
    return {
      payload: { extensionId, approve, minutes: extension.minutes, ...(resolveDueAt ? { resolveDueAt } : {}), note: body.note ?? null },
      after: async (t) => repo.decideExtension(t, extensionId, approve, actor.userId, at.toISOString()),
    };
  },
  resume: async (_ctx, trx, loaded, _body, _actor, at) => {
    // Clocks stopped at the hold: give back exactly the time that was left on each unexpired one.
    const p = loaded.stored.projection;
    const calendar = await loadCalendar(trx);
    const heldAt = p.holdStartedAt ? new Date(p.holdStartedAt) : at;
    const extend = (due: string | null, stillRunning: boolean) => {
      if (!due || !stillRunning || Date.parse(due) <= heldAt.getTime()) return undefined;
      return deadlineAfter(calendar, at, minutesBetween(calendar, heldAt, new Date(due), p.wallClock), p.wallClock).toISOString();
    };
    const ackDueAt = extend(p.ackDueAt, p.acknowledgedAt === null);
    const resolveDueAt = extend(p.resolveDueAt, true);
    return { payload: { heldMinutes: Math.round((at.getTime() - heldAt.getTime()) / 60_000), ...(ackDueAt ? { ackDueAt } : {}), ...(resolveDueAt ? { resolveDueAt } : {}) } };
  },
  escalate: async (_ctx, trx, loaded, body) => {
    const owner = await repo.findUnit(trx, loaded.facts.ownerUnitId);
    const parent = owner ? await repo.findParentCenter(trx, owner.region_code) : undefined;
    if (!parent) throw new AppError('conflict', `Case ${loaded.row.id} is already at the province centre; it cannot be escalated further`);
    return { payload: { fromUnitId: loaded.facts.ownerUnitId, toUnitId: parent.id, toUnitName: parent.name, reason: body.reason } };
  },
  resolve: async (_ctx, _trx, _loaded, body) => {
    if (body.result === 'not_our_responsibility' && !body.responsibleUnitId && !body.responsibleUnitName) {
      throw fieldError('responsibleUnitId', 'name the unit that is responsible (responsibleUnitId or responsibleUnitName)');
    }
    return { payload: { result: body.result, resultText: body.resultText, responsibleUnitId: body.responsibleUnitId ?? null, responsibleUnitName: body.responsibleUnitName ?? null } };
  },
  follow_up: async (_ctx, _trx, _loaded, body) => {
    if (body.method !== 'no_contact' && !body.satisfaction) throw fieldError('satisfaction', 'required when the resident was reached');
    return { payload: { method: body.method, satisfaction: body.method === 'no_contact' ? null : body.satisfaction, comment: body.comment ?? null } };
  },
  reopen: async (_ctx, trx, loaded, body, _actor, at) => {
    const d = await computeDeadlines(trx, loaded.row.category_code, loaded.row.priority, at);
    return { payload: { reason: body.reason, resolveDueAt: d.resolveDueAt, wallClock: d.wallClock } };
  },
  close: async (_ctx, _trx, loaded, body, _actor, at) => ({
    payload: { note: body.note ?? null },
    after: async (t) => repo.closeSupervisions(t, loaded.row.id, at.toISOString()),
  }),
  supervise: async (_ctx, _trx, loaded, body, actor, at) => {
    const dueAt = new Date(String(body.dueAt));
    if (Number.isNaN(dueAt.getTime()) || dueAt.getTime() <= at.getTime()) throw fieldError('dueAt', 'must be a time in the future');
    const supervisorUnit = actor.grants.find((g) => g.role === 'supervisor' || g.role === 'center_head')?.unitId ?? null;
    return {
      payload: { reason: body.reason, dueAt: dueAt.toISOString(), reportEveryDays: body.reportEveryDays ?? null },
      after: async (t) => {
        await repo.insertSupervision(t, {
          caseId: loaded.row.id,
          kind: 'listed',
          reason: String(body.reason),
          openedBy: actor.label,
          supervisorUnitId: supervisorUnit,
          at: at.toISOString(),
          dueAt: dueAt.toISOString(),
          reportEveryDays: (body.reportEveryDays as number | undefined) ?? null,
          regionCode: loaded.row.region_code,
        });
      },
    };
  },
  report_progress: async (_ctx, trx, loaded, body, actor, at) => {
    const listed = (await repo.findOpenSupervisions(trx, loaded.row.id)).find((s) => s.kind === 'listed');
    if (!listed) throw new AppError('conflict', `Case ${loaded.row.id} has no open listed supervision`);
    return {
      payload: { supervisionId: listed.id, text: body.text },
      after: async (t) => repo.insertSupervisionReport(t, { supervisionId: listed.id, author: actor.label, at: at.toISOString(), text: String(body.text) }),
    };
  },
};

function nextStatus(t: Transition, loaded: LoadedCase, body: ActionBody, actingUnitId: number | null): CaseStatus {
  const current = loaded.facts.status;
  if (t.toIf && body[t.toIf.field] === t.toIf.equals) return t.toIf.to;
  if (t.leadOnly && actingUnitId !== loaded.facts.leadUnitId) return current;
  if (t.to === 'same') return current;
  if (t.to === 'previous') return loaded.stored.projection.holdFromStatus ?? 'in_progress';
  return t.to;
}

/** Runs one workflow action for an actor; returns the case's new status and version. */
export async function runCaseAction(ctx: AppContext, actor: Actor, id: number, action: CaseAction, body: ActionBody, ip: string | null = null) {
  return ctx.db.transaction().execute(async (trx) => {
    const loaded = await loadCase(trx, actor, id);
    if (!transitions.some((t) => t.action === action && t.from.includes(loaded.facts.status))) {
      throw notAllowed(action, loaded, actor, `Case ${id} is ${loaded.facts.status}; ${action} is not possible from there`);
    }
    const permitted = permittedTransition(actor, loaded.facts, action);
    if (!permitted) throw notAllowed(action, loaded, actor, `You may not ${action} case ${id}`);
    const t = permitted.transition;
    if (t.guard && !loaded.guards[t.guard]) throw notAllowed(action, loaded, actor, `${action} needs ${t.guard}`);
    if (body.version !== loaded.stored.version) {
      throw new AppError('version_conflict', `Case ${id} is at version ${loaded.stored.version}, you sent ${body.version}; reload it`, {
        errors: [{ field: 'version', message: 'stale' }],
        extra: { currentVersion: loaded.stored.version },
      });
    }
    const at = new Date();
    const prepared = (await preparers[action]?.(ctx, trx, loaded, body, actor, at)) ?? { payload: Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'version')) };
    const event: CaseEvent = { action, toStatus: nextStatus(t, loaded, body, permitted.unitId), unitId: permitted.unitId, at: at.toISOString(), payload: prepared.payload };
    const written = await writeCaseEvent(trx, loaded.stored, event, { actor, isPublic: t.isPublic, ip });
    await prepared.after?.(trx);
    return { id, status: written.projection.status, version: written.version, seq: written.seq };
  });
}

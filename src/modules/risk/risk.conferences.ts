// Case conferences (会商研判) on a warning: the agencies invited and what each shared, an action plan
// with an owner and deadline per action, progress on each, and the next review date. Actions are
// deadlines like any other: the risk sweep flags and escalates the overdue ones.
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { AppError, notFound } from '../../errors.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { Actor } from '../auth/actor.js';
import { caseScope } from '../cases/cases.policy.js';
import { findUnitsByIds, insertOutbox } from '../cases/cases.repository.js';
import * as repo from './risk.repository.js';

export const agencies = ['police', 'court', 'procuratorate', 'judicial_office', 'womens_federation', 'civil_affairs', 'health', 'mediator', 'township_coordinator', 'community', 'other'] as const;

export interface ActionInput {
  description: string;
  ownerUnitId?: number;
  ownerLabel: string;
  dueAt: string;
}

export interface ConferenceInput {
  heldAt: string;
  chair: string;
  agencies: Array<{ agency: (typeof agencies)[number]; unitId?: number; name?: string; attended: boolean; shared?: string }>;
  summary: string;
  nextReviewAt: string;
  actions: ActionInput[];
}

function field(name: string, message: string): AppError {
  return new AppError('validation_failed', `${name}: ${message}`, { errors: [{ field: name, message }] });
}

async function loadOpenWarning(db: Db, actor: Actor, warningId: number) {
  const w = await repo.findWarning(db, warningId, caseScope(actor));
  if (!w) throw notFound('Risk warning', warningId);
  if (w.status === 'closed') throw new AppError('conflict', `Risk warning ${warningId} is closed`);
  return w;
}

async function checkActions(db: Db, actions: ActionInput[], prefix: string, now: Date) {
  const ids = actions.map((a) => a.ownerUnitId).filter((u): u is number => u !== undefined);
  const units = await findUnitsByIds(db, ids);
  actions.forEach((a, i) => {
    if (a.ownerUnitId !== undefined && !units.some((u) => u.id === a.ownerUnitId && u.status === 'active')) throw field(`${prefix}[${i}].ownerUnitId`, `unit ${a.ownerUnitId} does not exist or is retired`);
    if (Date.parse(a.dueAt) <= now.getTime()) throw field(`${prefix}[${i}].dueAt`, 'must be in the future');
  });
}

async function insertActions(trx: Db, w: { id: number; case_id: number; region_code: string }, conferenceId: number, actions: ActionInput[], at: string) {
  const ids: number[] = [];
  for (const a of actions) {
    ids.push(
      await repo.insertAction(trx, {
        conference_id: conferenceId,
        warning_id: w.id,
        case_id: w.case_id,
        region_code: w.region_code,
        description: a.description,
        owner_unit_id: a.ownerUnitId ?? null,
        owner_label: a.ownerLabel,
        due_at: new Date(a.dueAt).toISOString(),
        status: 'open',
        escalated_at: null,
        escalated_to_unit_id: null,
        done_at: null,
        created_at: at,
        updated_at: at,
      }),
    );
  }
  return ids;
}

export async function holdConference(ctx: AppContext, actor: Actor, warningId: number, input: ConferenceInput, ip: string | null) {
  const now = new Date();
  const at = now.toISOString();
  const w = await loadOpenWarning(ctx.db, actor, warningId);
  if (Date.parse(input.nextReviewAt) <= Date.parse(input.heldAt)) throw field('nextReviewAt', 'must be after heldAt');
  const unitIds = input.agencies.map((a) => a.unitId).filter((u): u is number => u !== undefined);
  const units = await findUnitsByIds(ctx.db, unitIds);
  input.agencies.forEach((a, i) => {
    if (a.unitId !== undefined && !units.some((u) => u.id === a.unitId)) throw field(`agencies[${i}].unitId`, `unit ${a.unitId} does not exist`);
  });
  await checkActions(ctx.db, input.actions, 'actions', now);
  const conferenceId = await ctx.db.transaction().execute(async (trx) => {
    const id = await repo.insertConference(trx, {
      warning_id: w.id,
      case_id: w.case_id,
      region_code: w.region_code,
      held_at: new Date(input.heldAt).toISOString(),
      chair_label: input.chair,
      agencies: JSON.stringify(input.agencies),
      summary: input.summary,
      next_review_at: new Date(input.nextReviewAt).toISOString(),
      review_reminded_at: null,
      created_by_label: actor.label,
      created_at: at,
    });
    const actionIds = await insertActions(trx, w, id, input.actions, at);
    await repo.insertLog(trx, { warning_id: w.id, kind: 'conference_held', from_tier: w.tier, to_tier: w.tier, reason: input.summary, user_id: actor.userId, user_label: actor.label, at });
    await appendAudit(trx, { actorUserId: actor.userId, actorLabel: actor.label, action: 'risk.conference_held', entityType: 'risk_warning', entityId: w.id, regionCode: w.region_code, detail: { conferenceId: id, actionIds }, ip, at });
    await insertOutbox(trx, { topic: 'risk.conference_held', caseId: w.case_id, regionCode: w.region_code, at, payload: { warningId: w.id, conferenceId: id, caseId: w.case_id, actionIds, unitIds: [...new Set([w.owner_unit_id, ...input.actions.map((a) => a.ownerUnitId).filter((u): u is number => u !== undefined)])] } });
    return id;
  });
  return conferenceOf(ctx, actor, warningId, conferenceId);
}

async function conferenceOf(ctx: AppContext, actor: Actor, warningId: number, conferenceId: number) {
  const found = (await listConferences(ctx, actor, warningId)).items.find((c) => c.id === conferenceId);
  if (!found) throw notFound('Case conference', conferenceId);
  return found;
}

export async function addActions(ctx: AppContext, actor: Actor, warningId: number, conferenceId: number, actions: ActionInput[], ip: string | null) {
  const now = new Date();
  const at = now.toISOString();
  const w = await loadOpenWarning(ctx.db, actor, warningId);
  const conference = (await repo.findConferences(ctx.db, warningId)).find((c) => c.id === conferenceId);
  if (!conference) throw notFound('Case conference', conferenceId);
  await checkActions(ctx.db, actions, 'actions', now);
  await ctx.db.transaction().execute(async (trx) => {
    const ids = await insertActions(trx, w, conferenceId, actions, at);
    await appendAudit(trx, { actorUserId: actor.userId, actorLabel: actor.label, action: 'risk.actions_added', entityType: 'risk_warning', entityId: w.id, regionCode: w.region_code, detail: { conferenceId, actionIds: ids }, ip, at });
  });
  return conferenceOf(ctx, actor, warningId, conferenceId);
}

/** Progress on an action; `done` closes it. */
export async function reportActionProgress(ctx: AppContext, actor: Actor, actionId: number, input: { text: string; done?: boolean }, ip: string | null) {
  const action = await repo.findAction(ctx.db, actionId);
  if (!action) throw notFound('Conference action', actionId);
  const w = await repo.findWarning(ctx.db, action.warning_id, caseScope(actor));
  if (!w) throw notFound('Conference action', actionId);
  if (action.status !== 'open') throw new AppError('conflict', `Conference action ${actionId} is ${action.status}`);
  const at = new Date().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await repo.insertProgress(trx, { action_id: actionId, text: input.text, author_label: actor.label, at });
    if (input.done) await repo.updateAction(trx, actionId, { status: 'done', done_at: at, updated_at: at });
    await appendAudit(trx, { actorUserId: actor.userId, actorLabel: actor.label, action: input.done ? 'risk.action_done' : 'risk.action_progress', entityType: 'risk_action', entityId: actionId, regionCode: w.region_code, detail: { warningId: w.id }, ip, at });
  });
  return presentAction((await repo.findAction(ctx.db, actionId)) ?? action, await repo.findProgress(ctx.db, [actionId]), new Date());
}

function presentAction(a: NonNullable<Awaited<ReturnType<typeof repo.findAction>>>, progress: Awaited<ReturnType<typeof repo.findProgress>>, now: Date) {
  return {
    id: a.id,
    conferenceId: a.conference_id,
    warningId: a.warning_id,
    description: a.description,
    ownerUnitId: a.owner_unit_id,
    ownerLabel: a.owner_label,
    dueAt: a.due_at,
    status: a.status,
    isPastDue: a.status === 'open' && Date.parse(a.due_at) < now.getTime(),
    overdue: a.overdue === 1,
    escalatedAt: a.escalated_at,
    escalatedToUnitId: a.escalated_to_unit_id,
    doneAt: a.done_at,
    progress: progress.filter((p) => p.action_id === a.id).map((p) => ({ text: p.text, author: p.author_label, at: p.at })),
  };
}

export async function listConferences(ctx: AppContext, actor: Actor, warningId: number) {
  const w = await repo.findWarning(ctx.db, warningId, caseScope(actor));
  if (!w) throw notFound('Risk warning', warningId);
  const [conferences, actions] = await Promise.all([repo.findConferences(ctx.db, warningId), repo.findActionsOfWarning(ctx.db, warningId)]);
  const progress = await repo.findProgress(ctx.db, actions.map((a) => a.id));
  const now = new Date();
  return {
    items: conferences.map((c) => ({
      id: c.id,
      warningId: c.warning_id,
      heldAt: c.held_at,
      chair: c.chair_label,
      agencies: JSON.parse(c.agencies) as ConferenceInput['agencies'],
      summary: c.summary,
      nextReviewAt: c.next_review_at,
      createdBy: c.created_by_label,
      createdAt: c.created_at,
      actions: actions.filter((a) => a.conference_id === c.id).map((a) => presentAction(a, progress, now)),
    })),
  };
}

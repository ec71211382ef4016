// Reading cases: the case page, its timeline and (audited) personal data. Intake lives in
// cases.intake.ts and workflow actions in cases.actions.ts.
import type { AppContext } from '../../context.js';
import { AppError, notFound } from '../../errors.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { Actor } from '../auth/actor.js';
import { allowedActionNames } from './cases.actions.js';
import { caseScope, relationsOf } from './cases.policy.js';
import { personalData, toCaseDto } from './cases.presenter.js';
import * as repo from './cases.repository.js';
import type { CaseStatus } from './workflow.js';

export async function getCase(ctx: AppContext, actor: Actor, id: number) {
  const row = await repo.findCaseById(ctx.db, id, caseScope(actor));
  if (!row) throw notFound('Case', id);
  return toCaseDto(ctx.db, ctx.config.dataKey, row, await allowedActionNames(ctx.db, actor, id));
}

export async function getTimeline(ctx: AppContext, actor: Actor, id: number) {
  const row = await repo.findCaseById(ctx.db, id, caseScope(actor));
  if (!row) throw notFound('Case', id);
  const events = await repo.findEvents(ctx.db, id);
  const units = await repo.findUnitsByIds(ctx.db, [...new Set(events.map((e) => e.unit_id).filter((u): u is number => u !== null))]);
  return {
    items: events.map((e) => ({
      seq: e.seq,
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      actor: e.actor_label,
      unitId: e.unit_id,
      unitName: units.find((u) => u.id === e.unit_id)?.name ?? null,
      at: e.at,
      payload: JSON.parse(e.payload) as Record<string, unknown>,
      isPublic: e.is_public === 1,
    })),
  };
}

/** The whole personal data of a case, for its handlers only; every view is audited. */
export async function revealPersonalData(ctx: AppContext, actor: Actor, id: number, ip: string | null) {
  const row = await repo.findCaseById(ctx.db, id, caseScope(actor));
  if (!row) throw notFound('Case', id);
  const units = await repo.findUnitsOfCase(ctx.db, id);
  const relations = relationsOf(actor, {
    status: row.status as CaseStatus,
    regionCode: row.region_code,
    ownerUnitId: row.owner_unit_id,
    leadUnitId: row.lead_unit_id,
    units: units.map((u) => ({ unitId: u.unit_id, status: u.status, endedAt: u.ended_at })),
  });
  if (!relations.has('owner') && !relations.has('assigned') && !relations.has('pending')) {
    throw new AppError('forbidden', `Only the handlers of case ${id} may see its personal data`);
  }
  const data = await personalData(ctx.db, ctx.config.dataKey, row);
  await ctx.db.transaction().execute((trx) =>
    appendAudit(trx, { actorUserId: actor.userId, actorLabel: actor.label, action: 'case.personal_data_viewed', entityType: 'case', entityId: id, regionCode: row.region_code, detail: {}, ip }),
  );
  return data;
}

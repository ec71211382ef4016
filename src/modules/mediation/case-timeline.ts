// Mediation steps on the case's own timeline: one event through the one write path (writeCaseEvent)
// with a non-workflow action name and the case's current state, so the reducer keeps the state and
// the rollups ignore it, while the outbox, the audit chain and the timeline record it.
import type { Db } from '../../db/database.js';
import { notFound } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { systemActor } from '../auth/actor.js';
import { loadStoredCase, writeCaseEvent } from '../cases/case-write.js';
import { caseScope } from '../cases/cases.policy.js';
import * as casesRepo from '../cases/cases.repository.js';

const everyCase = caseScope(systemActor('case-timeline'));

/** Appends a side event (state unchanged) to a case in the caller's transaction. */
export async function writeSideEvent(
  trx: Db,
  caseId: number,
  action: string,
  payload: Record<string, unknown>,
  options: { actor: Actor; at: string; unitId?: number | null; isPublic?: boolean },
): Promise<void> {
  const row = await casesRepo.findCaseById(trx, caseId, everyCase);
  if (!row) throw notFound('Case', caseId);
  const stored = await loadStoredCase(trx, row);
  await writeCaseEvent(
    trx,
    stored,
    { action, toStatus: stored.projection.status, unitId: options.unitId ?? null, at: options.at, payload },
    { actor: options.actor, isPublic: options.isPublic ?? false },
  );
}

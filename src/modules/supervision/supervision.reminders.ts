// Reminders of listed supervision (挂牌督办), run by the SLA sweep: a listed supervision past its
// due time, or whose lead unit has not reported progress for `report_every_days`, puts a
// 'supervision.reminder' row in the outbox, at most once per period (the report period, or a day).
import type { AppContext } from '../../context.js';
import * as casesRepo from '../cases/cases.repository.js';
import * as repo from './supervision.repository.js';

const DAY_MS = 86_400_000;
const BATCH_SIZE = 200;
/** Cases whose supervision no longer needs chasing: finished or gone. */
const QUIET_CASE_STATUSES = ['resolved', 'closed', 'rejected', 'merged'];

export type ReminderReason = 'past_due' | 'report_missing';

export interface ListedSupervisionState {
  dueAt: string | null;
  reportEveryDays: number | null;
  openedAt: string;
  lastReportAt: string | null;
  lastRemindedAt: string | null;
}

/** Why a listed supervision needs a reminder at `now`; empty when it does not (yet). */
export function reminderReasons(s: ListedSupervisionState, now: Date): ReminderReason[] {
  const period = (s.reportEveryDays ?? 1) * DAY_MS;
  if (s.lastRemindedAt !== null && now.getTime() < Date.parse(s.lastRemindedAt) + period) return [];
  const reasons: ReminderReason[] = [];
  if (s.dueAt !== null && now.getTime() > Date.parse(s.dueAt)) reasons.push('past_due');
  const lastActivity = Date.parse(s.lastReportAt ?? s.openedAt);
  if (s.reportEveryDays !== null && now.getTime() >= lastActivity + period) reasons.push('report_missing');
  return reasons;
}

/** Sends the reminders due at `now`; returns how many. Concurrent sweeps remind once (compare-and-set). */
export async function remindListedSupervisions(ctx: Pick<AppContext, 'db'>, now: Date, options: { batchSize?: number } = {}): Promise<number> {
  const limit = options.batchSize ?? BATCH_SIZE;
  const at = now.toISOString();
  // The shortest period is a day: anything reminded within the last day cannot be due again.
  const notRemindedSince = new Date(now.getTime() - DAY_MS).toISOString();
  let sent = 0;
  for (let afterId = 0; ; ) {
    const batch = await repo.findListedForReminder(ctx.db, { notRemindedSince, afterId, limit });
    for (const s of batch) {
      if (QUIET_CASE_STATUSES.includes(s.case_status)) continue;
      const lastReportAt = s.last_report_at == null ? null : String(s.last_report_at);
      const reasons = reminderReasons(
        { dueAt: s.due_at, reportEveryDays: s.report_every_days, openedAt: s.opened_at, lastReportAt, lastRemindedAt: s.last_reminded_at },
        now,
      );
      if (reasons.length === 0) continue;
      const reminded = await ctx.db.transaction().execute(async (trx) => {
        if (!(await repo.markReminded(trx, s.id, s.last_reminded_at, at))) return false;
        await casesRepo.insertOutbox(trx, {
          topic: 'supervision.reminder',
          caseId: s.case_id,
          regionCode: s.region_code,
          at,
          payload: {
            supervisionId: s.id,
            caseId: s.case_id,
            trackingCode: s.tracking_code,
            kind: 'listed',
            reasons,
            dueAt: s.due_at,
            lastReportAt,
            supervisorUnitId: s.supervisor_unit_id,
            unitIds: [...new Set([s.lead_unit_id, s.owner_unit_id].filter((u): u is number => u !== null))],
          },
        });
        return true;
      });
      if (reminded) sent++;
    }
    const last = batch.at(-1);
    if (!last || batch.length < limit) break;
    afterId = last.id;
  }
  return sent;
}

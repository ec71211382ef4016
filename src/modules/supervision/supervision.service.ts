// Reading supervision records: every list is limited to the cases the caller may see.
import type { AppContext } from '../../context.js';
import { notFound } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { caseScope } from '../cases/cases.policy.js';
import * as casesRepo from '../cases/cases.repository.js';
import { normalizeRegionCode, subtreeRange } from '../regions/region-code.js';
import * as repo from './supervision.repository.js';

function toDto(row: repo.SupervisionRow, now: Date) {
  return {
    id: row.id,
    caseId: row.case_id,
    trackingCode: row.tracking_code,
    caseTitle: row.case_title,
    caseStatus: row.case_status,
    kind: row.kind,
    status: row.status,
    reason: row.reason,
    openedBy: row.opened_by_label,
    supervisorUnitId: row.supervisor_unit_id,
    supervisorUnitName: row.supervisor_unit_name,
    openedAt: row.opened_at,
    dueAt: row.due_at,
    isPastDue: row.status === 'open' && row.due_at !== null && Date.parse(row.due_at) < now.getTime(),
    reportEveryDays: row.report_every_days,
    lastReportAt: row.last_report_at,
    lastRemindedAt: row.last_reminded_at,
    closedAt: row.closed_at,
    regionCode: row.region_code,
  };
}

export interface SupervisionQueryInput {
  status?: string;
  kind?: string;
  region?: string;
  limit?: number;
  cursor?: number;
}

export async function listSupervisions(ctx: AppContext, actor: Actor, query: SupervisionQueryInput) {
  const limit = query.limit ?? 50;
  const code = query.region === undefined ? undefined : normalizeRegionCode(query.region);
  const rows = await repo.findSupervisions(ctx.db, caseScope(actor), {
    limit,
    ...(query.status ? { status: query.status } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(code ? { region: subtreeRange(code) } : {}),
    ...(query.cursor !== undefined ? { beforeId: query.cursor } : {}),
  });
  const now = new Date();
  return { items: rows.map((r) => toDto(r, now)), nextCursor: rows.length === limit ? (rows.at(-1)?.id ?? null) : null };
}

/** Every supervision of one case with its progress reports; a case outside the scope is missing. */
export async function listCaseSupervisions(ctx: AppContext, actor: Actor, caseId: number) {
  const scope = caseScope(actor);
  if (!(await casesRepo.findCaseById(ctx.db, caseId, scope))) throw notFound('Case', caseId);
  const rows = await repo.findSupervisions(ctx.db, scope, { caseId, limit: 1000 });
  const reports = await repo.findReports(ctx.db, rows.map((r) => r.id));
  const now = new Date();
  return {
    items: rows.map((r) => ({
      ...toDto(r, now),
      reports: reports.filter((p) => p.supervision_id === r.id).map((p) => ({ id: p.id, author: p.author_label, at: p.at, text: p.text })),
    })),
  };
}

// All SQL of supervision records (督办 and 挂牌督办): scoped lists joined to their cases, progress
// reports, and the sweep's reminder bookkeeping. Every read joins cases and applies caseVisible.
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { CaseScope } from '../cases/cases.policy.js';
import { caseVisible } from '../cases/cases.repository.js';
import type { CodeRange } from '../regions/region-code.js';

export interface SupervisionFilter {
  status?: string;
  kind?: string;
  region?: CodeRange;
  caseId?: number;
  /** Keyset: only ids below this one (newest first). */
  beforeId?: number;
  limit: number;
}

function baseQuery(db: Db) {
  return db
    .selectFrom('supervisions as s')
    .innerJoin('cases', 'cases.id', 's.case_id')
    .leftJoin('units as su', 'su.id', 's.supervisor_unit_id')
    .select([
      's.id',
      's.case_id',
      's.kind',
      's.status',
      's.reason',
      's.opened_by_label',
      's.supervisor_unit_id',
      'su.name as supervisor_unit_name',
      's.opened_at',
      's.due_at',
      's.report_every_days',
      's.closed_at',
      's.region_code',
      's.last_reminded_at',
      'cases.tracking_code',
      'cases.title as case_title',
      'cases.status as case_status',
    ])
    .select((eb) => eb.selectFrom('supervision_reports as r').select((r) => r.fn.max('r.at').as('m')).whereRef('r.supervision_id', '=', 's.id').as('last_report_at'));
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];
export type SupervisionRow = Omit<Row, 'last_report_at'> & { last_report_at: string | null };

function normalize(rows: Row[]): SupervisionRow[] {
  // max() of a timestamptz comes back as a string already (type parser); of SQLite text as text.
  return rows.map((r) => ({ ...r, last_report_at: r.last_report_at == null ? null : String(r.last_report_at) }));
}

/** Supervisions of the cases the scope sees, newest first. */
export async function findSupervisions(db: Db, scope: CaseScope, filter: SupervisionFilter): Promise<SupervisionRow[]> {
  let q = baseQuery(db).where((eb) => caseVisible(eb, scope));
  if (filter.status) q = q.where('s.status', '=', filter.status);
  if (filter.kind) q = q.where('s.kind', '=', filter.kind);
  if (filter.caseId !== undefined) q = q.where('s.case_id', '=', filter.caseId);
  if (filter.region) q = q.where('s.region_code', '>=', filter.region.from).where('s.region_code', '<=', filter.region.to);
  if (filter.beforeId !== undefined) q = q.where('s.id', '<', filter.beforeId);
  return normalize(await q.orderBy('s.id', 'desc').limit(filter.limit).execute());
}

export async function findReports(db: Db, supervisionIds: number[]) {
  if (supervisionIds.length === 0) return [];
  return db.selectFrom('supervision_reports').selectAll().where('supervision_id', 'in', supervisionIds).orderBy('id').execute();
}

/** Open listed supervisions not reminded since `notRemindedSince` (one shortest period ago). */
export async function findListedForReminder(db: Db, q: { notRemindedSince: string; afterId: number; limit: number }) {
  return db
    .selectFrom('supervisions as s')
    .innerJoin('cases', 'cases.id', 's.case_id')
    .select(['s.id', 's.case_id', 's.due_at', 's.report_every_days', 's.opened_at', 's.last_reminded_at', 's.supervisor_unit_id', 's.region_code'])
    .select(['cases.tracking_code', 'cases.status as case_status', 'cases.lead_unit_id', 'cases.owner_unit_id'])
    .select((eb) => eb.selectFrom('supervision_reports as r').select((r) => r.fn.max('r.at').as('m')).whereRef('r.supervision_id', '=', 's.id').as('last_report_at'))
    .where('s.status', '=', 'open')
    .where('s.kind', '=', 'listed')
    .where('s.id', '>', q.afterId)
    .where((eb) => eb.or([eb('s.last_reminded_at', 'is', null), eb('s.last_reminded_at', '<=', q.notRemindedSince)]))
    .orderBy('s.id')
    .limit(q.limit)
    .execute();
}

/** Records a reminder unless another sweep recorded one since `seen` was read; true if ours. */
export async function markReminded(db: Db, id: number, seen: string | null, at: string): Promise<boolean> {
  let q = db.updateTable('supervisions').set({ last_reminded_at: at }).where('id', '=', id).where('status', '=', 'open');
  q = seen === null ? q.where('last_reminded_at', 'is', null) : q.where('last_reminded_at', '=', sql<string>`${seen}`);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

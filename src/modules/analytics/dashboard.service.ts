// The command dashboard's reads beyond the summary: the three rates' targets (a setting), the units
// holding the most overdue cases now, and risk warnings by tier for a period against the previous
// period and last year. Each checks the region against the caller's scope first (404 outside it,
// exactly like a region that does not exist), so the dashboard can show every number as given.
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { invalid, notFound } from '../../errors.js';
import { appendAudit } from '../audit/audit.repository.js';
import { type Actor, scopeIncludes, scopeOf } from '../auth/actor.js';
import { auditActor } from '../auth/policy.js';
import { caseScope } from '../cases/cases.policy.js';
import * as regionsRepo from '../regions/regions.repository.js';
import { requireRegionCode } from '../regions/regions.service.js';
import { riskDashboard, riskReport } from '../risk/risk.report.js';
import * as repo from './analytics.repository.js';
import type { OverdueUnitsDto, OverdueUnitsQueryDto, RateTargetsDto, WarningMeasureName, WarningsByTierDto, WarningsQueryDto } from './dashboard.schemas.js';
import { warningMeasureNames } from './dashboard.schemas.js';
import { type DayRange, addDays, comparedPeriods, isCalendarDate, isWithinThreeYears, shiftYears } from './summary-measures.js';

export const TARGETS_SETTING = 'analytics.targets';
/** Common targets of a 12345 hotline until an admin sets the region's own. */
export const DEFAULT_TARGETS: RateTargetsDto = Object.freeze({ responseRate: 0.95, resolutionRate: 0.9, satisfactionRate: 0.9 });

/** The local offset of the published day (docs/metrics.md: days are China's, UTC+8). */
const LOCAL_OFFSET = '+08:00';

async function requireVisibleRegion(db: Db, actor: Actor, field: string, raw: string) {
  const code = requireRegionCode(field, raw);
  const region = scopeIncludes(scopeOf(actor), code) ? await regionsRepo.findRegion(db, code) : undefined;
  if (!region) throw notFound('Region', raw);
  return region;
}

type StoredTargets = RateTargetsDto & { updatedAt?: unknown };

function isTargets(value: unknown): value is StoredTargets {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (['responseRate', 'resolutionRate', 'satisfactionRate'] as const).every((k) => typeof record[k] === 'number' && record[k] >= 0 && record[k] <= 1);
}

export async function getTargets(db: Db) {
  const raw = await repo.findSetting(db, TARGETS_SETTING);
  let stored: unknown;
  try {
    stored = raw === undefined ? undefined : JSON.parse(raw);
  } catch {
    stored = undefined;
  }
  if (!isTargets(stored)) return { ...DEFAULT_TARGETS, isDefault: true, updatedAt: null };
  const { responseRate, resolutionRate, satisfactionRate } = stored;
  const updatedAt = typeof stored.updatedAt === 'string' ? stored.updatedAt : null;
  return { responseRate, resolutionRate, satisfactionRate, isDefault: false, updatedAt };
}

/** Sets the targets (admins; the route checks the role), audited in the same transaction. */
export async function setTargets(ctx: AppContext, actor: Actor, body: RateTargetsDto, ip: string | null) {
  const now = new Date().toISOString();
  const value = { responseRate: body.responseRate, resolutionRate: body.resolutionRate, satisfactionRate: body.satisfactionRate, updatedAt: now };
  await ctx.db.transaction().execute(async (trx) => {
    const before = await getTargets(trx);
    await repo.upsertSetting(trx, TARGETS_SETTING, JSON.stringify(value), now);
    await appendAudit(trx, {
      ...auditActor(actor, ip),
      action: 'analytics.targets_set',
      entityType: 'setting',
      entityId: TARGETS_SETTING,
      detail: { before: { responseRate: before.responseRate, resolutionRate: before.resolutionRate, satisfactionRate: before.satisfactionRate }, after: body },
      at: now,
    });
  });
  return getTargets(ctx.db);
}

/** The units leading the most overdue open cases of a region now (scoped like every case read). */
export async function getOverdueUnits(db: Db, actor: Actor, query: OverdueUnitsQueryDto): Promise<OverdueUnitsDto> {
  const region = await requireVisibleRegion(db, actor, 'region', query.region);
  const asOf = new Date().toISOString();
  const scope = caseScope(actor);
  const rows = await repo.findOverdueByLeadUnit(db, scope, region.code, query.limit ?? 10);
  const unitIds = rows.flatMap((r) => (r.unitId === null ? [] : [r.unitId]));
  const held = new Map((await repo.countHeldByLeadUnits(db, scope, region.code, unitIds)).map((r) => [r.unitId, Number(r.held)]));
  return {
    region: { code: region.code, name: region.name },
    asOf,
    items: rows.flatMap((r) =>
      r.unitId === null
        ? []
        : [
            {
              unitId: r.unitId,
              unitName: r.unitName,
              unitRegionCode: r.unitRegionCode,
              overdue: Number(r.overdue),
              overdueResolve: Number(r.overdueResolve ?? 0),
              overdueAcknowledge: Number(r.overdueAck ?? 0),
              held: held.get(r.unitId) ?? 0,
            },
          ],
    ),
  };
}

type WarningMeasures = Record<WarningMeasureName, number>;
type ReportTier = Awaited<ReturnType<typeof riskReport>>['byTier'][number];

function warningMeasuresOf(row: ReportTier | undefined): WarningMeasures {
  if (!row) return Object.fromEntries(warningMeasureNames.map((n) => [n, 0])) as WarningMeasures;
  return {
    raised: row.raised,
    confirmed: row.confirmed,
    overridden: row.overridden,
    deEscalated: row.outcomes.de_escalated,
    resolved: row.outcomes.resolved,
    harmOccurred: row.outcomes.harm_occurred,
    unfounded: row.outcomes.unfounded,
    stillOpen: row.outcomes.open,
  };
}

function changeOfWarnings(current: WarningMeasures, base: WarningMeasures) {
  return Object.fromEntries(
    warningMeasureNames.map((n) => [n, { absolute: current[n] - base[n], relative: base[n] === 0 ? null : (current[n] - base[n]) / base[n] }]),
  ) as Record<WarningMeasureName, { absolute: number; relative: number | null }>;
}

/** Local days [from, to] as the instants [from 00:00, the day after to 00:00) in UTC+8. */
function instantsOf(range: DayRange) {
  return { from: new Date(`${range.from}T00:00:00${LOCAL_OFFSET}`).toISOString(), to: new Date(`${addDays(range.to, 1)}T00:00:00${LOCAL_OFFSET}`).toISOString() };
}

/** Warnings raised in the period by initial tier (risk report's definitions), with both comparisons. */
export async function getWarningsByTier(ctx: AppContext, actor: Actor, query: WarningsQueryDto): Promise<WarningsByTierDto> {
  if (!isCalendarDate(query.from)) throw invalid('from', `"${query.from}" is not a calendar date (YYYY-MM-DD)`);
  if (!isCalendarDate(query.to)) throw invalid('to', `"${query.to}" is not a calendar date (YYYY-MM-DD)`);
  if (query.to < query.from) throw invalid('to', `must be on or after from (${query.from})`);
  if (!isWithinThreeYears(query.from, query.to)) throw invalid('to', `the period may be at most three years: to must be before ${shiftYears(query.from, 3)}`);
  const region = await requireVisibleRegion(ctx.db, actor, 'region', query.region);
  const periods = comparedPeriods(query.from, query.to);
  const report = (range: DayRange) => riskReport(ctx, actor, { ...instantsOf(range), region: region.code });
  const [current, previous, lastYear, now] = await Promise.all([
    report(periods.current),
    report(periods.previous),
    report(periods.lastYear),
    riskDashboard(ctx, actor, { region: region.code }),
  ]);
  const tierOf = (r: Awaited<ReturnType<typeof riskReport>>, tier: string) => r.byTier.find((row) => row.tier === tier);
  return {
    region: { code: region.code, name: region.name },
    periods,
    byTier: now.byTier.map((open) => {
      const [c, p, l] = [warningMeasuresOf(tierOf(current, open.tier)), warningMeasuresOf(tierOf(previous, open.tier)), warningMeasuresOf(tierOf(lastYear, open.tier))];
      return {
        tier: open.tier,
        current: c,
        previous: p,
        lastYear: l,
        change: { vsPrevious: changeOfWarnings(c, p), vsLastYear: changeOfWarnings(c, l) },
        openNow: open.open,
        overdueAcknowledgementsNow: open.overdueAcknowledgements,
      };
    }),
  };
}

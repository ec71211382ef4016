// Accountability numbers: per tier and per rule, how many warnings were raised, confirmed by their
// reviewer, overridden (tier raised or lowered by people) and how they ended; and the dashboard's
// open warnings by tier with overdue acknowledgements and conference actions. Scoped like cases.
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { caseScope } from '../cases/cases.policy.js';
import { normalizeRegionCode, subtreeRange } from '../regions/region-code.js';
import { tiers } from './risk.definitions.js';
import * as repo from './risk.repository.js';
import { outcomes } from './risk.review.js';

interface Counts {
  raised: number;
  confirmed: number;
  overridden: number;
  outcomes: Record<(typeof outcomes)[number] | 'open', number>;
}

function empty(): Counts {
  return { raised: 0, confirmed: 0, overridden: 0, outcomes: { de_escalated: 0, resolved: 0, harm_occurred: 0, unfounded: 0, open: 0 } };
}

function add(c: Counts, row: { decision: string | null; overridden: number; outcome: string | null; n: unknown }) {
  const n = Number(row.n);
  c.raised += n;
  if (row.decision === 'confirmed' && Number(row.overridden) === 0) c.confirmed += n;
  if (Number(row.overridden) === 1) c.overridden += n;
  const key = (outcomes as readonly string[]).includes(row.outcome ?? '') ? (row.outcome as (typeof outcomes)[number]) : 'open';
  c.outcomes[key] += n;
}

function regionRange(region: string | undefined) {
  if (region === undefined) return undefined;
  const code = normalizeRegionCode(region);
  if (!code) throw new AppError('validation_failed', 'region: not a GB/T 2260 code', { errors: [{ field: 'region', message: 'not a region code' }] });
  return subtreeRange(code);
}

export async function riskReport(ctx: AppContext, actor: Actor, q: { from: string; to: string; region?: string }) {
  if (Date.parse(q.to) <= Date.parse(q.from)) throw new AppError('validation_failed', 'to: must be after from', { errors: [{ field: 'to', message: 'must be after from' }] });
  const scope = caseScope(actor);
  const region = regionRange(q.region);
  const range = { from: new Date(q.from).toISOString(), to: new Date(q.to).toISOString(), ...(region ? { region } : {}) };
  const [byTierRows, byRuleRows] = await Promise.all([repo.countByTier(ctx.db, scope, range), repo.countByRule(ctx.db, scope, range)]);
  const byTier = new Map(tiers.map((t) => [t as string, empty()]));
  for (const r of byTierRows) add(byTier.get(r.tier) ?? byTier.set(r.tier, empty()).get(r.tier) ?? empty(), r);
  const byRule = new Map<string, Counts>();
  for (const r of byRuleRows) {
    if (!byRule.has(r.rule)) byRule.set(r.rule, empty());
    add(byRule.get(r.rule) ?? empty(), r);
  }
  return {
    from: range.from,
    to: range.to,
    region: q.region ?? null,
    byTier: [...byTier.entries()].map(([tier, c]) => ({ tier, ...c })),
    byRule: [...byRule.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([rule, c]) => ({ rule, ...c })),
  };
}

export async function riskDashboard(ctx: AppContext, actor: Actor, q: { region?: string }) {
  const scope = caseScope(actor);
  const region = regionRange(q.region);
  const [open, actions] = await Promise.all([repo.countOpenByTier(ctx.db, scope, region), repo.countOverdueActionsByTier(ctx.db, scope, region)]);
  return {
    region: q.region ?? null,
    byTier: tiers.map((tier) => ({
      tier,
      open: Number(open.find((r) => r.tier === tier)?.open ?? 0),
      overdueAcknowledgements: Number(open.find((r) => r.tier === tier)?.overdue_acks ?? 0),
      overdueActions: Number(actions.find((r) => r.tier === tier)?.n ?? 0),
    })),
  };
}

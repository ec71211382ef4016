// The evaluation engine: pure functions from (instrument, answers) and (rules, whitelisted facts) to
// tiers, each with every item and rule that moved it. No I/O, no probabilities: the result is a tier
// and whether a person must review it. Lowering is never computed here; only people lower a tier.
import { AppError, type FieldError } from '../../errors.js';
import type { RiskFacts } from './risk.facts.js';
import { type Instrument, type Rule, type Tier, maxTier, tierRank } from './risk.definitions.js';

export type Answer = 'yes' | 'no' | 'unknown' | number | string;

export interface FiredItem {
  id: string;
  text: string;
  answer: Answer;
  points: number;
  redFlag: boolean;
  minTier: Tier | null;
}

export interface InstrumentResult {
  key: string;
  version: number;
  method: string;
  score: number;
  tier: Tier;
  /** The band name the instrument itself uses for the tier (e.g. 'high'), if it gives one. */
  band: string | null;
  reviewRequired: boolean;
  items: FiredItem[];
  combinations: Array<{ allOf: string[]; minTier: Tier }>;
}

/** Checks answers against the instrument's items; unknown items and wrong types answer 400. */
export function validateAnswers(instrument: Instrument, answers: Record<string, unknown>): Record<string, Answer> {
  const errors: FieldError[] = [];
  const out: Record<string, Answer> = {};
  for (const [id, value] of Object.entries(answers)) {
    const item = instrument.items.find((i) => i.id === id);
    if (!item) {
      errors.push({ field: `answers.${id}`, message: `instrument ${instrument.key} v${instrument.version} has no item ${id}` });
      continue;
    }
    if (item.answer === 'yes_no') {
      if (value === 'yes' || value === 'no' || value === 'unknown') out[id] = value;
      else errors.push({ field: `answers.${id}`, message: "must be 'yes', 'no' or 'unknown'" });
    } else if (item.answer === 'number') {
      if (typeof value === 'number' && value >= (item.min ?? -Infinity) && value <= (item.max ?? Infinity)) out[id] = value;
      else errors.push({ field: `answers.${id}`, message: `must be a number from ${item.min} to ${item.max}` });
    } else if (typeof value === 'string' && item.options?.some((o) => o.value === value)) {
      out[id] = value;
    } else {
      errors.push({ field: `answers.${id}`, message: `must be one of ${item.options?.map((o) => o.value).join(', ')}` });
    }
  }
  if (errors.length > 0) throw new AppError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
  return out;
}

function pointsOf(instrument: Instrument, item: Instrument['items'][number], answer: Answer | undefined): number {
  if (answer === undefined || answer === 'unknown' || answer === 'no') return 0;
  const method = instrument.scoring.method;
  if (item.answer === 'yes_no') return method === 'weighted_sum' ? (item.weight ?? 1) : 1;
  if (item.answer === 'number' && typeof answer === 'number') {
    if (method === 'weighted_sum') return answer * (item.weight ?? 0);
    return item.countAtLeast !== undefined && answer >= item.countAtLeast ? 1 : 0;
  }
  const option = item.options?.find((o) => o.value === answer);
  return method === 'weighted_sum' ? (option?.weight ?? 0) : (option?.weight ?? 0) > 0 ? 1 : 0;
}

/** Scores validated answers: a tier from the thresholds, raised by item floors and combinations. */
export function scoreInstrument(instrument: Instrument, answers: Record<string, Answer>): InstrumentResult {
  const items: FiredItem[] = [];
  let score = 0;
  let tier: Tier = 'blue';
  let redFlag = false;
  for (const item of instrument.items) {
    const answer = answers[item.id];
    const points = pointsOf(instrument, item, answer);
    if (points === 0 || answer === undefined) continue;
    const isRed = item.redFlag === true;
    redFlag ||= isRed;
    if (instrument.scoring.method !== 'red_flags' || isRed) score += instrument.scoring.method === 'red_flags' ? 1 : points;
    if (item.minTier) tier = maxTier(tier, item.minTier);
    items.push({ id: item.id, text: item.text, answer, points, redFlag: isRed, minTier: item.minTier ?? null });
  }
  let band: string | null = null;
  for (const t of [...instrument.scoring.thresholds].sort((a, b) => a.min - b.min)) {
    if (score >= t.min && tierRank(t.tier) >= tierRank(tier)) {
      tier = t.tier;
      band = t.label ?? null;
    }
  }
  const fired = new Set(items.map((i) => i.id));
  const combinations = (instrument.scoring.combinations ?? []).filter((c) => c.allOf.every((id) => fired.has(id)));
  for (const c of combinations) tier = maxTier(tier, c.minTier);
  const from = instrument.scoring.reviewRequiredFrom;
  const reviewRequired = redFlag || (from !== undefined && tierRank(tier) >= tierRank(from));
  return { key: instrument.key, version: instrument.version, method: instrument.scoring.method, score, tier, band, reviewRequired, items, combinations };
}

export interface FiredRule {
  key: string;
  version: number;
  name: string;
  kind: string;
  tier: Tier;
  reviewRequired: boolean;
  /** The cases that fired it, oldest first. */
  caseIds: number[];
  detail: string;
}

const MONTH_MS = 30.44 * 86_400_000;
const PRIORITY_RANK: Record<string, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

function windowStart(facts: RiskFacts, months: number): number {
  return Date.parse(facts.now) - months * MONTH_MS;
}

function incidents(facts: RiskFacts, rule: Rule) {
  const since = windowStart(facts, rule.params.windowMonths);
  const kinds = rule.params.caseKinds ?? ['dispute'];
  const minShared = rule.params.minSharedParties ?? 1;
  return facts.cases
    .filter((c) => (c.isSubject || (c.sharedParties >= minShared && kinds.includes(c.kind as never))) && Date.parse(c.at) >= since)
    .sort((a, b) => a.at.localeCompare(b.at) || a.caseId - b.caseId);
}

function severity(c: RiskFacts['cases'][number], field: string): number {
  return field === 'assessed_tier' ? (c.assessedTier ? tierRank(c.assessedTier) : 0) : (PRIORITY_RANK[c.priority] ?? 1);
}

function fire(rule: Rule, caseIds: number[], detail: string): FiredRule {
  return { key: rule.key, version: rule.version, name: rule.name, kind: rule.kind, tier: rule.tier, reviewRequired: rule.reviewRequired, caseIds, detail };
}

/** One rule over the facts: the fired rule with its cases, or undefined. */
export function evaluateRule(rule: Rule, facts: RiskFacts): FiredRule | undefined {
  const p = rule.params;
  switch (rule.kind) {
    case 'repeat_same_parties':
    case 'incident_count': {
      const found = incidents(facts, rule);
      const need = p.minCases ?? 2;
      return found.length >= need ? fire(rule, found.map((c) => c.caseId), `${found.length} incidents within ${p.windowMonths} months (threshold ${need})`) : undefined;
    }
    case 'severity_escalation': {
      const found = incidents(facts, rule);
      const field = p.severityField ?? 'priority';
      const need = Math.max(2, p.minCases ?? 2);
      if (found.length < need) return undefined;
      const levels = found.map((c) => severity(c, field));
      const rising = levels.every((l, i) => i === 0 || l >= (levels[i - 1] ?? 0)) && (levels.at(-1) ?? 0) > (levels[0] ?? 0);
      return rising ? fire(rule, found.map((c) => c.caseId), `${field} rose from ${levels[0]} to ${levels.at(-1)} over ${found.length} incidents`) : undefined;
    }
    case 'agreement_breached': {
      const since = windowStart(facts, p.windowMonths);
      const related = new Set(incidents(facts, { ...rule, params: { ...p, caseKinds: ['dispute'] } }).map((c) => c.caseId));
      const breaches = facts.agreements.filter((a) => related.has(a.caseId) && Date.parse(a.breachedAt) >= since);
      if (breaches.length === 0) return undefined;
      const caseIds = [...new Set(breaches.map((a) => a.caseId))].sort((a, b) => a - b);
      return fire(rule, caseIds, `${breaches.length} mediation agreement(s) breached or followed by new tension`);
    }
    case 'crisis_linked': {
      const since = windowStart(facts, p.windowMonths);
      const minShared = p.minSharedParties ?? 1;
      const crises = facts.cases.filter((c) => !c.isSubject && c.kind === 'crisis' && c.sharedParties >= minShared && Date.parse(c.at) >= since);
      if (crises.length === 0) return undefined;
      return fire(rule, [facts.subjectCaseId, ...crises.map((c) => c.caseId)], `${crises.length} crisis case(s) share parties with this dispute`);
    }
    default:
      return undefined;
  }
}

/** Every rule over the facts; a fired rule hides the weaker rules it supersedes. */
export function evaluateRules(rules: Rule[], facts: RiskFacts): FiredRule[] {
  const fired = rules.map((r) => ({ rule: r, result: evaluateRule(r, facts) })).filter((x): x is { rule: Rule; result: FiredRule } => x.result !== undefined);
  const superseded = new Set(fired.flatMap((f) => f.rule.supersedes ?? []));
  return fired.filter((f) => !superseded.has(f.rule.key)).map((f) => f.result);
}

export interface Combined {
  tier: Tier;
  reviewRequired: boolean;
}

/** The computed tier: the highest of the instrument's and every fired rule's. */
export function combine(instrument: InstrumentResult | null, rules: FiredRule[], floor: Tier = 'blue'): Combined {
  let tier: Tier = floor;
  let reviewRequired = instrument?.reviewRequired ?? false;
  if (instrument) tier = maxTier(tier, instrument.tier);
  for (const r of rules) {
    tier = maxTier(tier, r.tier);
    reviewRequired ||= r.reviewRequired;
  }
  return { tier, reviewRequired };
}

/** The latest incident time among the facts (the subject case, linked cases in the rules, breaches). */
export function lastIncidentAt(facts: RiskFacts, rules: FiredRule[]): string {
  const ids = new Set([facts.subjectCaseId, ...rules.flatMap((r) => r.caseIds)]);
  const times = [...facts.cases.filter((c) => ids.has(c.caseId)).map((c) => c.at), ...facts.agreements.filter((a) => ids.has(a.caseId)).map((a) => a.breachedAt)];
  return times.sort().at(-1) ?? facts.now;
}

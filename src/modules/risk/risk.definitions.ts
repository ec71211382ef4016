// The formats of the three kinds of editable risk data, as TypeBox schemas (they validate uploads,
// type the engine and document the API): instruments (questions answered by a person), pattern
// rules (over case history) and the tier table (what each tier requires, and by when).
// checkDefinition runs the never-list scan first, then the schema, then the cross-field checks.
import { type Static, type TSchema, Type } from 'typebox';
import { Value } from 'typebox/value';
import { AppError, type FieldError } from '../../errors.js';
import { scanDefinition } from './never-list.js';

const strict = { additionalProperties: false } as const;
const Text = (max: number, description?: string) => Type.String({ minLength: 1, maxLength: max, ...(description ? { description } : {}) });
const Key = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$', description: 'stable identifier, lower-case letters, digits and dashes' });
const ItemId = Type.String({ pattern: '^[a-z][a-z0-9_]{1,62}$', description: 'item identifier, lower-case snake case' });

export const tiers = ['blue', 'yellow', 'orange', 'red'] as const;
export type Tier = (typeof tiers)[number];
export const TierSchema = Type.Enum(tiers, { description: '蓝 blue (standard), 黄 yellow (elevated), 橙 orange (high), 红 red (critical)' });

export function tierRank(t: Tier): number {
  return tiers.indexOf(t);
}
export function maxTier(a: Tier, b: Tier): Tier {
  return tierRank(a) >= tierRank(b) ? a : b;
}
export function isTier(v: unknown): v is Tier {
  return typeof v === 'string' && (tiers as readonly string[]).includes(v);
}

export const answerTypes = ['yes_no', 'number', 'choice'] as const;

export const InstrumentItem = Type.Object(
  {
    id: ItemId,
    text: Text(500, 'the question as asked (zh-CN)'),
    textEn: Type.Optional(Text(500)),
    answer: Type.Enum(answerTypes, { description: "yes_no: 'yes' | 'no' | 'unknown'; number: a number in [min, max]; choice: one of options" }),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    options: Type.Optional(Type.Array(Type.Object({ value: ItemId, text: Text(200), weight: Type.Number({ default: 0 }) }, strict), { minItems: 2, maxItems: 20 })),
    weight: Type.Optional(Type.Number({ description: 'weighted_sum: points for a yes (or per unit of a number)' })),
    countAtLeast: Type.Optional(Type.Number({ description: 'count: a number item counts when the answer is at least this' })),
    redFlag: Type.Optional(Type.Boolean({ description: 'a yes always makes the result "review required"' })),
    minTier: Type.Optional(TierSchema),
  },
  strict,
);

export const Threshold = Type.Object({ tier: TierSchema, min: Type.Number(), label: Type.Optional(Text(50, "the instrument's own name for the band, e.g. 'high'")) }, strict);

export const InstrumentDefinition = Type.Object(
  {
    key: Key,
    version: Type.Integer({ minimum: 1 }),
    name: Text(200),
    nameEn: Type.Optional(Text(200)),
    population: Text(1000, 'who and what situations the instrument was written or validated for'),
    appliesTo: Type.Object({ caseKinds: Type.Array(Type.Enum(['dispute', 'crisis']), { minItems: 1 }) }, strict),
    licence: Text(200, 'SPDX id or the licence under which the organisation holds it'),
    citation: Text(1000),
    limits: Type.Array(Text(1000), { minItems: 1, description: 'known limits, shown with every warning' }),
    items: Type.Array(InstrumentItem, { minItems: 1, maxItems: 100 }),
    scoring: Type.Object(
      {
        method: Type.Enum(['count', 'weighted_sum', 'red_flags'], { description: 'count of yes answers, sum of weights, or red flags only' }),
        thresholds: Type.Array(Threshold, { maxItems: 4, description: 'score ≥ min gives the tier; the highest reached wins' }),
        combinations: Type.Optional(Type.Array(Type.Object({ allOf: Type.Array(ItemId, { minItems: 2 }), minTier: TierSchema }, strict), { maxItems: 20 })),
        reviewRequiredFrom: Type.Optional(TierSchema),
      },
      strict,
    ),
  },
  { ...strict, description: 'A risk instrument: questions answered by a person; its result is a tier and "review required", never a probability' },
);
export type Instrument = Static<typeof InstrumentDefinition>;

export const ruleKinds = ['repeat_same_parties', 'incident_count', 'severity_escalation', 'agreement_breached', 'crisis_linked'] as const;
export type RuleKind = (typeof ruleKinds)[number];
/** Case kinds a rule may look at. Complaints and petitions are rights, never risk factors. */
export const historyCaseKinds = ['dispute', 'crisis', 'hazard', 'request', 'consultation'] as const;

export const RuleParams = Type.Object(
  {
    windowMonths: Type.Integer({ minimum: 1, maximum: 24, description: 'how far back in case history' }),
    minCases: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, description: 'incidents (this case included) needed to fire' })),
    caseKinds: Type.Optional(Type.Array(Type.Enum(historyCaseKinds), { minItems: 1 })),
    minSharedParties: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, description: 'parties an earlier case must share with this one (matched by blind index)' })),
    severityField: Type.Optional(Type.Enum(['priority', 'assessed_tier'])),
  },
  strict,
);

export const RuleDefinition = Type.Object(
  {
    key: Key,
    version: Type.Integer({ minimum: 1 }),
    name: Text(200),
    nameEn: Type.Optional(Text(200)),
    kind: Type.Enum(ruleKinds),
    params: RuleParams,
    tier: TierSchema,
    reviewRequired: Type.Boolean(),
    supersedes: Type.Optional(Type.Array(Key, { description: 'weaker rules not listed when this one fires' })),
    description: Text(1000),
    limits: Type.Array(Text(1000), { minItems: 1 }),
  },
  { ...strict, description: 'A pattern rule over case history; a fired rule names the cases that fired it' },
);
export type Rule = Static<typeof RuleDefinition>;

const Within = Type.Object(
  { workingDays: Type.Optional(Type.Number({ minimum: 0.1, maximum: 60 })), hours: Type.Optional(Type.Number({ minimum: 0.1, maximum: 720, description: 'wall-clock hours' })) },
  { ...strict, description: 'either working days on the business calendar or wall-clock hours' },
);
export type WithinSpec = Static<typeof Within>;

export const TierSpec = Type.Object(
  {
    tier: TierSchema,
    label: Text(20),
    labelEn: Text(50),
    meaning: Text(1000),
    acknowledgeWithin: Within,
    requiredActions: Type.Array(Type.Object({ code: ItemId, text: Text(500), textEn: Type.Optional(Text(500)), within: Type.Optional(Within) }, strict), { maxItems: 20 }),
    jointSessionsAllowed: Type.Boolean({ description: 'may mediation bring the parties together in one room' }),
    sessionsPaused: Type.Boolean({ description: 'are mediation sessions paused until a reviewer decides' }),
  },
  strict,
);

export const TierTable = Type.Object(
  {
    key: Type.Literal('tiers'),
    version: Type.Integer({ minimum: 1 }),
    name: Text(200),
    tiers: Type.Array(TierSpec, { minItems: 4, maxItems: 4 }),
    lapseMonths: Type.Integer({ minimum: 1, maximum: 36, description: 'a warning goes back to review this long after its last incident' }),
    screeningReviewTier: TierSchema,
  },
  { ...strict, description: 'What each tier means and requires, with deadlines; nothing in it happens to a person automatically' },
);
export type Tiers = Static<typeof TierTable>;
export type TierSpecType = Static<typeof TierSpec>;

export const definitionTypes = ['instrument', 'rule', 'tiers'] as const;
export type DefinitionType = (typeof definitionTypes)[number];

const schemas: Record<DefinitionType, TSchema> = { instrument: InstrumentDefinition, rule: RuleDefinition, tiers: TierTable };

function keysOf(schema: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const s of schema) keysOf(s, out);
  else if (schema !== null && typeof schema === 'object') {
    const record = schema as Record<string, unknown>;
    if (record.properties && typeof record.properties === 'object') for (const k of Object.keys(record.properties)) out.add(k);
    for (const v of Object.values(record)) keysOf(v, out);
  }
  return out;
}

const scanOptions = {
  schemaKeys: keysOf([InstrumentDefinition, RuleDefinition, TierTable]),
  questionKeys: new Set(['text', 'textEn']),
  proseKeys: new Set(['population', 'citation', 'limits', 'description', 'meaning', 'licence']),
};

/** The never-list check alone: 400 naming every offending field. Runs before any other validation. */
export function rejectNeverListFields(body: unknown, what: string): void {
  const hits = scanDefinition(body, scanOptions);
  if (hits.length === 0) return;
  const errors: FieldError[] = hits.map((h) => ({ field: h.path, message: `refers to "${h.term}", on the never-list (${h.field}); risk definitions may never read it` }));
  throw new AppError('validation_failed', `${what} refers to a field on the never-list: ${hits.map((h) => `${h.path} → ${h.field}`).join('; ')}`, {
    errors,
    extra: { neverList: hits.map((h) => h.field) },
  });
}

function schemaErrors(schema: TSchema, value: unknown): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of Value.Errors(schema, value)) {
    const extra = (e.params as { additionalProperties?: string[]; requiredProperties?: string[] } | undefined) ?? {};
    const base = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const named = extra.additionalProperties?.[0] ?? extra.requiredProperties?.[0];
    const field = [base, named].filter(Boolean).join('.') || 'body';
    if (seen.has(field) || e.keyword === 'boolean') continue;
    seen.add(field);
    out.push({ field, message: e.message });
  }
  return out;
}

function crossChecks(type: DefinitionType, def: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  if (type === 'instrument') {
    const inst = def as unknown as Instrument;
    const ids = new Set<string>();
    inst.items.forEach((item, i) => {
      if (ids.has(item.id)) errors.push({ field: `items[${i}].id`, message: `duplicate item id ${item.id}` });
      ids.add(item.id);
      if (item.answer === 'choice' && !item.options) errors.push({ field: `items[${i}].options`, message: 'a choice item needs options' });
      if (item.answer === 'number' && (item.min === undefined || item.max === undefined || item.min > item.max)) {
        errors.push({ field: `items[${i}].min`, message: 'a number item needs min ≤ max' });
      }
    });
    inst.scoring.combinations?.forEach((c, i) =>
      c.allOf.forEach((id, j) => {
        if (!ids.has(id)) errors.push({ field: `scoring.combinations[${i}].allOf[${j}]`, message: `no item ${id}` });
      }),
    );
    const seenTiers = new Set<string>();
    inst.scoring.thresholds.forEach((t, i) => {
      if (seenTiers.has(t.tier)) errors.push({ field: `scoring.thresholds[${i}].tier`, message: `tier ${t.tier} twice` });
      seenTiers.add(t.tier);
    });
  }
  if (type === 'rule') {
    const rule = def as unknown as Rule;
    if (['repeat_same_parties', 'incident_count'].includes(rule.kind) && rule.params.minCases === undefined) {
      errors.push({ field: 'params.minCases', message: `a ${rule.kind} rule needs minCases` });
    }
    if (rule.kind === 'severity_escalation' && rule.params.severityField === undefined) {
      errors.push({ field: 'params.severityField', message: 'a severity_escalation rule needs severityField' });
    }
  }
  if (type === 'tiers') {
    const table = def as unknown as Tiers;
    tiers.forEach((t, i) => {
      if (table.tiers[i]?.tier !== t) errors.push({ field: `tiers[${i}].tier`, message: `expected ${t}: list blue, yellow, orange, red in order` });
    });
    table.tiers.forEach((t, i) => {
      const w = t.acknowledgeWithin;
      if ((w.workingDays === undefined) === (w.hours === undefined)) errors.push({ field: `tiers[${i}].acknowledgeWithin`, message: 'give workingDays or hours' });
    });
  }
  return errors;
}

/** Validates a definition of a type: never-list, then schema, then cross-field checks; throws 400. */
export function checkDefinition<T extends DefinitionType>(type: T, body: unknown): T extends 'instrument' ? Instrument : T extends 'rule' ? Rule : Tiers {
  rejectNeverListFields(body, `The ${type} definition`);
  const errors = schemaErrors(schemas[type], body);
  if (errors.length === 0) errors.push(...crossChecks(type, body as Record<string, unknown>));
  if (errors.length > 0) throw new AppError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
  return body as T extends 'instrument' ? Instrument : T extends 'rule' ? Rule : Tiers;
}

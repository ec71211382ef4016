// Request and response schemas of the risk API: they validate, type and document (OpenAPI).
import { type TSchema, Type } from 'typebox';
import { REGION_CODE_PATTERN } from '../regions/region-code.js';
import { agencies } from './risk.conferences.js';
import { TierSchema } from './risk.definitions.js';
import { decisions, outcomes } from './risk.review.js';

const strict = { additionalProperties: false } as const;
const Text = (max: number, description?: string) => Type.String({ minLength: 1, maxLength: max, ...(description ? { description } : {}) });
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const version = Type.Integer({ minimum: 1, description: 'the version of the warning you read; a stale one answers 409' });
const reason = Text(2000, 'a written reason; recorded with your name');

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, strict);
export const KeyVersionParams = Type.Object({ key: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' }), version: Type.Integer({ minimum: 1 }) }, strict);
export const ConferenceParams = Type.Object({ id: Type.Integer({ minimum: 1 }), conferenceId: Type.Integer({ minimum: 1 }) }, strict);

export const DefinitionDto = Type.Object(
  {
    id: Type.Integer(),
    type: Type.String(),
    key: Type.String(),
    version: Type.Integer(),
    name: Type.String(),
    status: Type.String({ description: 'active or retired' }),
    createdBy: Type.String(),
    createdAt: Type.String(),
    retiredAt: nullable(Type.String()),
    retiredBy: nullable(Type.String()),
    definition: Type.Unknown({ description: 'the JSON document as uploaded' }),
  },
  strict,
);
export const DefinitionList = Type.Object({ items: Type.Array(DefinitionDto) }, strict);

export const AssessBody = Type.Object(
  {
    instrumentKey: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$', description: 'e.g. dispute-red-flags' }),
    instrumentVersion: Type.Optional(Type.Integer({ minimum: 1, description: 'default: the newest active version' })),
    answers: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{1,62}$' }), Type.Union([Type.String({ maxLength: 63 }), Type.Number()]), {
      description: "item id → answer ('yes' | 'no' | 'unknown', a number, or an option value); unanswered items count as unknown",
    }),
  },
  strict,
);

const CaseRef = Type.Object({ id: Type.Integer(), trackingCode: Type.String() }, strict);

const RuleFactor = Type.Object(
  {
    key: Type.String(),
    version: Type.Integer(),
    name: Type.String(),
    kind: Type.String(),
    tier: Type.String(),
    reviewRequired: Type.Boolean(),
    detail: Type.String(),
    limits: Type.Array(Type.String()),
    cases: Type.Array(CaseRef, { description: 'the cases that fired the rule, those you may see' }),
    restrictedCases: Type.Integer({ description: 'cases behind the rule you may not see (e.g. crisis cases)' }),
  },
  strict,
);

const ItemFactor = Type.Object(
  { id: Type.String(), text: Type.String(), answer: Type.Union([Type.String(), Type.Number()]), points: Type.Number(), redFlag: Type.Boolean(), minTier: nullable(Type.String()) },
  strict,
);

export const WarningDto = Type.Object(
  {
    id: Type.Integer(),
    caseId: Type.Integer(),
    trackingCode: Type.String(),
    caseTitle: Type.String(),
    regionCode: Type.String(),
    status: Type.String({ description: 'pending_review: waiting for a named reviewer; active; review_due: lapsed 12 months after the last incident; closed' }),
    tier: TierSchema,
    tierLabel: Type.String(),
    tierMeaning: Type.String(),
    computedTier: Type.String({ description: 'what the instrument and rules computed last; people may have raised or lowered it since' }),
    initialTier: Type.String(),
    reviewRequired: Type.Boolean(),
    source: Type.String(),
    factors: Type.Object(
      {
        assessmentId: Type.Integer(),
        evaluatedAt: Type.String(),
        trigger: Type.Unknown(),
        instrument: nullable(Type.Unknown({ description: 'key, version, name, licence, citation, population, limits, method, score, tier, band' })),
        items: Type.Array(ItemFactor, { description: 'every instrument item that counted, with its answer' }),
        rules: Type.Array(RuleFactor, { description: 'every pattern rule that fired, with its cases' }),
      },
      strict,
    ),
    requiredActions: Type.Array(Type.Object({ code: Type.String(), text: Type.String(), textEn: nullable(Type.String()), dueAt: nullable(Type.String()) }, strict), {
      description: 'what the tier requires people to do, with deadlines; the platform never does them itself',
    }),
    restrictions: Type.Object({ jointSessionsAllowed: Type.Boolean(), sessionsPaused: Type.Boolean() }, strict),
    tierTableVersion: Type.Integer(),
    ackDueAt: Type.String(),
    ackOverdue: Type.Boolean(),
    ackEscalatedAt: nullable(Type.String()),
    reviewer: nullable(Type.Object({ userId: Type.Integer(), label: Type.String() }, strict)),
    acknowledgedAt: nullable(Type.String()),
    ackOnTime: nullable(Type.Boolean()),
    decision: nullable(Type.String()),
    decisionReason: nullable(Type.String()),
    overridden: Type.Boolean(),
    pendingLowering: nullable(Type.Object({ id: Type.Integer(), fromTier: Type.String(), toTier: Type.String(), reason: Type.String(), proposedBy: Type.String(), proposedAt: Type.String() }, strict)),
    lastIncidentAt: Type.String(),
    reviewAt: Type.String({ description: 'when the warning goes back to review if nothing new happens' }),
    outcome: nullable(Type.String()),
    outcomeNote: nullable(Type.String()),
    outcomeBy: nullable(Type.String()),
    outcomeAt: nullable(Type.String()),
    raisedAt: Type.String(),
    updatedAt: Type.String(),
    version: Type.Integer(),
    disclaimer: Type.String(),
  },
  strict,
);

const LogEntry = Type.Object({ kind: Type.String(), fromTier: nullable(Type.String()), toTier: nullable(Type.String()), reason: nullable(Type.String()), by: Type.String(), at: Type.String() }, strict);
const LoweringDto = Type.Object(
  {
    id: Type.Integer(),
    fromTier: Type.String(),
    toTier: Type.String(),
    reason: Type.String(),
    proposedBy: Type.String(),
    proposedAt: Type.String(),
    status: Type.String(),
    decidedBy: nullable(Type.String()),
    decidedAt: nullable(Type.String()),
    decisionReason: nullable(Type.String()),
  },
  strict,
);
export const WarningDetail = Type.Object({ ...WarningDto.properties, log: Type.Array(LogEntry), lowerings: Type.Array(LoweringDto) }, strict);
export const WarningList = Type.Object({ items: Type.Array(WarningDto), nextCursor: nullable(Type.Integer()) }, strict);

export const AssessResult = Type.Object(
  {
    assessmentId: Type.Integer(),
    tier: TierSchema,
    reviewRequired: Type.Boolean(),
    instrument: nullable(Type.Unknown()),
    rules: Type.Array(Type.Object({ key: Type.String(), version: Type.Integer(), name: Type.String(), tier: Type.String(), detail: Type.String(), caseIds: Type.Array(Type.Integer()) }, strict)),
    warningAction: Type.Enum(['raised', 'escalated', 'updated', 'none']),
    warning: nullable(WarningDto),
  },
  strict,
);

export const CaseRisk = Type.Object(
  {
    caseId: Type.Integer(),
    restrictions: Type.Object({ warningId: nullable(Type.Integer()), tier: nullable(Type.String()), jointSessionsAllowed: Type.Boolean(), sessionsPaused: Type.Boolean() }, strict),
    assessments: Type.Array(
      Type.Object(
        {
          id: Type.Integer(),
          instrumentKey: nullable(Type.String()),
          instrumentVersion: nullable(Type.Integer()),
          trigger: Type.String(),
          answers: Type.Unknown(),
          result: Type.Unknown(),
          assessor: Type.String(),
          at: Type.String(),
        },
        strict,
      ),
    ),
    warnings: Type.Array(WarningDto),
  },
  strict,
);

export const WarningQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(['pending_review', 'active', 'review_due', 'closed'], { description: 'default: every status but closed' })),
    tier: Type.Optional(TierSchema),
    region: Type.Optional(Type.String({ pattern: REGION_CODE_PATTERN })),
    overdue: Type.Optional(Type.Boolean({ description: 'only warnings whose acknowledgement is overdue' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  strict,
);

export const AcknowledgeBody = Type.Object(
  {
    version,
    decision: Type.Enum(decisions, { description: 'confirm the tier, raise it, or propose lowering it (a second reviewer must agree)' }),
    tier: Type.Optional(TierSchema),
    reason,
  },
  strict,
);
export const TierChangeBody = Type.Object({ version, tier: TierSchema, reason }, strict);
export const DecideBody = Type.Object({ version, approve: Type.Boolean({ description: 'agree to the pending lowering, or decline it' }), reason }, strict);
export const OutcomeBody = Type.Object({ version, outcome: Type.Enum(outcomes), note: Text(2000) }, strict);
export const LowerResult = Type.Object({ result: Type.Enum(['proposed', 'lowered']), warning: WarningDto }, strict);

const ActionBody = Type.Object(
  {
    description: Text(1000),
    ownerUnitId: Type.Optional(Type.Integer({ minimum: 1, description: 'the unit responsible' })),
    ownerLabel: Text(100, 'who is responsible (person or unit, as named in the meeting)'),
    dueAt: Type.String({ format: 'date-time' }),
  },
  strict,
);

export const ConferenceBody = Type.Object(
  {
    heldAt: Type.String({ format: 'date-time' }),
    chair: Text(100),
    agencies: Type.Array(
      Type.Object(
        {
          agency: Type.Enum(agencies),
          unitId: Type.Optional(Type.Integer({ minimum: 1 })),
          name: Type.Optional(Text(100)),
          attended: Type.Boolean(),
          shared: Type.Optional(Text(4000, 'what this agency shared')),
        },
        strict,
      ),
      { minItems: 1, maxItems: 20 },
    ),
    summary: Text(4000),
    nextReviewAt: Type.String({ format: 'date-time' }),
    actions: Type.Array(ActionBody, { minItems: 1, maxItems: 50 }),
  },
  strict,
);
export const AddActionsBody = Type.Object({ actions: Type.Array(ActionBody, { minItems: 1, maxItems: 50 }) }, strict);
export const ProgressBody = Type.Object({ text: Text(2000), done: Type.Optional(Type.Boolean({ description: 'the action is done' })) }, strict);

export const ActionDto = Type.Object(
  {
    id: Type.Integer(),
    conferenceId: Type.Integer(),
    warningId: Type.Integer(),
    description: Type.String(),
    ownerUnitId: nullable(Type.Integer()),
    ownerLabel: Type.String(),
    dueAt: Type.String(),
    status: Type.String(),
    isPastDue: Type.Boolean(),
    overdue: Type.Boolean({ description: 'flagged and escalated by the sweep' }),
    escalatedAt: nullable(Type.String()),
    escalatedToUnitId: nullable(Type.Integer()),
    doneAt: nullable(Type.String()),
    progress: Type.Array(Type.Object({ text: Type.String(), author: Type.String(), at: Type.String() }, strict)),
  },
  strict,
);

export const ConferenceDto = Type.Object(
  {
    id: Type.Integer(),
    warningId: Type.Integer(),
    heldAt: Type.String(),
    chair: Type.String(),
    agencies: Type.Array(Type.Unknown()),
    summary: Type.String(),
    nextReviewAt: Type.String(),
    createdBy: Type.String(),
    createdAt: Type.String(),
    actions: Type.Array(ActionDto),
  },
  strict,
);
export const ConferenceList = Type.Object({ items: Type.Array(ConferenceDto) }, strict);

const CountsDto = Type.Object(
  {
    raised: Type.Integer(),
    confirmed: Type.Integer(),
    overridden: Type.Integer(),
    outcomes: Type.Object({ de_escalated: Type.Integer(), resolved: Type.Integer(), harm_occurred: Type.Integer(), unfounded: Type.Integer(), open: Type.Integer() }, strict),
  },
  strict,
);
export const ReportQuery = Type.Object(
  { from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }), region: Type.Optional(Type.String({ pattern: REGION_CODE_PATTERN })) },
  strict,
);
export const ReportDto = Type.Object(
  {
    from: Type.String(),
    to: Type.String(),
    region: nullable(Type.String()),
    byTier: Type.Array(Type.Object({ tier: Type.String(), ...CountsDto.properties }, strict)),
    byRule: Type.Array(Type.Object({ rule: Type.String(), ...CountsDto.properties }, strict)),
  },
  strict,
);
export const DashboardQuery = Type.Object({ region: Type.Optional(Type.String({ pattern: REGION_CODE_PATTERN })) }, strict);
export const DashboardDto = Type.Object(
  {
    region: nullable(Type.String()),
    byTier: Type.Array(Type.Object({ tier: Type.String(), open: Type.Integer(), overdueAcknowledgements: Type.Integer(), overdueActions: Type.Integer() }, strict)),
  },
  strict,
);

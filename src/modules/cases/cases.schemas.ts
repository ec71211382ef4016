// Request and response schemas of the cases API: they validate, type and document (OpenAPI).
import { type Static, type TSchema, Type } from 'typebox';
import {
  type CaseAction,
  caseChannels,
  caseKinds,
  casePriorities,
  caseStatuses,
  followUpMethods,
  resolutionResults,
  satisfactionLevels,
} from './workflow.js';

const strict = { additionalProperties: false } as const;
const Text = (max: number, description?: string) => Type.String({ minLength: 1, maxLength: max, ...(description ? { description } : {}) });

export const Phone = Type.String({ pattern: '^\\+?[0-9][0-9 -]{4,19}$', description: 'digits, optionally +, spaces or dashes' });
export const IdNumber = Type.String({ pattern: '^[0-9]{15}$|^[0-9]{17}[0-9Xx]$', description: 'resident identity card number' });

export const Reporter = Type.Object(
  { name: Type.Optional(Text(50)), phone: Type.Optional(Phone), idNumber: Type.Optional(IdNumber) },
  { ...strict, description: 'all optional; omit for an anonymous report' },
);

export const Party = Type.Object(
  {
    name: Text(50),
    phone: Type.Optional(Phone),
    idNumber: Type.Optional(IdNumber),
    role: Type.Enum(['applicant', 'respondent', 'party', 'third_party'], { description: 'role in the dispute' }),
  },
  strict,
);

export const CreateCaseBody = Type.Object(
  {
    kind: Type.Enum(caseKinds),
    channel: Type.Enum(caseChannels),
    categoryCode: Type.String({ pattern: '^\\d{2}(\\d{2})?$', description: 'level-1 or level-2 category code (GET /categories)' }),
    regionCode: Type.String({ pattern: '^\\d{12}$', description: 'village/community-level GB/T 2260 code, 12 digits' }),
    gridCode: Type.Optional(Type.String({ pattern: '^\\d{15}$' })),
    title: Text(200),
    description: Text(5000),
    address: Type.Optional(Text(300)),
    location: Type.Optional(Type.Object({ lat: Type.Number({ minimum: -90, maximum: 90 }), lng: Type.Number({ minimum: -180, maximum: 180 }) }, strict)),
    priority: Type.Optional(Type.Enum(casePriorities, { default: 'normal' })),
    reporter: Type.Optional(Reporter),
    parties: Type.Optional(Type.Array(Party, { maxItems: 20, description: 'required for disputes: two or more' })),
  },
  strict,
);
export type CreateCaseInput = Static<typeof CreateCaseBody>;

export const CaseIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, strict);

const version = Type.Integer({ minimum: 1, description: 'the version you read; a stale one answers 409' });
const reason = Text(1000);

/** The body of each action: `version` plus the fields the workflow table requires. */
export const actionBodies: Record<CaseAction, TSchema> = {
  accept: Type.Object({ version, note: Type.Optional(reason) }, strict),
  reject: Type.Object({ version, reason }, strict),
  merge: Type.Object({ version, intoCaseId: Type.Integer({ minimum: 1 }), note: Type.Optional(reason) }, strict),
  dispatch: Type.Object(
    { version, leadUnitId: Type.Integer({ minimum: 1 }), coUnitIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 20 })), note: Type.Optional(reason) },
    strict,
  ),
  whistle: Type.Object(
    {
      version,
      leadUnitId: Type.Optional(Type.Integer({ minimum: 1, description: 'required when the case has no lead unit yet' })),
      unitIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 20, description: 'departments summoned to report in' }),
      note: Type.Optional(reason),
    },
    strict,
  ),
  acknowledge: Type.Object({ version, note: Type.Optional(reason) }, strict),
  return: Type.Object({ version, reason }, strict),
  transfer: Type.Object({ version, leadUnitId: Type.Integer({ minimum: 1 }), reason }, strict),
  start: Type.Object({ version, note: Type.Optional(reason) }, strict),
  add_note: Type.Object({ version, text: Text(2000) }, strict),
  request_extension: Type.Object({ version, minutes: Type.Integer({ minimum: 30, maximum: 60 * 24 * 60 }), reason }, strict),
  decide_extension: Type.Object({ version, extensionId: Type.Integer({ minimum: 1 }), approve: Type.Boolean(), note: Type.Optional(reason) }, strict),
  hold: Type.Object({ version, reason }, strict),
  resume: Type.Object({ version, note: Type.Optional(reason) }, strict),
  escalate: Type.Object({ version, reason }, strict),
  resolve: Type.Object(
    {
      version,
      result: Type.Enum(resolutionResults),
      resultText: Text(2000),
      responsibleUnitId: Type.Optional(Type.Integer({ minimum: 1, description: 'for not_our_responsibility: the unit that is responsible' })),
      responsibleUnitName: Type.Optional(Text(100)),
    },
    strict,
  ),
  follow_up: Type.Object(
    {
      version,
      satisfaction: Type.Optional(Type.Enum(satisfactionLevels, { description: 'required unless method is no_contact' })),
      method: Type.Enum(followUpMethods, { description: 'how the resident was reached; no_contact when they could not be' }),
      comment: Type.Optional(Text(1000)),
    },
    strict,
  ),
  reopen: Type.Object({ version, reason }, strict),
  close: Type.Object({ version, note: Type.Optional(reason) }, strict),
  supervise: Type.Object(
    { version, reason, dueAt: Type.String({ format: 'date-time' }), reportEveryDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 })) },
    strict,
  ),
  report_progress: Type.Object({ version, text: Text(2000) }, strict),
};

export const CaseStatusSchema = Type.Enum(caseStatuses);

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const CaseUnitDto = Type.Object(
  {
    unitId: Type.Integer(),
    unitName: Type.String(),
    role: Type.String(),
    status: Type.String(),
    dispatchedAt: Type.String(),
    acknowledgedAt: nullable(Type.String()),
    endedAt: nullable(Type.String()),
  },
  strict,
);

export const CaseDto = Type.Object(
  {
    id: Type.Integer(),
    trackingCode: Type.String(),
    kind: Type.String(),
    channel: Type.String(),
    categoryCode: Type.String(),
    priority: Type.String(),
    status: CaseStatusSchema,
    regionCode: Type.String(),
    gridCode: nullable(Type.String()),
    address: nullable(Type.String()),
    location: nullable(Type.Object({ lat: Type.Number(), lng: Type.Number() })),
    title: Type.String(),
    description: Type.String(),
    reporter: nullable(Type.Object({ name: nullable(Type.String()), phone: nullable(Type.String()), idNumber: nullable(Type.String()) }, { description: 'masked' })),
    isAnonymous: Type.Boolean(),
    ownerUnitId: Type.Integer(),
    leadUnitId: nullable(Type.Integer()),
    units: Type.Array(CaseUnitDto),
    parties: Type.Array(Type.Object({ id: Type.Integer(), role: Type.String(), name: nullable(Type.String()), phone: nullable(Type.String()) }, { description: 'masked' })),
    ackDueAt: nullable(Type.String()),
    resolveDueAt: nullable(Type.String()),
    wallClock: Type.Boolean(),
    holdStartedAt: nullable(Type.String()),
    acknowledgedAt: nullable(Type.String()),
    resolvedAt: nullable(Type.String()),
    closedAt: nullable(Type.String()),
    resolutionCode: nullable(Type.String()),
    satisfaction: nullable(Type.String()),
    overdueAck: Type.Boolean(),
    overdueResolve: Type.Boolean(),
    escalationCount: Type.Integer(),
    reopenCount: Type.Integer(),
    mergedIntoId: nullable(Type.Integer()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    version: Type.Integer(),
    allowedActions: Type.Array(Type.String(), { description: 'what the caller may do now (GET /cases/{id}/actions has the details)' }),
  },
  strict,
);
export type CaseDtoType = Static<typeof CaseDto>;

export const CreatedCase = Type.Object(
  {
    id: Type.Integer(),
    trackingCode: Type.String(),
    status: CaseStatusSchema,
    version: Type.Integer(),
    ownerUnitId: Type.Integer(),
    duplicates: Type.Array(Type.Object({ id: Type.Integer(), trackingCode: Type.String(), title: Type.String(), similarity: Type.Number() }), {
      description: 'open cases at the same place with similar text, offered for merge',
    }),
  },
  strict,
);

export const AllowedAction = Type.Object({ action: Type.String(), required: Type.Array(Type.String()), unitId: nullable(Type.Integer()) }, strict);
export const AllowedActions = Type.Object({ status: CaseStatusSchema, version: Type.Integer(), actions: Type.Array(AllowedAction) }, strict);

export const TimelineEvent = Type.Object(
  {
    seq: Type.Integer(),
    action: Type.String(),
    fromStatus: nullable(Type.String()),
    toStatus: Type.String(),
    actor: Type.String(),
    unitId: nullable(Type.Integer()),
    unitName: nullable(Type.String()),
    at: Type.String(),
    payload: Type.Record(Type.String(), Type.Unknown()),
    isPublic: Type.Boolean(),
  },
  strict,
);
export const Timeline = Type.Object({ items: Type.Array(TimelineEvent) }, strict);

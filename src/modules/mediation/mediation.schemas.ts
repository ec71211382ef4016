// Request and response schemas of the mediation API: they validate, type and document (OpenAPI).
import { type TSchema, Type } from 'typebox';
import {
  failureRoutes,
  followUpFindings,
  followUpMethods,
  inviteeRelations,
  mediationStatuses,
  mediatorHow,
  modes,
  origins,
  screeningQuestions,
  sessionModes,
  sessionOutcomes,
  termStatuses,
} from './mediation.rules.js';

const strict = { additionalProperties: false } as const;
const Text = (max: number, description?: string) => Type.String({ minLength: 1, maxLength: max, ...(description ? { description } : {}) });
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const version = Type.Integer({ minimum: 1, description: 'the mediation version you read; a stale one answers 409' });
const Id = Type.Integer({ minimum: 1 });
const DateTime = Type.String({ format: 'date-time' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'local date YYYY-MM-DD' });

export const IdParams = Type.Object({ id: Id }, strict);
export const InviteeParams = Type.Object({ id: Id, inviteeId: Id }, strict);

export const OpenBody = Type.Object(
  {
    committeeUnitId: Type.Integer({ minimum: 1, description: "a unit of kind mediation_committee the case was dispatched or whistled to" }),
    origin: Type.Enum(origins, { description: "application: a party applied; initiative: the committee's own; referral: sent by another body" }),
    originNote: Type.Optional(Text(1000, 'who applied or referred, and how')),
    mediators: Type.Optional(Type.Array(Type.Object({ userId: Id, how: Type.Enum(mediatorHow) }, strict), { maxItems: 5 })),
  },
  strict,
);

export const RefuseBody = Type.Object({ version, partyId: Id, note: Type.Optional(Text(1000)) }, { ...strict, description: "a party's clear refusal ends the mediation; it is never held against them" });

const Answer = Type.Enum(['yes', 'no', 'unknown']);
export const ScreeningBody = Type.Object(
  {
    version,
    answers: Type.Object(Object.fromEntries(screeningQuestions.map((q) => [q, Type.Optional(Answer)])), strict),
    mode: Type.Enum(modes, { description: 'joint is refused when the screen finds a safety concern or the risk tier forbids it' }),
    raiseRiskReview: Type.Optional(Type.Boolean({ description: 'ask for a risk review even without a safety concern' })),
    note: Type.Optional(Text(2000)),
  },
  strict,
);

export const MediatorBody = Type.Object({ version, userId: Id, how: Type.Enum(mediatorHow) }, strict);
export const InviteeBody = Type.Object(
  {
    version,
    name: Text(50),
    relation: Type.Enum(inviteeRelations),
    consents: Type.Array(Type.Object({ partyId: Id, consented: Type.Boolean() }, strict), { maxItems: 20, description: 'each party must consent before the person may attend' }),
  },
  strict,
);
export const ConsentBody = Type.Object({ version, partyId: Id, consented: Type.Boolean() }, strict);

const Attendee = Type.Union([
  Type.Object({ kind: Type.Literal('party'), partyId: Id }, strict),
  Type.Object({ kind: Type.Literal('mediator'), userId: Id }, strict),
  Type.Object({ kind: Type.Literal('invitee'), inviteeId: Id }, strict),
]);
export const SessionBody = Type.Object(
  { version, heldAt: DateTime, mode: Type.Enum(sessionModes), attendees: Type.Array(Attendee, { minItems: 1, maxItems: 30 }), minutes: Text(20000), outcome: Type.Enum(sessionOutcomes) },
  strict,
);

export const AgreementBody = Type.Object(
  {
    version,
    parties: Type.Array(Id, { minItems: 2, maxItems: 20, description: 'case party ids bound by the agreement' }),
    facts: Text(10000, 'main facts and matters in dispute'),
    responsibilities: Text(10000, "each party's responsibilities"),
    terms: Type.Array(Type.Object({ text: Text(2000), how: Text(1000, 'how it is performed'), dueDate: Day }, strict), { minItems: 1, maxItems: 50 }),
  },
  strict,
);
export const SignBody = Type.Object({ version, partyId: Id, signedAt: Type.Optional(DateTime) }, strict);
export const VersionBody = Type.Object({ version }, strict);

export const ConfirmationBody = Type.Object({ version, court: Text(200), appliedAt: DateTime, applicants: Type.Array(Id, { minItems: 2, maxItems: 20, description: 'the parties apply together' }) }, strict);
export const AcceptBody = Type.Object({ version, accepted: Type.Boolean(), at: DateTime, note: Type.Optional(Text(2000)) }, strict);
export const ExtendBody = Type.Object({ version, reason: Text(2000) }, strict);
export const RulingBody = Type.Object({ version, ruling: Type.Enum(['confirmed', 'rejected']), at: DateTime, note: Type.Optional(Text(2000)) }, strict);

export const FollowUpBody = Type.Object(
  {
    version,
    method: Type.Enum(followUpMethods),
    finding: Type.Enum(followUpFindings, { description: 'breach or new_tension reopens the mediation and triggers a risk reassessment' }),
    terms: Type.Optional(Type.Array(Type.Object({ termId: Id, status: Type.Enum(termStatuses), note: Type.Optional(Text(1000)) }, strict), { maxItems: 50 })),
    note: Text(4000),
    nextFollowUpAt: Type.Optional(DateTime),
  },
  strict,
);

export const FailBody = Type.Object(
  { version, reason: Text(2000), routesTold: Type.Array(Type.Enum(failureRoutes), { minItems: 1, description: 'the routes the parties were told about' }), note: Type.Optional(Text(2000)) },
  strict,
);

export const ListQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(mediationStatuses)),
    committeeUnitId: Type.Optional(Id),
    overdue: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Id),
  },
  strict,
);

const Summary = Type.Object(
  {
    id: Type.Integer(),
    caseId: Type.Integer(),
    trackingCode: Type.String(),
    caseTitle: Type.String(),
    committeeUnitId: Type.Integer(),
    committeeName: Type.String(),
    status: Type.String(),
    mode: nullable(Type.String()),
    origin: Type.String(),
    acceptedAt: Type.String(),
    dueAt: Type.String(),
    overdue: Type.Boolean(),
    reopenCount: Type.Integer(),
    version: Type.Integer(),
  },
  strict,
);
export const MediationList = Type.Object({ items: Type.Array(Summary), nextCursor: nullable(Type.Integer()) }, strict);
export const CaseMediationList = Type.Object({ items: Type.Array(Summary) }, strict);

const Term = Type.Object(
  { id: Type.Integer(), seq: Type.Integer(), text: Type.String(), how: Type.String(), dueDate: Type.String(), status: Type.String(), performedAt: nullable(Type.String()), breachedAt: nullable(Type.String()), note: nullable(Type.String()) },
  strict,
);

export const MediationDto = Type.Object(
  {
    id: Type.Integer(),
    caseId: Type.Integer(),
    trackingCode: Type.String(),
    caseTitle: Type.String(),
    committeeUnitId: Type.Integer(),
    committeeName: Type.String(),
    regionCode: Type.String(),
    origin: Type.String(),
    originNote: nullable(Type.String()),
    status: Type.String(),
    mode: nullable(Type.String()),
    allowedSessionModes: Type.Array(Type.String(), { description: 'what the latest screening and the risk tier allow now' }),
    risk: Type.Object({ warningId: nullable(Type.Integer()), tier: nullable(Type.String()), jointSessionsAllowed: Type.Boolean(), sessionsPaused: Type.Boolean() }, strict),
    acceptedAt: Type.String(),
    dueAt: Type.String(),
    overdue: Type.Boolean(),
    reopenCount: Type.Integer(),
    endedAt: nullable(Type.String()),
    endReason: nullable(Type.String()),
    endNote: nullable(Type.String()),
    routesTold: nullable(Type.Array(Type.String())),
    refusedByPartyId: nullable(Type.Integer()),
    parties: Type.Array(Type.Object({ id: Type.Integer(), role: Type.String(), name: Type.String({ description: 'masked' }) }, strict)),
    mediators: Type.Array(Type.Object({ userId: Type.Integer(), name: Type.String(), how: Type.String(), at: Type.String(), endedAt: nullable(Type.String()) }, strict)),
    screenings: Type.Array(Type.Object({ id: Type.Integer(), answers: Type.Unknown(), mode: Type.String(), raisesRiskReview: Type.Boolean(), note: nullable(Type.String()), by: Type.String(), at: Type.String() }, strict)),
    invitees: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String({ description: 'masked' }), relation: Type.String(), consents: Type.Array(Type.Unknown()), invitedBy: Type.String(), at: Type.String() }, strict)),
    sessions: Type.Array(Type.Object({ id: Type.Integer(), heldAt: Type.String(), mode: Type.String(), attendees: Type.Array(Type.Unknown()), minutes: Type.String(), outcome: Type.String(), recordedBy: Type.String(), at: Type.String() }, strict)),
    agreements: Type.Array(
      Type.Object(
        {
          id: Type.Integer(),
          number: Type.String(),
          status: Type.String({ description: 'draft, effective, reopened, performed or superseded' }),
          parties: Type.Array(Type.Integer()),
          facts: Type.String(),
          responsibilities: Type.String(),
          terms: Type.Array(Term),
          signatures: Type.Array(Type.Object({ partyId: Type.Integer(), signedAt: Type.String(), recordedBy: Type.String() }, strict)),
          sealedBy: nullable(Type.String()),
          sealedAt: nullable(Type.String()),
          effectiveAt: nullable(Type.String()),
          confirmationWindowEndsAt: nullable(Type.String()),
          breachedAt: nullable(Type.String()),
          judicialConfirmation: nullable(
            Type.Object(
              {
                status: Type.String(),
                court: Type.String(),
                applicants: Type.Array(Type.Integer()),
                appliedAt: Type.String(),
                acceptDueAt: Type.String(),
                acceptedAt: nullable(Type.String()),
                rulingDueAt: nullable(Type.String()),
                extendedAt: nullable(Type.String()),
                extensionReason: nullable(Type.String()),
                ruling: nullable(Type.String()),
                rulingAt: nullable(Type.String()),
                rulingNote: nullable(Type.String()),
              },
              strict,
            ),
          ),
        },
        strict,
      ),
    ),
    followUps: Type.Array(
      Type.Object(
        { id: Type.Integer(), agreementId: Type.Integer(), dueAt: Type.String(), doneAt: nullable(Type.String()), method: nullable(Type.String()), finding: nullable(Type.String()), note: nullable(Type.String()), termUpdates: Type.Array(Type.Unknown()), by: nullable(Type.String()) },
        strict,
      ),
    ),
    createdBy: Type.String(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    version: Type.Integer(),
  },
  strict,
);

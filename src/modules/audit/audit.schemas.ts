// Request and response schemas of the audit log viewer (GET /audit, GET /audit/verify).
import { type Static, Type } from 'typebox';

const strict = { additionalProperties: false } as const;
const nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(schema: T) => Type.Union([schema, Type.Null()]);

export const AuditQuery = Type.Object(
  {
    entityType: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'e.g. case, user, unit, grid, webhook, calendar' })),
    entityId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'the acting account: its id, or its username' })),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'exact action, e.g. user.disabled' })),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'rows at or after this instant' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'rows before this instant' })),
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'newest first: pass `next` for the following page' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  strict,
);
export type AuditQueryDto = Static<typeof AuditQuery>;

export const AuditRow = Type.Object(
  {
    id: Type.Integer(),
    at: Type.String(),
    actorUserId: nullable(Type.Integer()),
    actorLabel: Type.String(),
    action: Type.String(),
    entityType: Type.String(),
    entityId: nullable(Type.String()),
    regionCode: nullable(Type.String()),
    detail: Type.Record(Type.String(), Type.Unknown(), { description: 'what the action recorded (never secrets or unmasked personal data)' }),
    ip: nullable(Type.String()),
  },
  strict,
);
export type AuditRowDto = Static<typeof AuditRow>;

export const AuditPage = Type.Object(
  { items: Type.Array(AuditRow), next: Type.Union([Type.Integer(), Type.Null()], { description: 'pass as `before` for older rows; null on the last page' }) },
  strict,
);

export const AuditVerification = Type.Object(
  {
    ok: Type.Boolean(),
    checked: Type.Integer({ description: 'sealed rows whose hash and link were recomputed' }),
    pending: Type.Integer({ description: 'rows written but not yet sealed into the chain (committed during the check); checked by a later one' }),
    brokenAt: Type.Union([Type.Object({ id: Type.Integer(), reason: Type.String() }, strict), Type.Null()], { description: 'the first row that breaks the chain' }),
    verifiedAt: Type.String(),
  },
  strict,
);

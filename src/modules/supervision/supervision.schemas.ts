// Request and response schemas of the supervision API (督办 / 挂牌督办).
import { type TSchema, Type } from 'typebox';
import { REGION_CODE_PATTERN } from '../regions/region-code.js';

const strict = { additionalProperties: false } as const;
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const supervisionKinds = ['overdue', 'listed'] as const;
export const supervisionStatuses = ['open', 'closed'] as const;

export const SupervisionQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(supervisionStatuses)),
    kind: Type.Optional(Type.Enum(supervisionKinds, { description: 'overdue: opened by the SLA sweep; listed: 挂牌督办 by a supervisor' })),
    region: Type.Optional(Type.String({ pattern: REGION_CODE_PATTERN, description: 'GB/T 2260 code (2, 4, 6, 9 or 12 digits): that subtree only' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.Integer({ minimum: 1, description: 'nextCursor of the previous page' })),
  },
  strict,
);

const supervisionProperties = {
  id: Type.Integer(),
  caseId: Type.Integer(),
  trackingCode: Type.String(),
  caseTitle: Type.String(),
  caseStatus: Type.String(),
  kind: Type.String(),
  status: Type.String(),
  reason: Type.String(),
  openedBy: Type.String(),
  supervisorUnitId: nullable(Type.Integer()),
  supervisorUnitName: nullable(Type.String()),
  openedAt: Type.String(),
  dueAt: nullable(Type.String()),
  isPastDue: Type.Boolean(),
  reportEveryDays: nullable(Type.Integer()),
  lastReportAt: nullable(Type.String()),
  lastRemindedAt: nullable(Type.String()),
  closedAt: nullable(Type.String()),
  regionCode: Type.String(),
};

export const SupervisionDto = Type.Object(supervisionProperties);

export const SupervisionList = Type.Object({ items: Type.Array(SupervisionDto), nextCursor: nullable(Type.Integer()) });

export const ProgressReportDto = Type.Object({ id: Type.Integer(), author: Type.String(), at: Type.String(), text: Type.String() });

export const CaseSupervisionList = Type.Object({
  items: Type.Array(Type.Object({ ...supervisionProperties, reports: Type.Array(ProgressReportDto) })),
});

// Schemas of case lists, search, worklists and the console helpers (caller history, related cases).
// List rows carry no personal data: no names, phones, ID numbers or addresses.
import { type Static, type TSchema, Type } from 'typebox';
import { REGION_CODE_PATTERN } from '../regions/region-code.js';
import { CaseStatusSchema, Phone } from './cases.schemas.js';

const strict = { additionalProperties: false } as const;
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const List = (description: string) =>
  Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 20, description: `${description}; repeat the parameter or separate values with commas` });
const DateOrTime = (description: string) =>
  Type.String({ maxLength: 40, description: `${description}: YYYY-MM-DD (a local calendar day) or an ISO 8601 date-time with offset` });

export const Limit = Type.Integer({ minimum: 1, maximum: 100, default: 50, description: 'rows per page (at most 100)' });
export const Cursor = Type.String({ minLength: 1, maxLength: 200, description: 'nextCursor of the previous page (opaque)' });

export const ListCasesQuery = Type.Object(
  {
    region: Type.Optional(Type.String({ pattern: REGION_CODE_PATTERN, description: 'region code (2/4/6/9/12 digits): its whole subtree' })),
    status: Type.Optional(List('statuses')),
    kind: Type.Optional(List('case kinds')),
    channel: Type.Optional(List('channels')),
    category: Type.Optional(Type.String({ pattern: '^\\d{2}(\\d{2})?$', description: 'level-1 code (with its children) or level-2 code' })),
    unit: Type.Optional(Type.Integer({ minimum: 1, description: 'cases dispatched (now or before) to this unit' })),
    overdue: Type.Optional(Type.Boolean({ description: 'true: acknowledge or resolve deadline missed; false: neither' })),
    from: Type.Optional(DateOrTime('created at or after')),
    to: Type.Optional(DateOrTime('created at or before (a day includes the whole day)')),
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'words in title or description, separated by spaces, all required; any substring (Chinese needs no spaces)',
      }),
    ),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Cursor),
  },
  strict,
);
export type ListCasesInput = Static<typeof ListCasesQuery>;

export const CaseListItem = Type.Object(
  {
    id: Type.Integer(),
    trackingCode: Type.String(),
    title: Type.String(),
    kind: Type.String(),
    channel: Type.String(),
    categoryCode: Type.String(),
    priority: Type.String(),
    status: CaseStatusSchema,
    regionCode: Type.String(),
    regionName: nullable(Type.String({ description: 'the village or community' })),
    townshipName: nullable(Type.String()),
    leadUnitId: nullable(Type.Integer()),
    leadUnitName: nullable(Type.String()),
    ackDueAt: nullable(Type.String()),
    resolveDueAt: nullable(Type.String()),
    overdueAck: Type.Boolean(),
    overdueResolve: Type.Boolean(),
    createdAt: Type.String(),
    version: Type.Integer(),
  },
  strict,
);
export type CaseListItemDto = Static<typeof CaseListItem>;

export const CaseListPage = Type.Object(
  { items: Type.Array(CaseListItem), nextCursor: nullable(Type.String({ description: 'pass as `cursor` for the next page; null on the last' })) },
  strict,
);
export type CaseListPageDto = Static<typeof CaseListPage>;

export const worklistNames = ['to_accept', 'to_dispatch', 'to_acknowledge', 'in_progress', 'due_soon', 'overdue', 'to_follow_up', 'under_supervision'] as const;
export type WorklistName = (typeof worklistNames)[number];

const count = Type.Integer({ minimum: 0 });
export const WorklistCounts = Type.Object(
  {
    to_accept: count,
    to_dispatch: count,
    to_acknowledge: count,
    in_progress: count,
    due_soon: count,
    overdue: count,
    to_follow_up: count,
    under_supervision: count,
  },
  { ...strict, description: 'how many cases wait in each of the caller’s worklists' },
);

export const WorklistParams = Type.Object({ name: Type.Enum(worklistNames) }, strict);
export const PageQuery = Type.Object({ limit: Type.Optional(Limit), cursor: Type.Optional(Cursor) }, strict);

export const ByPhoneQuery = Type.Object({ phone: Phone, limit: Type.Optional(Limit), cursor: Type.Optional(Cursor) }, strict);

export const ByPhonePage = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        { ...CaseListItem.properties, matchedAs: Type.Array(Type.Enum(['reporter', 'party']), { description: 'where the number appears in the case' }) },
        strict,
      ),
    ),
    nextCursor: nullable(Type.String()),
  },
  strict,
);

export const RelatedCases = Type.Object(
  {
    sameVillage: Type.Array(CaseListItem, { description: 'other cases of the same village from the last 90 days' }),
    sharedParties: Type.Array(
      Type.Object({ ...CaseListItem.properties, sharedBy: Type.Array(Type.Enum(['phone', 'name'])) }, strict),
      { description: 'cases whose reporter or parties have the same phone or name' },
    ),
    duplicates: Type.Array(Type.Object({ id: Type.Integer(), trackingCode: Type.String(), title: Type.String(), similarity: Type.Number() }, strict), {
      description: 'open cases of the same village with similar text (merge candidates)',
    }),
  },
  strict,
);

export const UnitLoadQuery = Type.Object(
  { region: Type.String({ pattern: REGION_CODE_PATTERN, description: 'the place of the cases to dispatch (2–12 digits); must be in your scope' }) },
  strict,
);

export const UnitLoadList = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          unitId: Type.Integer(),
          name: Type.String(),
          kind: Type.String(),
          departmentKind: nullable(Type.String()),
          regionCode: Type.String(),
          regionName: Type.String(),
          open: Type.Integer({ minimum: 0, description: 'cases the unit is dispatched to and still working on (dispatched, acknowledged, in progress, on hold)' }),
          pending: Type.Integer({ minimum: 0, description: 'of those, waiting for its acknowledgement' }),
          overdue: Type.Integer({ minimum: 0, description: 'of those, late now' }),
        },
        strict,
      ),
      { description: 'units of the region and below, and the departments of the regions above it; counted over the cases you may see' },
    ),
  },
  strict,
);

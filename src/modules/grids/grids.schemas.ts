// Request and response schemas of the grids API; they validate, type and document (OpenAPI).
import { type Static, Type } from 'typebox';
import { REGION_CODE_PATTERN } from '../regions/region-code.js';
import { RegionPathItem } from '../regions/regions.schemas.js';

export const GRID_NAME_MAX = 100;

export const GridCode = Type.String({ pattern: '^\\d{15}$', description: 'unified grid code: the 12-digit village code and 3 digits', examples: ['620102001001001'] });
const GridName = Type.String({ minLength: 1, maxLength: GRID_NAME_MAX, description: 'plain text, stored and returned as given (trimmed)' });
const Version = Type.Integer({ minimum: 1, description: 'the version you read; a stale one answers 409 version_conflict' });
export const GridStatus = Type.Enum(['active', 'retired']);

export const GridParams = Type.Object({ code: GridCode }, { additionalProperties: false });
export const GridWorkerParams = Type.Object({ code: GridCode, userId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export const CreateGridBody = Type.Object(
  {
    regionCode: Type.String({ pattern: '^\\d{12}$', description: 'the village (community) the grid lies in' }),
    name: GridName,
    code: Type.Optional(Type.String({ pattern: '^(\\d{3}|\\d{15})$', description: '3-digit suffix or the full 15-digit code; default: the lowest free suffix' })),
  },
  { additionalProperties: false },
);

export const RenameGridBody = Type.Object({ name: GridName, version: Version }, { additionalProperties: false });
export const RetireGridBody = Type.Object({ version: Version, reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });
export const AssignWorkerBody = Type.Object({ userId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export const ImportGridsBody = Type.String({
  description: 'text/csv: lines `villageCode,name[,suffix]`, an optional header line `villageCode,name,suffix`; all or nothing',
});

export const ListGridsQuery = Type.Object(
  {
    region: Type.Optional(Type.String({ pattern: REGION_CODE_PATTERN, description: 'only grids in this region subtree' })),
    status: Type.Optional(GridStatus),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    after: Type.Optional(Type.String({ pattern: '^\\d{15}$', description: 'the last code of the previous page' })),
  },
  { additionalProperties: false },
);

const summaryProperties = {
  code: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  name: Type.String(),
  status: GridStatus,
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  retiredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
};

export const GridSummary = Type.Object(summaryProperties, { additionalProperties: false });

export const GridWorker = Type.Object(
  { userId: Type.Integer(), username: Type.String(), displayName: Type.String(), assignedAt: Type.String({ format: 'date-time' }) },
  { additionalProperties: false },
);

export const GridDetail = Type.Object(
  {
    ...summaryProperties,
    regionPath: Type.Array(RegionPathItem, { description: 'the village and its ancestors, province first' }),
    workers: Type.Array(GridWorker, { description: 'current grid workers' }),
    abilities: Type.Object(
      { rename: Type.Boolean(), retire: Type.Boolean(), assignWorkers: Type.Boolean() },
      { additionalProperties: false, description: 'what the caller may do with this grid now' },
    ),
  },
  { additionalProperties: false },
);

export const GridPage = Type.Object(
  { items: Type.Array(GridSummary), nextAfter: Type.Union([GridCode, Type.Null()], { description: 'pass as `after` for the next page; null on the last' }) },
  { additionalProperties: false },
);

export const ImportGridsResult = Type.Object({ created: Type.Integer(), items: Type.Array(GridSummary) }, { additionalProperties: false });

export type CreateGridInput = Static<typeof CreateGridBody>;
export type RenameGridInput = Static<typeof RenameGridBody>;
export type RetireGridInput = Static<typeof RetireGridBody>;
export type ListGridsInput = Static<typeof ListGridsQuery>;
export type GridSummaryDto = Static<typeof GridSummary>;
export type GridDetailDto = Static<typeof GridDetail>;
export type GridPageDto = Static<typeof GridPage>;

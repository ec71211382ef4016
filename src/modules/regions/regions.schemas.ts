// Request and response schemas of the regions API; they validate, type and document (OpenAPI).
import { type Static, Type } from 'typebox';
import { REGION_CODE_PATTERN, regionLevels } from './region-code.js';

export const RegionCode = Type.String({
  pattern: REGION_CODE_PATTERN,
  description: 'GB/T 2260 region code: 2, 4, 6, 9 or 12 digits (620102 and 620102000000 are the same region)',
  examples: ['620102'],
});

export const RegionLevel = Type.Enum(regionLevels, { description: 'province, city (prefecture), county, township or village (community)' });

export const RegionParams = Type.Object({ code: RegionCode }, { additionalProperties: false });

export const RegionPathItem = Type.Object(
  { code: Type.String(), name: Type.String(), level: RegionLevel },
  { additionalProperties: false },
);

const summaryProperties = {
  code: Type.String({ description: '12-digit code, zero-padded' }),
  name: Type.String(),
  level: RegionLevel,
  parentCode: Type.Union([Type.String(), Type.Null()]),
  childCount: Type.Integer({ minimum: 0 }),
};

export const RegionSummary = Type.Object(summaryProperties, { additionalProperties: false });

export const RegionDetail = Type.Object(
  { ...summaryProperties, path: Type.Array(RegionPathItem, { description: 'ancestors, province first; the region itself is not included' }) },
  { additionalProperties: false },
);

export const RegionChildren = Type.Object({ items: Type.Array(RegionSummary) }, { additionalProperties: false });

export const RegionSearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 50, description: 'part of the name, e.g. 城关' }),
    level: Type.Optional(RegionLevel),
    within: Type.Optional(Type.String({ pattern: REGION_CODE_PATTERN, description: 'only regions in this subtree' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);

export const RegionSearchResult = Type.Object({ items: Type.Array(RegionDetail) }, { additionalProperties: false });

export type RegionSummaryDto = Static<typeof RegionSummary>;
export type RegionDetailDto = Static<typeof RegionDetail>;
export type RegionPathItemDto = Static<typeof RegionPathItem>;
export type RegionSearchQueryDto = Static<typeof RegionSearchQuery>;

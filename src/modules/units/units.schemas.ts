// Request and response schemas of /units.
import { type Static, Type } from 'typebox';
import { REGION_CODE_PATTERN } from '../regions/region-code.js';
import { departmentKinds, socialOrgKinds, unitKinds, unitStatuses } from './units.table.js';

export const UnitName = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
export const RegionCode = Type.String({ pattern: REGION_CODE_PATTERN, description: 'GB/T 2260 code: 2, 4, 6, 9 or 12 digits' });

export const Unit = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum([...unitKinds]),
  departmentKind: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  status: Type.Enum([...unitStatuses]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
});
export type UnitDto = Static<typeof Unit>;

export const UnitList = Type.Object({
  items: Type.Array(Unit),
  /** Pass as `after` for the next page; null on the last page. */
  next: Type.Union([Type.Integer(), Type.Null()]),
});

export const UnitListQuery = Type.Object(
  {
    region: Type.Optional(RegionCode),
    kind: Type.Optional(Type.Enum([...unitKinds])),
    status: Type.Optional(Type.Enum([...unitStatuses])),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    after: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type UnitListQueryDto = Static<typeof UnitListQuery>;

export const UnitParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export const CreateUnitBody = Type.Object(
  {
    kind: Type.Enum([...unitKinds]),
    departmentKind: Type.Optional(Type.Enum([...new Set<string>([...departmentKinds, ...socialOrgKinds])])),
    name: UnitName,
    regionCode: RegionCode,
  },
  { additionalProperties: false },
);
export type CreateUnitDto = Static<typeof CreateUnitBody>;

export const UpdateUnitBody = Type.Object(
  {
    name: Type.Optional(UnitName),
    status: Type.Optional(Type.Enum([...unitStatuses])),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type UpdateUnitDto = Static<typeof UpdateUnitBody>;

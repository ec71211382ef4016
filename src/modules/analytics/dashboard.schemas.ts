// Schemas of the dashboard's reads beyond the summary: rate targets, the overdue ranking of units and
// risk warnings by tier with their comparisons.
import { type Static, Type } from 'typebox';
import { tiers } from '../risk/risk.definitions.js';

const strict = { additionalProperties: false } as const;
const Day = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
const RegionCode = Type.String({ pattern: '^\\d{2}(\\d{2}(\\d{2}(\\d{3}(\\d{3})?)?)?)?$', description: 'GB/T 2260 code (2–12 digits)' });
const Fraction = (description: string) => Type.Number({ minimum: 0, maximum: 1, description });

export const RateTargets = Type.Object(
  {
    responseRate: Fraction('target of the response rate (响应率), a fraction: 0.95 = 95 %'),
    resolutionRate: Fraction('target of the resolution rate (解决率)'),
    satisfactionRate: Fraction('target of the satisfaction rate (满意率)'),
  },
  strict,
);
export type RateTargetsDto = Static<typeof RateTargets>;

export const RateTargetsAnswer = Type.Object(
  { ...RateTargets.properties, isDefault: Type.Boolean({ description: 'true until an admin sets them' }), updatedAt: Type.Union([Type.String(), Type.Null()]) },
  strict,
);

export const OverdueUnitsQuery = Type.Object(
  { region: RegionCode, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })) },
  strict,
);
export type OverdueUnitsQueryDto = Static<typeof OverdueUnitsQuery>;

export const OverdueUnits = Type.Object(
  {
    region: Type.Object({ code: Type.String(), name: Type.String() }, strict),
    asOf: Type.String({ description: 'when the ranking was read: it is the present state, not a period' }),
    items: Type.Array(
      Type.Object(
        {
          unitId: Type.Integer(),
          unitName: Type.String(),
          unitRegionCode: Type.String(),
          overdue: Type.Integer({ description: 'open cases it leads with a passed resolve or acknowledge deadline' }),
          overdueResolve: Type.Integer(),
          overdueAcknowledge: Type.Integer(),
          held: Type.Integer({ description: 'open cases it leads in the region (dispatched to on hold)' }),
        },
        strict,
      ),
    ),
  },
  strict,
);
export type OverdueUnitsDto = Static<typeof OverdueUnits>;

export const WarningsQuery = Type.Object(
  { region: RegionCode, from: Day('first local (UTC+8) day, included'), to: Day('last local day, included') },
  strict,
);
export type WarningsQueryDto = Static<typeof WarningsQuery>;

export const warningMeasureNames = ['raised', 'confirmed', 'overridden', 'deEscalated', 'resolved', 'harmOccurred', 'unfounded', 'stillOpen'] as const;
export type WarningMeasureName = (typeof warningMeasureNames)[number];

const WarningMeasures = Type.Object(Object.fromEntries(warningMeasureNames.map((n) => [n, Type.Integer()])), strict);
const ChangeValue = Type.Object({ absolute: Type.Number(), relative: Type.Union([Type.Number(), Type.Null()]) }, strict);
const WarningChanges = Type.Object(Object.fromEntries(warningMeasureNames.map((n) => [n, ChangeValue])), strict);
const Range = Type.Object({ from: Type.String(), to: Type.String() }, strict);

export const WarningsByTier = Type.Object(
  {
    region: Type.Object({ code: Type.String(), name: Type.String() }, strict),
    periods: Type.Object({ current: Range, previous: Range, lastYear: Range }, strict),
    byTier: Type.Array(
      Type.Object(
        {
          tier: Type.Enum(tiers),
          current: WarningMeasures,
          previous: WarningMeasures,
          lastYear: WarningMeasures,
          change: Type.Object({ vsPrevious: WarningChanges, vsLastYear: WarningChanges }, strict),
          openNow: Type.Integer({ description: 'warnings of this tier open now, whenever raised' }),
          overdueAcknowledgementsNow: Type.Integer(),
        },
        strict,
      ),
      { description: 'warnings raised in the period by their initial tier (definitions: docs/risk-warnings.md)' },
    ),
  },
  strict,
);
export type WarningsByTierDto = Static<typeof WarningsByTier>;

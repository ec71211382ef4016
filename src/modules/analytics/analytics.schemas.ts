// Request and response schemas of the analytics API (they validate, type and document).
import { type Static, type TSchema, Type } from 'typebox';
import { countNames, derivedNames } from './summary-measures.js';

const strict = { additionalProperties: false } as const;
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Day = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });

export const summaryGroupings = ['none', 'category', 'channel', 'region', 'day'] as const;

export const SummaryQuery = Type.Object(
  {
    region: Type.String({ pattern: '^\\d{2}(\\d{2}(\\d{2}(\\d{3}(\\d{3})?)?)?)?$', description: 'GB/T 2260 code of a province, city, county or township (2–12 digits)' }),
    from: Day('first local (UTC+8) day of the period, included'),
    to: Day('last local day of the period, included; at most three years after from'),
    groupBy: Type.Optional(Type.Enum(summaryGroupings, { default: 'none', description: 'break the totals down by level-1 category, channel, child region or day' })),
  },
  strict,
);
export type SummaryQueryDto = Static<typeof SummaryQuery>;

const Measures = Type.Object(
  {
    ...Object.fromEntries(countNames.map((name) => [name, Type.Integer()])),
    ...Object.fromEntries(derivedNames.map((name) => [name, nullable(Type.Number())])),
  },
  { ...strict, description: 'definitions: docs/metrics.md; rates are fractions, null when their denominator is 0' },
);

const ChangeValue = Type.Object({ absolute: nullable(Type.Number()), relative: nullable(Type.Number()) }, strict);
const Changes = Type.Object(Object.fromEntries([...countNames, ...derivedNames].map((name) => [name, ChangeValue])), strict);

const Range = Type.Object({ from: Type.String(), to: Type.String() }, strict);

export const SummaryGroup = Type.Object(
  {
    key: Type.String({ description: "'*' for the totals; else the category, channel, region code or day" }),
    label: nullable(Type.String()),
    current: Measures,
    previous: Measures,
    lastYear: Measures,
    change: Type.Object({ vsPrevious: Changes, vsLastYear: Changes }, strict),
  },
  strict,
);
export type SummaryGroupDto = Static<typeof SummaryGroup>;

export const Summary = Type.Object(
  {
    region: Type.Object({ code: Type.String(), name: Type.String(), level: Type.Integer() }, strict),
    groupBy: Type.Enum(summaryGroupings),
    periods: Type.Object({ current: Range, previous: Range, lastYear: Range }, strict),
    totals: SummaryGroup,
    groups: Type.Array(SummaryGroup, { description: 'empty when groupBy is none' }),
  },
  strict,
);
export type SummaryDto = Static<typeof Summary>;

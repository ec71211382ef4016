// Request and response schemas of the calendar and SLA policy admin API. The calendar year body is
// exactly the format of data/calendar/<year>.json (docs/business-calendar.md).
import { type TSchema, Type } from 'typebox';
import { casePriorities } from '../cases/workflow.js';

const strict = { additionalProperties: false } as const;
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const YearParams = Type.Object({ year: Type.Integer({ minimum: 1970, maximum: 2199 }) }, strict);

export const CalendarDay = Type.Object(
  {
    kind: Type.Enum(['holiday', 'workday'], { description: 'holiday: a weekday off; workday: a weekend day worked (调休)' }),
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  strict,
);

export const CalendarYear = Type.Object(
  {
    year: Type.Integer({ minimum: 1970, maximum: 2199 }),
    source: Type.Optional(Type.String({ maxLength: 1000, description: 'where the dates come from (the State Council notice)' })),
    days: Type.Record(Type.String(), CalendarDay, { maxProperties: 366, description: 'exceptions to "Monday to Friday work", keyed by local date YYYY-MM-DD' }),
  },
  strict,
);

const HhMm = Type.String({ pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$', description: 'local time HH:MM (24:00 ends the day)' });

export const WorkHours = Type.Object(
  {
    offsetMinutes: Type.Integer({ minimum: -720, maximum: 840, description: 'minutes east of UTC of the local time (China: 480)' }),
    periods: Type.Array(Type.Tuple([HhMm, HhMm]), { minItems: 1, maxItems: 12, description: 'working periods of a working day, [start, end), not overlapping' }),
  },
  strict,
);

export const SlaPolicyBody = Type.Object(
  {
    categoryCode: nullable(Type.String({ pattern: '^\\d{2}(\\d{2})?$', description: 'level-1 or level-2 category; null for the default of a priority' })),
    priority: Type.Enum(casePriorities),
    ackMinutes: Type.Integer({ minimum: 1, maximum: 527_040, description: 'acknowledge within (working minutes unless wallClock)' }),
    resolveMinutes: Type.Integer({ minimum: 1, maximum: 527_040, description: 'resolve within, counted from intake' }),
    wallClock: Type.Boolean({ description: 'count plain minutes instead of working minutes (urgent matters)' }),
  },
  strict,
);

export const SlaPolicyDto = Type.Object({
  id: Type.Integer(),
  categoryCode: nullable(Type.String()),
  priority: Type.String(),
  ackMinutes: Type.Integer(),
  resolveMinutes: Type.Integer(),
  wallClock: Type.Boolean(),
  updatedAt: Type.String(),
});

export const SlaPolicyList = Type.Object({ items: Type.Array(SlaPolicyDto) });

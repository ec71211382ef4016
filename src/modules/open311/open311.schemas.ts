// Request schemas of the GeoReport v2 endpoints. Parameter names are the standard's (snake_case).
// Form posts arrive as text, so numbers are also accepted as numeric strings; an empty form field
// counts as absent. Unknown parameters are rejected, naming them.
import { type Static, Type } from 'typebox';
import { datums } from '../geo/gcj02.js';

const strict = { additionalProperties: false } as const;
const Str = (max: number, description?: string) => Type.String({ maxLength: max, ...(description ? { description } : {}) });
const Numeric = (description: string) =>
  Type.Union([Type.Number(), Type.String({ pattern: '^(-?\\d{1,3}(\\.\\d+)?)?$' })], { description });

export const Jurisdiction = Str(50, 'optional; when sent it must name this jurisdiction (see discovery)');

export const JurisdictionQuery = Type.Object({ jurisdiction_id: Type.Optional(Jurisdiction) }, strict);

export const ServiceParams = Type.Object({ service_code: Type.String({ pattern: '^[A-Za-z0-9_-]{1,20}$' }) }, strict);
export const RequestParams = Type.Object({ service_request_id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' }) }, strict);
export const TokenParams = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' }) }, strict);

const AttributeValue = Type.Union([Str(2000), Type.Array(Str(200), { maxItems: 50 })]);
export const ATTRIBUTE_FIELD = /^attribute\[([A-Za-z0-9_]{1,40})\](\[\])?$/;

export const CreateRequestBody = Type.Object(
  {
    api_key: Type.String({ minLength: 1, maxLength: 200, description: 'an API token (POST /api/v1/auth/tokens)' }),
    jurisdiction_id: Type.Optional(Jurisdiction),
    service_code: Type.String({ minLength: 1, maxLength: 20 }),
    lat: Type.Optional(Numeric('WGS84 latitude (or GCJ-02 with coordinate_system=gcj02)')),
    long: Type.Optional(Numeric('WGS84 longitude')),
    address_string: Type.Optional(Str(300)),
    address_id: Type.Optional(Str(20, 'a 6-, 9- or 12-digit region code: exact placement')),
    email: Type.Optional(Str(200, 'not stored: Pingan keeps no e-mail addresses')),
    device_id: Type.Optional(Str(200)),
    account_id: Type.Optional(Str(200)),
    first_name: Type.Optional(Str(50)),
    last_name: Type.Optional(Str(50)),
    phone: Type.Optional(Type.String({ pattern: '^(\\+?[0-9][0-9 -]{4,19})?$' })),
    description: Type.Optional(Str(4000)),
    media_url: Type.Optional(Str(1000)),
    attribute: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z0-9_]{1,40}$' }), AttributeValue)),
    coordinate_system: Type.Optional(Type.Union([Type.Enum(datums), Type.Literal('')], { description: 'extension: gcj02 when lat/long come from a Chinese map app' })),
  },
  { ...strict, patternProperties: { [ATTRIBUTE_FIELD.source]: AttributeValue } },
);
export type CreateRequestInput = Static<typeof CreateRequestBody> & Record<string, unknown>;

const DateParam = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,6})?)?(Z|[+-]\\d{2}:?\\d{2}))?$', description: 'W3C date-time, or a date (midnight China time)' });

export const RequestsQuery = Type.Object(
  {
    jurisdiction_id: Type.Optional(Jurisdiction),
    api_key: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'optional: shows the full text of the cases the key may see' })),
    service_request_id: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}(,[A-Za-z0-9_-]{1,40}){0,199}$', description: 'comma-separated; overrides every other filter' })),
    service_code: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,20}(,[A-Za-z0-9_-]{1,20}){0,99}$' })),
    start_date: Type.Optional(DateParam),
    end_date: Type.Optional(DateParam),
    status: Type.Optional(Type.String({ pattern: '^(open|closed)(,(open|closed))?$' })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
    page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1000 })),
  },
  strict,
);
export type RequestsQueryInput = Static<typeof RequestsQuery>;

export const SingleRequestQuery = Type.Object(
  { jurisdiction_id: Type.Optional(Jurisdiction), api_key: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
  strict,
);

export const UpdatesQuery = Type.Object(
  {
    jurisdiction_id: Type.Optional(Jurisdiction),
    start_date: Type.Optional(DateParam),
    end_date: Type.Optional(DateParam),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
    page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1000 })),
  },
  strict,
);
export type UpdatesQueryInput = Static<typeof UpdatesQuery>;

// Request and response schemas of the inbound webhook and its sources; they validate, type and
// document (OpenAPI).
import { type Static, Type } from 'typebox';
import { Party, Phone } from '../cases/cases.schemas.js';
import { casePriorities, caseKinds } from '../cases/workflow.js';
import { datums } from '../geo/gcj02.js';

const strict = { additionalProperties: false } as const;
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });

export const inboundChannels = ['sensor', 'referral'] as const;
export const CategoryCode = Type.String({ pattern: '^\\d{2}(\\d{2})?$', description: 'level-1 or level-2 category code (GET /categories)' });
export const PlaceCode = Type.String({ pattern: '^\\d{6}(\\d{3}(\\d{3})?)?$', description: 'a county (6), township (9) or village (12 digits) code' });

export const CreateSourceBody = Type.Object(
  {
    name: Text(100),
    channel: Type.Enum(inboundChannels, { description: 'sensor: an alarm device; referral: a partner system (court, police, another platform)' }),
    defaultRegionCode: Type.Optional(PlaceCode),
    defaultCategoryCode: Type.Optional(CategoryCode),
    unitId: Type.Optional(Type.Integer({ minimum: 1, description: 'the unit that runs the device or system' })),
  },
  strict,
);
export type CreateSourceInput = Static<typeof CreateSourceBody>;

export const Source = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    channel: Type.String(),
    defaultRegionCode: Type.Union([Type.String(), Type.Null()]),
    defaultCategoryCode: Type.Union([Type.String(), Type.Null()]),
    unitId: Type.Union([Type.Integer(), Type.Null()]),
    status: Type.String(),
    endpoint: Type.String({ description: 'where the source posts its events' }),
    createdAt: Type.String(),
    revokedAt: Type.Union([Type.String(), Type.Null()]),
    lastEventAt: Type.Union([Type.String(), Type.Null()]),
  },
  strict,
);
export type SourceDto = Static<typeof Source>;
export const CreatedSource = Type.Object({ ...Source.properties, secret: Type.String({ description: 'the HMAC secret; shown only in this response' }) }, strict);
export const SourceList = Type.Object({ items: Type.Array(Source) }, strict);
export const SourceParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, strict);
export const EventParams = Type.Object({ sourceId: Type.Integer({ minimum: 1 }) }, strict);

export const SignatureHeaders = Type.Object(
  {
    'x-pingan-signature': Type.Optional(Type.String({ description: 'sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" under the source secret>' })),
    'x-pingan-timestamp': Type.Optional(Type.String({ description: 'Unix time in seconds; must be within 5 minutes of the server clock' })),
  },
  { additionalProperties: true },
);

export const EventBody = Type.Object(
  {
    eventId: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$', description: 'the sender\'s id of the event; a repeat creates nothing' }),
    kind: Type.Optional(Type.Enum(caseKinds)),
    categoryCode: Type.Optional(CategoryCode),
    regionCode: Type.Optional(PlaceCode),
    location: Type.Optional(
      Type.Object(
        {
          lat: Type.Number({ minimum: -90, maximum: 90 }),
          lng: Type.Number({ minimum: -180, maximum: 180 }),
          datum: Type.Optional(Type.Enum(datums, { description: 'gcj02 for positions from Chinese map apps; default wgs84 (GPS)' })),
        },
        strict,
      ),
    ),
    title: Text(200),
    description: Text(4000),
    occurredAt: Type.String({ format: 'date-time' }),
    address: Type.Optional(Text(300)),
    priority: Type.Optional(Type.Enum(casePriorities)),
    reporter: Type.Optional(Type.Object({ name: Type.Optional(Text(50)), phone: Type.Optional(Phone) }, strict)),
    parties: Type.Optional(Type.Array(Party, { maxItems: 20, description: 'for disputes: two or more' })),
  },
  strict,
);
export type EventInput = Static<typeof EventBody>;

export const EventResult = Type.Object(
  {
    caseId: Type.Integer(),
    trackingCode: Type.String(),
    status: Type.String(),
    ownerUnitId: Type.Integer(),
    replayed: Type.Boolean({ description: 'true when this eventId was already taken in: nothing new was created' }),
  },
  strict,
);

// Request and response schemas of /webhooks; they validate, type and document (OpenAPI).
import { type Static, Type } from 'typebox';
import { REGION_CODE_PATTERN } from '../regions/region-code.js';

export const subscriptionStatuses = ['active', 'paused'] as const;
export const deliveryStatuses = ['pending', 'delivered', 'failed', 'dead'] as const;

const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
const Url = Type.String({ minLength: 1, maxLength: 2000, description: 'http or https URL of the receiver; no user:password, no #fragment' });
const Topics = Type.Union([Type.Literal('*'), Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 50 })], {
  description: '"*" for every event, or topics such as case.accept, or families such as case.*',
});
const RegionCode = Type.String({ pattern: REGION_CODE_PATTERN, description: 'only events of cases in this region subtree are sent' });

export const Subscription = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  url: Type.String(),
  topics: Type.Array(Type.String()),
  regionCode: Type.String(),
  unitId: Type.Integer(),
  status: Type.Enum([...subscriptionStatuses]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
});
export type SubscriptionDto = Static<typeof Subscription>;

export const CreatedSubscription = Type.Object({
  ...Subscription.properties,
  secret: Type.String({ description: 'the signing secret; shown only in this response' }),
});
export type CreatedSubscriptionDto = Static<typeof CreatedSubscription>;

export const SubscriptionList = Type.Object({ items: Type.Array(Subscription), next: Type.Union([Type.Integer(), Type.Null()]) });

export const CreateSubscriptionBody = Type.Object(
  {
    name: Name,
    url: Url,
    topics: Topics,
    regionCode: RegionCode,
    unitId: Type.Optional(Type.Integer({ minimum: 1, description: 'owning unit; defaults to your centre over regionCode' })),
    status: Type.Optional(Type.Enum([...subscriptionStatuses])),
  },
  { additionalProperties: false },
);
export type CreateSubscriptionInput = Static<typeof CreateSubscriptionBody>;

export const UpdateSubscriptionBody = Type.Object(
  {
    name: Type.Optional(Name),
    url: Type.Optional(Url),
    topics: Type.Optional(Topics),
    regionCode: Type.Optional(RegionCode),
    status: Type.Optional(Type.Enum([...subscriptionStatuses])),
    rotateSecret: Type.Optional(Type.Boolean({ description: 'issue a new secret (returned once in this response)' })),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type UpdateSubscriptionInput = Static<typeof UpdateSubscriptionBody>;

export const UpdatedSubscription = Type.Object({
  ...Subscription.properties,
  secret: Type.Optional(Type.String({ description: 'present only when rotateSecret was asked for' })),
});

export const SubscriptionParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export const DeliveryParams = Type.Object({ id: Type.Integer({ minimum: 1 }), deliveryId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export const ListQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })), after: Type.Optional(Type.Integer({ minimum: 0 })) },
  { additionalProperties: false },
);
export type ListQueryInput = Static<typeof ListQuery>;

export const DeliveriesQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum([...deliveryStatuses])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'newest first; pass `next` for the following page' })),
  },
  { additionalProperties: false },
);
export type DeliveriesQueryInput = Static<typeof DeliveriesQuery>;

const NullableString = Type.Union([Type.String(), Type.Null()]);

export const Delivery = Type.Object({
  id: Type.Integer(),
  subscriptionId: Type.Integer(),
  outboxId: Type.Integer(),
  topic: Type.String(),
  attempt: Type.Integer({ description: 'attempts made so far' }),
  status: Type.Enum([...deliveryStatuses]),
  nextAttemptAt: NullableString,
  lastAttemptAt: NullableString,
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
  lastError: NullableString,
  deliveredAt: NullableString,
  createdAt: Type.String(),
});
export type DeliveryDto = Static<typeof Delivery>;

export const DeliveryList = Type.Object({ items: Type.Array(Delivery), next: Type.Union([Type.Integer(), Type.Null()]) });

export const TestResult = Type.Object({
  delivered: Type.Boolean(),
  statusCode: Type.Union([Type.Integer(), Type.Null()]),
  error: NullableString,
});

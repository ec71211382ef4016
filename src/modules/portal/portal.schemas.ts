// Request and response schemas of the public resident API (/api/v1/public/…).
import { type Static, type TSchema, Type } from 'typebox';
import { Phone } from '../cases/cases.schemas.js';
import { RegionDetail } from '../regions/regions.schemas.js';
import { caseStatuses, satisfactionLevels } from '../cases/workflow.js';

const strict = { additionalProperties: false } as const;
const Text = (max: number, description?: string) => Type.String({ minLength: 1, maxLength: max, ...(description ? { description } : {}) });
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const TrackingCode = Type.String({ pattern: '^[A-Za-z0-9]{6,32}$', description: 'the tracking code given at submission, e.g. GS2611270001' });
export const PhoneLast4 = Type.String({ pattern: '^\\d{4}$', description: 'the last 4 digits of the phone number given with the report' });
/** A photo's token from POST /public/uploads. */
export const UploadToken = Type.String({ pattern: '^[A-Za-z0-9_-]{20,64}$' });
export const MAX_PHOTOS = 6;

export const IdempotencyHeaders = Type.Object(
  { 'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$', description: 'a random key per report; a retry with the same key and body creates nothing new' })) },
  { additionalProperties: true },
);

export const PublicCaseBody = Type.Object(
  {
    categoryCode: Type.String({ pattern: '^\\d{2}(\\d{2})?$', description: 'a leaf of GET /public/categories' }),
    regionCode: Type.String({ pattern: '^\\d{12}$', description: 'the village or community, 12 digits' }),
    title: Type.Optional(Text(100, 'a short headline; the start of the description when absent')),
    description: Text(2000),
    address: Type.Optional(Text(200, 'street, building, landmark')),
    location: Type.Optional(Type.Object({ lat: Type.Number({ minimum: -90, maximum: 90 }), lng: Type.Number({ minimum: -180, maximum: 180 }) }, { ...strict, description: 'WGS84 (a phone’s GPS); kept only with shareLocation' })),
    shareLocation: Type.Optional(Type.Boolean({ default: false, description: 'keep the location and the photos’ GPS metadata' })),
    anonymous: Type.Boolean({ description: 'true: no contact details (the case can then be checked by its code alone, status only)' }),
    reporter: Type.Optional(Type.Object({ name: Type.Optional(Text(50)), phone: Phone }, { ...strict, description: 'required unless anonymous' })),
    otherParty: Type.Optional(Type.Object({ name: Text(50) }, { ...strict, description: 'for a dispute: who it is with' })),
    photos: Type.Optional(Type.Array(UploadToken, { maxItems: MAX_PHOTOS, description: 'tokens from POST /public/uploads' })),
    consent: Type.Boolean({ description: 'the resident accepted the privacy notice; must be true' }),
  },
  strict,
);
export type PublicCaseInput = Static<typeof PublicCaseBody>;

export const ProxyErrandBody = Type.Object(
  {
    regionCode: Type.String({ pattern: '^\\d{12}$', description: 'where the resident lives (village or community)' }),
    categoryCode: Type.Optional(Type.String({ pattern: '^\\d{2}(\\d{2})?$', description: 'default 1602 办事指南' })),
    description: Text(2000, 'the errand: what to apply for, fetch or hand in'),
    address: Type.Optional(Text(200)),
    name: Text(50),
    phone: Phone,
    consent: Type.Boolean({ description: 'the privacy notice; must be true' }),
    authorize: Type.Boolean({ description: 'the resident authorises the centre to act for them (委托授权); must be true' }),
  },
  strict,
);
export type ProxyErrandInput = Static<typeof ProxyErrandBody>;

export const Submitted = Type.Object({ trackingCode: Type.String() }, strict);

export const TrackParams = Type.Object({ trackingCode: TrackingCode }, strict);
export const TrackQuery = Type.Object({ phoneLast4: Type.Optional(PhoneLast4) }, strict);

export const FeedbackBody = Type.Object(
  {
    phoneLast4: Type.Optional(PhoneLast4),
    satisfaction: Type.Enum(satisfactionLevels),
    fixed: Type.Boolean({ description: 'false reopens the case (with satisfaction unsatisfied)' }),
    comment: Type.Optional(Text(500)),
  },
  strict,
);
export type FeedbackInput = Static<typeof FeedbackBody>;

export const TimelineItem = Type.Object(
  {
    at: Type.String(),
    action: Type.String({ description: 'submit, accept, dispatch, …: the UI words it' }),
    status: Type.Enum(caseStatuses),
    unitName: nullable(Type.String({ description: 'the unit the case went to (dispatch, transfer, escalation)' })),
    code: nullable(Type.String({ description: 'the result of a resolution, the rating of a follow-up' })),
    note: nullable(Type.String({ description: 'the result text of a resolution, the reason of a rejection' })),
  },
  strict,
);

export const PublicCaseView = Type.Object(
  {
    trackingCode: Type.String(),
    verified: Type.Boolean({ description: 'false: a case without a phone to check, shown by status only' }),
    status: Type.Enum(caseStatuses),
    submittedAt: nullable(Type.String()),
    updatedAt: nullable(Type.String()),
    title: nullable(Type.String({ description: 'as the resident wrote it (plain text, never markup)' })),
    kind: nullable(Type.String()),
    category: nullable(Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() }, strict)),
    responsibleUnit: nullable(Type.String({ description: 'the lead unit; the centre sorting it out while there is none' })),
    dueAt: nullable(Type.String({ description: 'the resolve deadline the staff work to (after dispatch)' })),
    result: nullable(Type.Object({ code: Type.String(), text: nullable(Type.String()), resolvedAt: Type.String() }, strict)),
    satisfaction: nullable(Type.String()),
    feedbackOpen: Type.Boolean({ description: 'the resident may rate the result now' }),
    timeline: Type.Array(TimelineItem),
  },
  strict,
);
export type PublicCaseViewDto = Static<typeof PublicCaseView>;

export const MyCases = Type.Object(
  {
    phone: Type.String({ description: 'masked' }),
    items: Type.Array(
      Type.Object(
        {
          trackingCode: Type.String(),
          title: Type.String(),
          kind: Type.String(),
          status: Type.Enum(caseStatuses),
          category: nullable(Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() }, strict)),
          submittedAt: Type.String(),
          updatedAt: Type.String(),
          feedbackOpen: Type.Boolean(),
        },
        strict,
      ),
    ),
  },
  strict,
);

export const SendCodeBody = Type.Object({ phone: Phone }, strict);
export const CodeSent = Type.Object({ expiresInSeconds: Type.Integer(), resendAfterSeconds: Type.Integer() }, strict);
export const VerifyCodeBody = Type.Object({ phone: Phone, code: Type.String({ pattern: '^\\d{6}$', description: 'the 6 digits sent by SMS' }) }, strict);
export const ResidentMe = Type.Object({ phone: Type.String({ description: 'masked' }), expiresAt: Type.String() }, strict);

export const UploadedPhoto = Type.Object(
  {
    token: Type.String({ description: 'send it in photos[] of the report; valid for 24 hours' }),
    mime: Type.String(),
    size: Type.Integer(),
    fileName: Type.String(),
    locationRemoved: Type.Boolean(),
    expiresAt: Type.String(),
  },
  strict,
);

const categoryProperties = {
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  keywords: Type.String(),
  kind: nullable(Type.String({ description: 'the kind a report under it becomes (dispute: the form asks who it is with)' })),
};
export const PublicCategories = Type.Object(
  { items: Type.Array(Type.Object({ ...categoryProperties, children: Type.Array(Type.Object(categoryProperties, strict)) }, strict)) },
  strict,
);

export const LocateQuery = Type.Object({ lat: Type.Number({ minimum: -90, maximum: 90 }), lng: Type.Number({ minimum: -180, maximum: 180 }) }, strict);

export const DevInbox = Type.Object({ items: Type.Array(Type.Object({ to: Type.String(), text: Type.String(), at: Type.String() }, strict)) }, strict);

export const PortalInfo = Type.Object({ province: RegionDetail, devSmsInbox: Type.Boolean() }, strict);

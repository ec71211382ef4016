// Request and response schemas of appointments at one-stop centres: the windows a centre publishes
// (staff), booking and cancelling (public), the day's list and check-in (staff).
import { type Static, Type } from 'typebox';
import { IdNumber, Party, Phone } from '../cases/cases.schemas.js';
import { caseKinds } from '../cases/workflow.js';

const strict = { additionalProperties: false } as const;
const Text = (max: number, description?: string) => Type.String({ minLength: 1, maxLength: max, ...(description ? { description } : {}) });

export const halfDays = ['morning', 'afternoon'] as const;
export type HalfDay = (typeof halfDays)[number];
export const HalfDaySchema = Type.Enum(halfDays, { description: 'morning (上午) or afternoon (下午)' });
export const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a date in China time, YYYY-MM-DD' });
const Clock = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM' });

export const CenterParams = Type.Object({ unitId: Type.Integer({ minimum: 1 }) }, strict);
export const AppointmentParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, strict);
export const BookingCodeParams = Type.Object({ code: Type.String({ pattern: '^[A-Za-z0-9-]{8,9}$', description: 'the booking code, e.g. K7Q2-M9XA' }) }, strict);
export const RangeQuery = Type.Object({ from: Type.Optional(Day), to: Type.Optional(Day) }, strict);
export const DayQuery = Type.Object({ day: Type.Optional(Day) }, strict);

export const WindowInput = Type.Object(
  {
    day: Day,
    halfDay: HalfDaySchema,
    capacity: Type.Integer({ minimum: 0, maximum: 500, description: 'places; 0 closes the window to new bookings' }),
    startsAt: Type.Optional(Clock),
    endsAt: Type.Optional(Clock),
    status: Type.Optional(Type.Enum(['open', 'closed'])),
  },
  strict,
);
export const PutWindowsBody = Type.Object({ items: Type.Array(WindowInput, { minItems: 1, maxItems: 62 }) }, strict);
export type WindowInputDto = Static<typeof WindowInput>;

export const WindowDto = Type.Object(
  {
    id: Type.Integer(),
    centerId: Type.Integer(),
    day: Type.String(),
    halfDay: HalfDaySchema,
    startsAt: Type.String(),
    endsAt: Type.String(),
    capacity: Type.Integer(),
    booked: Type.Integer(),
    remaining: Type.Integer(),
    status: Type.String(),
  },
  strict,
);
export const WindowList = Type.Object({ items: Type.Array(WindowDto) }, strict);

export const PublicWindow = Type.Object(
  { day: Type.String(), halfDay: HalfDaySchema, startsAt: Type.String(), endsAt: Type.String(), remaining: Type.Integer() },
  strict,
);
export const PublicWindowList = Type.Object({ centerId: Type.Integer(), centerName: Type.String(), items: Type.Array(PublicWindow) }, strict);

export const CentersQuery = Type.Object({ regionCode: Type.String({ pattern: '^\\d{6}(\\d{3}(\\d{3})?)?$', description: 'the resident’s county, township or village' }) }, strict);
export const PublicCenters = Type.Object(
  { items: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), regionCode: Type.String(), openPlaces: Type.Integer() }, strict)) },
  strict,
);

export const BookBody = Type.Object(
  {
    centerId: Type.Integer({ minimum: 1 }),
    day: Day,
    halfDay: HalfDaySchema,
    name: Text(50),
    phone: Phone,
    purpose: Text(500, 'what the visit is about'),
    regionCode: Type.Optional(Type.String({ pattern: '^\\d{12}$', description: 'where the resident lives (village), if they say' })),
    consent: Type.Boolean({ description: 'the privacy notice; must be true' }),
  },
  strict,
);
export type BookInput = Static<typeof BookBody>;

export const Booking = Type.Object(
  {
    code: Type.String({ description: 'show it at the window; with the phone it cancels the booking' }),
    centerId: Type.Integer(),
    centerName: Type.String(),
    day: Type.String(),
    halfDay: HalfDaySchema,
    startsAt: Type.String(),
    endsAt: Type.String(),
    status: Type.String(),
  },
  strict,
);

export const CancelBody = Type.Object({ phone: Phone }, strict);

export const StaffAppointment = Type.Object(
  {
    id: Type.Integer(),
    code: Type.String(),
    day: Type.String(),
    halfDay: HalfDaySchema,
    name: Type.String({ description: 'masked' }),
    phone: Type.String({ description: 'masked' }),
    purpose: Type.String(),
    regionCode: Type.Union([Type.String(), Type.Null()]),
    status: Type.String(),
    createdAt: Type.String(),
    checkedInAt: Type.Union([Type.String(), Type.Null()]),
    caseId: Type.Union([Type.Integer(), Type.Null()]),
    trackingCode: Type.Union([Type.String(), Type.Null()]),
  },
  strict,
);
export const StaffAppointmentList = Type.Object({ day: Type.String(), items: Type.Array(StaffAppointment) }, strict);

export const CheckInBody = Type.Object(
  {
    categoryCode: Type.String({ pattern: '^\\d{2}(\\d{2})?$' }),
    kind: Type.Optional(Type.Enum(caseKinds, { description: 'default: the category’s' })),
    regionCode: Type.Optional(Type.String({ pattern: '^\\d{12}$', description: 'default: the booking’s village, else the centre’s own region' })),
    title: Type.Optional(Text(200)),
    description: Type.Optional(Text(5000, 'default: the purpose given at booking')),
    idNumber: Type.Optional(IdNumber),
    parties: Type.Optional(Type.Array(Party, { maxItems: 20 })),
  },
  strict,
);
export type CheckInInput = Static<typeof CheckInBody>;

export const CheckedIn = Type.Object(
  { appointment: StaffAppointment, case: Type.Object({ id: Type.Integer(), trackingCode: Type.String(), status: Type.String() }, strict) },
  strict,
);

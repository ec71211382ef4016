// Appointments at one-stop centres. Staff (/api/v1/appointment-centers/…, /api/v1/appointments/…):
// the centre's operators and head publish windows, read the day's list and check people in.
// Public (/api/v1/public/…): residents find a centre with places, book, and cancel; rate limited
// per IP and per phone like the rest of the portal.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { requireActor } from '../../plugins/auth.plugin.js';
import type { ApiModule } from '../index.js';
import { LIMITS, registerPublicLimiter } from '../../plugins/rate-limits.js';
import {
  AppointmentParams,
  BookBody,
  Booking,
  BookingCodeParams,
  CancelBody,
  CenterParams,
  CentersQuery,
  CheckInBody,
  CheckedIn,
  DayQuery,
  PublicCenters,
  PublicWindowList,
  PutWindowsBody,
  RangeQuery,
  StaffAppointmentList,
  WindowList,
} from './appointments.schemas.js';
import * as appointments from './appointments.service.js';

export const appointmentsRoutes: ApiModule = async (instance, { ctx }) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['appointments'];
  const staff = { roles: appointments.CENTER_STAFF };

  app.get(
    '/appointment-centers/:unitId/windows',
    { config: staff, schema: { tags, summary: 'The windows a centre published (default: from today, a month)', params: CenterParams, querystring: RangeQuery, response: { 200: WindowList } } },
    async (request) => appointments.listWindows(ctx, requireActor(request), request.params.unitId, request.query),
  );
  app.put(
    '/appointment-centers/:unitId/windows',
    { config: staff, schema: { tags, summary: 'Publish or change windows: places per date and half-day (never below the places booked)', params: CenterParams, body: PutWindowsBody, response: { 200: WindowList } } },
    async (request) => appointments.putWindows(ctx, requireActor(request), request.params.unitId, request.body.items, request.ip),
  );
  app.get(
    '/appointment-centers/:unitId/appointments',
    { config: staff, schema: { tags, summary: 'The bookings of a day (default today), names and phones masked', params: CenterParams, querystring: DayQuery, response: { 200: StaffAppointmentList } } },
    async (request) => appointments.listDay(ctx, requireActor(request), request.params.unitId, request.query.day),
  );
  app.post(
    '/appointments/:id/check-in',
    { config: staff, schema: { tags, summary: 'Check a resident in: takes the visit in as a walk_in case pre-filled from the booking', params: AppointmentParams, body: CheckInBody, response: { 200: CheckedIn, 201: CheckedIn } } },
    async (request, reply) => {
      const result = await appointments.checkInAppointment(ctx, requireActor(request), request.params.id, request.body, request.ip);
      return reply.status(201).send(result);
    },
  );

  // ---- public --------------------------------------------------------------------------------
  const limiter = await registerPublicLimiter(instance, ctx.config.dataKey);
  const PUBLIC = { auth: 'public' as const };
  const security: never[] = [];
  const read = limiter.guard(LIMITS.read);
  const phoneOf = (request: FastifyRequest) => {
    const phone = (request.body as { phone?: unknown } | undefined)?.phone;
    return typeof phone === 'string' ? phone : undefined;
  };

  app.get(
    '/public/appointment-centers',
    { config: PUBLIC, preHandler: read, schema: { tags, security, summary: 'Centres of the resident’s county with places in the next 30 days (their own township’s first)', querystring: CentersQuery, response: { 200: PublicCenters } } },
    async (request) => appointments.publicCenters(ctx, request.query.regionCode),
  );
  app.get(
    '/public/appointment-centers/:unitId/windows',
    { config: PUBLIC, preHandler: read, schema: { tags, security, summary: 'Windows of a centre with places left', params: CenterParams, querystring: RangeQuery, response: { 200: PublicWindowList } } },
    async (request) => appointments.publicWindows(ctx, request.params.unitId, request.query),
  );
  app.post(
    '/public/appointments',
    { config: PUBLIC, preHandler: limiter.guard(LIMITS.book, phoneOf), schema: { tags, security, summary: 'Book a visit at a centre; answers the booking code', body: BookBody, response: { 201: Booking } } },
    async (request, reply) => reply.status(201).send(await appointments.book(ctx, request.body, request.ip)),
  );
  app.post(
    '/public/appointments/:code/cancel',
    { config: PUBLIC, preHandler: limiter.guard(LIMITS.cancel, phoneOf), schema: { tags, security, summary: 'Cancel a booking with its code and the phone it was made with', params: BookingCodeParams, body: CancelBody } },
    async (request) => appointments.cancel(ctx, request.params.code, request.body.phone, request.ip),
  );
};

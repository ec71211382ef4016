// /api/v1/calendar and /api/v1/sla-policies: the business calendar and deadline policies, for
// admins. Writes are validated (400 naming the field), audited and take effect at once here.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireActor } from '../../plugins/auth.plugin.js';
import type { ApiModule } from '../index.js';
import { getCalendarYear, getWorkHours, listPolicies, replaceCalendarYear, setWorkHours, upsertPolicy } from './sla.admin.js';
import { CalendarYear, SlaPolicyBody, SlaPolicyDto, SlaPolicyList, WorkHours, YearParams } from './sla.schemas.js';

export const slaRoutes: ApiModule = async (instance, { ctx }) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['deadlines'];
  const admin = { roles: ['admin' as const] };

  // The router prefers this static path to /calendar/:year, whatever the order of registration.
  app.get('/calendar/work-hours', { schema: { tags, summary: 'Working periods of a working day', response: { 200: WorkHours } }, config: admin }, async () => getWorkHours(ctx));

  app.put(
    '/calendar/work-hours',
    { schema: { tags, summary: 'Set the working periods (non-overlapping, at least one)', body: WorkHours, response: { 200: WorkHours } }, config: admin },
    async (request) => setWorkHours(ctx, requireActor(request), request.body, request.ip),
  );

  app.get(
    '/calendar/:year',
    { schema: { tags, summary: 'Holidays and make-up working days of a year (the data/calendar/<year>.json format)', params: YearParams, response: { 200: CalendarYear } }, config: admin },
    async (request) => getCalendarYear(ctx, request.params.year),
  );

  app.put(
    '/calendar/:year',
    { schema: { tags, summary: 'Replace the holidays and make-up working days of a year', params: YearParams, body: CalendarYear, response: { 200: CalendarYear } }, config: admin },
    async (request) => replaceCalendarYear(ctx, requireActor(request), request.params.year, request.body, request.ip),
  );

  app.get('/sla-policies', { schema: { tags, summary: 'Deadline policies by category and priority', response: { 200: SlaPolicyList } }, config: admin }, async () => listPolicies(ctx));

  app.put(
    '/sla-policies',
    { schema: { tags, summary: 'Create or replace the policy of one category (or the default) and priority', body: SlaPolicyBody, response: { 200: SlaPolicyDto } }, config: admin },
    async (request) => upsertPolicy(ctx, requireActor(request), request.body, request.ip),
  );
};

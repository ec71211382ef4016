// /api/v1/analytics: the numbers the platform publishes, read from the daily rollups.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireActor } from '../../plugins/auth.plugin.js';
import { type Role, roles } from '../auth/actor.js';
import type { ApiModule } from '../index.js';
import { Summary, SummaryQuery } from './analytics.schemas.js';
import { getSummary } from './analytics.service.js';

/** Every staff role; resident volunteers do not read the dashboards. */
const STAFF_ROLES: Role[] = roles.filter((r) => r !== 'volunteer');

export const analyticsRoutes: ApiModule = async (instance, { ctx }) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['analytics'];

  app.get(
    '/analytics/summary',
    {
      schema: {
        tags,
        summary: 'Counts and rates of a region for a period, against the previous period and last year (definitions: docs/metrics.md)',
        querystring: SummaryQuery,
        response: { 200: Summary },
      },
      config: { roles: STAFF_ROLES },
    },
    async (request) => getSummary(ctx.db, requireActor(request), request.query),
  );
};

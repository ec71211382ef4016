// /api/v1/analytics: the numbers the platform publishes, read from the daily rollups.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireActor } from '../../plugins/auth.plugin.js';
import { type Role, roles } from '../auth/actor.js';
import type { ApiModule } from '../index.js';
import { Summary, SummaryQuery } from './analytics.schemas.js';
import { getSummary } from './analytics.service.js';
import { OverdueUnits, OverdueUnitsQuery, RateTargets, RateTargetsAnswer, WarningsByTier, WarningsQuery } from './dashboard.schemas.js';
import { getOverdueUnits, getTargets, getWarningsByTier, setTargets } from './dashboard.service.js';
import { RISK_READ_ROLES } from '../risk/risk.policy.js';

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

  app.get(
    '/analytics/targets',
    { schema: { tags, summary: 'Targets of the three rates the dashboard compares against (defaults 95 % / 90 % / 90 % until set)', response: { 200: RateTargetsAnswer } }, config: { roles: STAFF_ROLES } },
    async () => getTargets(ctx.db),
  );

  app.put(
    '/analytics/targets',
    { schema: { tags, summary: 'Set the targets of the three rates (fractions 0–1); audited', body: RateTargets, response: { 200: RateTargetsAnswer } }, config: { roles: ['admin'] } },
    async (request) => setTargets(ctx, requireActor(request), request.body, request.ip),
  );

  app.get(
    '/analytics/overdue-units',
    {
      schema: { tags, summary: 'Units leading the most open overdue cases of a region now (cases you may see)', querystring: OverdueUnitsQuery, response: { 200: OverdueUnits } },
      config: { roles: STAFF_ROLES },
    },
    async (request) => getOverdueUnits(ctx.db, requireActor(request), request.query),
  );

  app.get(
    '/analytics/warnings',
    {
      schema: { tags, summary: 'Risk warnings raised in a period by tier, against the previous period and last year, with those open now', querystring: WarningsQuery, response: { 200: WarningsByTier } },
      config: { roles: [...RISK_READ_ROLES, 'analyst'] },
    },
    async (request) => getWarningsByTier(ctx, requireActor(request), request.query),
  );
};

// Every API module, registered under /api/v1 by buildApp. Each is a Fastify plugin taking { ctx }.
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.js';
import { gridsRoutes } from './grids/grids.routes.js';
import { regionsRoutes } from './regions/regions.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { unitsRoutes } from './units/units.routes.js';
import { usersRoutes } from './users/users.routes.js';
import { casesRoutes } from './cases/cases.routes.js';
import { caseListRoutes } from './cases/cases.list.routes.js';
import { attachmentsRoutes } from './attachments/attachments.routes.js';
import { categoriesRoutes } from './categories/categories.routes.js';
import { analyticsRoutes } from './analytics/analytics.routes.js';
import { slaRoutes } from './sla/sla.routes.js';
import { supervisionRoutes } from './supervision/supervision.routes.js';
import { webhooksRoutes } from './webhooks/webhooks.routes.js';
import { eventsRoutes } from './events/events.routes.js';
import { inboundRoutes } from './inbound/inbound.routes.js';
import { mediationRoutes } from './mediation/mediation.routes.js';
import { riskRoutes } from './risk/risk.routes.js';
import { portalRoutes } from './portal/portal.routes.js';
import { appointmentsRoutes } from './appointments/appointments.routes.js';
import { geoRoutes } from './geo/geo.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { workflowRoutes } from './cases/workflow.routes.js';

export type ApiModule = FastifyPluginAsync<{ ctx: AppContext }>;

export const apiModules: ApiModule[] = [regionsRoutes, gridsRoutes, authRoutes, unitsRoutes, usersRoutes, categoriesRoutes, casesRoutes, caseListRoutes, attachmentsRoutes, analyticsRoutes, slaRoutes, supervisionRoutes, webhooksRoutes, eventsRoutes, mediationRoutes, riskRoutes, inboundRoutes, portalRoutes, appointmentsRoutes, geoRoutes, auditRoutes, workflowRoutes];

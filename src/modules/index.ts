// Every API module, registered under /api/v1 by buildApp. Each is a Fastify plugin taking { ctx }.
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.js';
import { regionsRoutes } from './regions/regions.routes.js';

export type ApiModule = FastifyPluginAsync<{ ctx: AppContext }>;

export const apiModules: ApiModule[] = [regionsRoutes];

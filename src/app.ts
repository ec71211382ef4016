// buildApp(ctx): every plugin and module, ready for inject() or listen(). It never listens itself.
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from './context.js';
import { apiModules } from './modules/index.js';
import { open311Routes } from './modules/open311/open311.routes.js';
import { authPlugin } from './plugins/auth.plugin.js';
import { errorsPlugin } from './plugins/errors.plugin.js';
import { metricsPlugin } from './plugins/metrics.plugin.js';
import { installValidators } from './plugins/validation.js';

export interface BuildOptions {
  logger?: FastifyServerOptions['logger'];
}

export async function buildApp(ctx: Omit<AppContext, 'log'>, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: ctx.config.logLevel },
    bodyLimit: ctx.config.bodyLimitBytes,
    trustProxy: ctx.config.trustProxy,
    requestIdHeader: 'x-request-id',
    ajv: { customOptions: { removeAdditional: false } },
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();
  const fullCtx: AppContext = { ...ctx, log: app.log };
  app.decorate('ctx', fullCtx);

  installValidators(app);
  const hasWeb = existsSync(path.join(ctx.config.webRoot, 'index.html'));
  await app.register(errorsPlugin, {
    // Client-side routes of the web app get its index.html; API paths keep their 404 problem.
    notFoundFallback: (request, reply) => {
      const isApi = /^\/(api|open311|metrics|healthz)(\/|$)/.test(request.url);
      return hasWeb && request.method === 'GET' && !isApi ? reply.sendFile('index.html') : undefined;
    },
  });
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Pingan API',
        version: '1',
        description: 'Grassroots governance platform: regions, grids, units, people, cases. Errors are RFC 9457 problem+json.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'pingan_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { auth: 'public' } }, async () => app.swagger());
  await app.register(metricsPlugin);
  await app.register(authPlugin, { ctx: fullCtx });

  app.get('/healthz', { schema: { hide: true }, config: { auth: 'public' } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(ctx.db);
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });

  for (const module of apiModules) {
    await app.register(module, { prefix: '/api/v1', ctx: fullCtx });
  }
  await app.register(open311Routes, { prefix: '/open311/v2', ctx: fullCtx });

  await registerWeb(app, ctx.config.webRoot);
  return app;
}

// The production build of the web app; unmatched GETs fall back to its index.html (errors plugin).
async function registerWeb(app: FastifyInstance, webRoot: string): Promise<void> {
  if (!existsSync(path.join(webRoot, 'index.html'))) {
    app.get('/', { schema: { hide: true }, config: { auth: 'public' } }, async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').send('Pingan API is running. The web app is not built: run `npm run build:web`.'),
    );
    return;
  }
  await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: ['index.html'] });
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}

// GET /api/v1/events/stream: server-sent events of the outbox, filtered to the cases the caller may
// see. `id` is the outbox id (send it back as Last-Event-ID to resume), `event` the topic, `data`
// the JSON payload (ids, statuses, unit ids; never personal data).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../plugins/auth.plugin.js';
import { isAdmin } from '../auth/actor.js';
import { caseScope } from '../cases/cases.policy.js';
import type { ApiModule } from '../index.js';
import { EventHub } from './event-hub.js';

const OutboxId = Type.String({ pattern: '^\\d{1,15}$', description: 'an outbox id: the `id` of the last event received' });

const StreamHeaders = Type.Object({ 'last-event-id': Type.Optional(OutboxId) }, { additionalProperties: true });
const StreamQuery = Type.Object(
  { lastEventId: Type.Optional(OutboxId) },
  { additionalProperties: false, description: 'lastEventId: for clients that cannot set the Last-Event-ID header on the first connect' },
);

export const eventsRoutes: ApiModule = async (instance, { ctx }) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const hub = new EventHub(ctx.db, ctx.log);
  // preClose runs before the server waits for open connections: end the streams there, or closing
  // would wait for them forever.
  app.addHook('preClose', async () => hub.close());
  app.addHook('onClose', async () => hub.close());

  app.get(
    '/events/stream',
    {
      schema: {
        tags: ['events'],
        summary: 'Live case events you may see (text/event-stream; heartbeat every 15 s; resume with Last-Event-ID)',
        headers: StreamHeaders,
        querystring: StreamQuery,
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const raw = request.headers['last-event-id'] ?? request.query.lastEventId;
      const lastEventId = raw === undefined ? undefined : Number(raw);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        // One stream per connection: when it ends, the socket goes too (no idle socket delays shutdown).
        connection: 'close',
        'x-accel-buffering': 'no',
        'x-request-id': String(request.id),
      });
      const credential = { ...(actor.sessionId !== undefined ? { sessionId: actor.sessionId } : {}), ...(actor.tokenId !== undefined ? { tokenId: actor.tokenId } : {}) };
      let disconnect: (() => void) | undefined;
      let gone = false;
      res.on('close', () => {
        gone = true;
        disconnect?.();
      });
      try {
        disconnect = await hub.connect({ scope: caseScope(actor), isAdmin: isAdmin(actor), credential, sink: res }, lastEventId);
        if (gone) disconnect();
      } catch (error) {
        request.log.error({ err: error }, 'event stream failed to start');
        res.end();
      }
    },
  );
};

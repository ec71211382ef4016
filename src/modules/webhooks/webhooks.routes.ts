// /api/v1/webhooks: subscriptions to case events, their deliveries, replays and test pings.
// Admins and centre heads, each within the region subtrees they manage.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { requireActor } from '../../plugins/auth.plugin.js';
import type { ApiModule } from '../index.js';
import { webhookRoles } from './webhooks.policy.js';
import {
  CreateSubscriptionBody,
  CreatedSubscription,
  DeliveriesQuery,
  Delivery,
  DeliveryList,
  DeliveryParams,
  ListQuery,
  Subscription,
  SubscriptionList,
  SubscriptionParams,
  TestResult,
  UpdateSubscriptionBody,
  UpdatedSubscription,
} from './webhooks.schemas.js';
import * as webhooks from './webhooks.service.js';

function callerOf(request: FastifyRequest): webhooks.Caller {
  return { actor: requireActor(request), ip: request.ip };
}

export const webhooksRoutes: ApiModule = async (instance, { ctx }) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['webhooks'];
  const config = { roles: webhookRoles };

  app.post(
    '/webhooks',
    { config, schema: { tags, summary: 'Subscribe a URL to case events of a region subtree; the signing secret is shown once', body: CreateSubscriptionBody, response: { 201: CreatedSubscription } } },
    async (request, reply) => {
      const created = await webhooks.createSubscription(ctx, callerOf(request), request.body);
      return reply.status(201).header('location', `/api/v1/webhooks/${created.id}`).send(created);
    },
  );

  app.get(
    '/webhooks',
    { config, schema: { tags, summary: 'Webhook subscriptions in the regions you manage', querystring: ListQuery, response: { 200: SubscriptionList } } },
    async (request) => webhooks.listSubscriptions(ctx, requireActor(request), request.query),
  );

  app.get(
    '/webhooks/:id',
    { config, schema: { tags, summary: 'A webhook subscription (never its secret)', params: SubscriptionParams, response: { 200: Subscription } } },
    async (request) => webhooks.getSubscription(ctx, requireActor(request), request.params.id),
  );

  app.patch(
    '/webhooks/:id',
    { config, schema: { tags, summary: 'Change, pause, resume or rotate the secret of a subscription (optimistic by version)', params: SubscriptionParams, body: UpdateSubscriptionBody, response: { 200: UpdatedSubscription } } },
    async (request) => webhooks.updateSubscription(ctx, callerOf(request), request.params.id, request.body),
  );

  app.delete(
    '/webhooks/:id',
    { config, schema: { tags, summary: 'Delete a subscription and its delivery history', params: SubscriptionParams, response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      await webhooks.deleteSubscription(ctx, callerOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    { config, schema: { tags, summary: 'Deliveries of a subscription, newest first', params: SubscriptionParams, querystring: DeliveriesQuery, response: { 200: DeliveryList } } },
    async (request) => webhooks.listDeliveries(ctx, requireActor(request), request.params.id, request.query),
  );

  app.post(
    '/webhooks/:id/deliveries/:deliveryId/replay',
    { config, schema: { tags, summary: 'Queue a dead or delivered delivery again', params: DeliveryParams, response: { 202: Delivery } } },
    async (request, reply) => reply.status(202).send(await webhooks.replayDelivery(ctx, callerOf(request), request.params.id, request.params.deliveryId)),
  );

  app.post(
    '/webhooks/:id/test',
    { config, schema: { tags, summary: 'Send a signed ping now and report the answer', params: SubscriptionParams, response: { 200: TestResult } } },
    async (request) => webhooks.testSubscription(ctx, callerOf(request), request.params.id),
  );
};

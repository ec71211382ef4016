// /api/v1/cases (lists and search), /cases/by-phone, /cases/{id}/related and /worklists.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireActor } from '../../plugins/auth.plugin.js';
import type { Role } from '../auth/actor.js';
import type { ApiModule } from '../index.js';
import { findCasesByPhone, findRelatedCases, listCases, listUnitLoad } from './cases.list.js';
import { ByPhonePage, ByPhoneQuery, CaseListPage, ListCasesQuery, RelatedCases, UnitLoadList, UnitLoadQuery, WorklistCounts, WorklistParams } from './cases.list.schemas.js';
import { CaseIdParams } from './cases.schemas.js';
import { countWorklists, listWorklist } from './cases.worklists.js';

/** Staff who take calls or handle cases; a lookup by phone number is not for analysts or volunteers. */
const PHONE_LOOKUP_ROLES: Role[] = ['center_operator', 'center_head', 'township_coordinator', 'department_handler', 'department_head', 'mediator', 'grid_worker', 'supervisor'];

/** Who dispatches (centres) and who watches them (supervisors). */
const DISPATCH_BOARD_ROLES: Role[] = ['center_operator', 'center_head', 'township_coordinator', 'supervisor'];

export const caseListRoutes: ApiModule = async (instance, { ctx }) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['cases'];

  app.get(
    '/cases',
    {
      schema: {
        tags,
        summary: 'Cases in your scope, filtered and searched, newest first (keyset pages); rows carry no personal data',
        querystring: ListCasesQuery,
        response: { 200: CaseListPage },
      },
    },
    async (request) => listCases(ctx, requireActor(request), request.query),
  );

  app.get(
    '/cases/by-phone',
    {
      schema: {
        tags,
        summary: "A caller's earlier cases in your scope, by the reporter's or a party's phone number (audited)",
        querystring: ByPhoneQuery,
        response: { 200: ByPhonePage },
      },
      config: { roles: PHONE_LOOKUP_ROLES },
    },
    async (request) => findCasesByPhone(ctx, requireActor(request), request.query, request.ip),
  );

  app.get(
    '/cases/:id/related',
    {
      schema: {
        tags,
        summary: 'Cases related to this one: same village in the last 90 days, shared parties, duplicate candidates',
        params: CaseIdParams,
        response: { 200: RelatedCases },
      },
    },
    async (request) => findRelatedCases(ctx, requireActor(request), request.params.id),
  );

  app.get(
    '/worklists',
    { schema: { tags: ['worklists'], summary: 'How many cases wait in each of your worklists', response: { 200: WorklistCounts } } },
    async (request) => countWorklists(ctx, requireActor(request)),
  );

  app.get(
    '/worklists/:name',
    {
      schema: {
        tags: ['worklists'],
        summary: 'The cases of one worklist, newest first (keyset pages); narrowed by the same filters as GET /cases',
        params: WorklistParams,
        querystring: ListCasesQuery,
        response: { 200: CaseListPage },
      },
    },
    async (request) => listWorklist(ctx, requireActor(request), request.params.name, request.query),
  );

  app.get(
    '/units/load',
    {
      schema: {
        tags: ['units'],
        summary: 'For dispatching at a place: the units that can take its cases, with their open, pending and overdue cases among those you may see',
        querystring: UnitLoadQuery,
        response: { 200: UnitLoadList },
      },
      config: { roles: DISPATCH_BOARD_ROLES },
    },
    async (request) => listUnitLoad(ctx, requireActor(request), request.query),
  );
};

// /api/v1/supervisions and /api/v1/cases/{id}/supervisions: supervision records (督办, 挂牌督办),
// scoped to the cases the caller may see. Opening a listed supervision and reporting progress are
// workflow actions (POST /cases/{id}/actions/supervise, …/report_progress).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireActor } from '../../plugins/auth.plugin.js';
import { CaseIdParams } from '../cases/cases.schemas.js';
import type { ApiModule } from '../index.js';
import { CaseSupervisionList, SupervisionList, SupervisionQuery } from './supervision.schemas.js';
import { listCaseSupervisions, listSupervisions } from './supervision.service.js';

export const supervisionRoutes: ApiModule = async (instance, { ctx }) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['supervision'];

  app.get(
    '/supervisions',
    { schema: { tags, summary: 'Supervision records of the cases you may see, newest first', querystring: SupervisionQuery, response: { 200: SupervisionList } } },
    async (request) => listSupervisions(ctx, requireActor(request), request.query),
  );

  app.get(
    '/cases/:id/supervisions',
    { schema: { tags, summary: "A case's supervision records with their progress reports", params: CaseIdParams, response: { 200: CaseSupervisionList } } },
    async (request) => listCaseSupervisions(ctx, requireActor(request), request.params.id),
  );
};

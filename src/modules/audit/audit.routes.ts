// /api/v1/audit: the audit log viewer and the chain check, for admins and auditors.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireActor } from '../../plugins/auth.plugin.js';
import type { Role } from '../auth/actor.js';
import type { ApiModule } from '../index.js';
import { AuditPage, AuditQuery, AuditVerification } from './audit.schemas.js';
import { listAudit, verifyAudit } from './audit.service.js';

const AUDIT_ROLES: Role[] = ['admin', 'auditor'];

export const auditRoutes: ApiModule = async (instance, { ctx }) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['audit'];

  app.get(
    '/audit',
    { schema: { tags, summary: 'Audit log rows, newest first, filtered by entity, actor, action and time (keyset pages)', querystring: AuditQuery, response: { 200: AuditPage } }, config: { roles: AUDIT_ROLES } },
    async (request) => listAudit(ctx.db, requireActor(request), request.query),
  );

  app.get(
    '/audit/verify',
    { schema: { tags, summary: 'Seal the committed rows, recompute the hash chain of the whole log and report the first broken row (rows committed meanwhile: pending)', response: { 200: AuditVerification } }, config: { roles: AUDIT_ROLES } },
    async () => verifyAudit(ctx.db),
  );
};

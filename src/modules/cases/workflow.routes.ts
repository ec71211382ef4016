// GET /api/v1/workflow: the declared transition table (workflow.ts) as data, so the console's role
// matrix and integrators read the same rules the server enforces.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { roles } from '../auth/actor.js';
import type { ApiModule } from '../index.js';
import { caseActions, caseStatuses, transitions } from './workflow.js';

const strict = { additionalProperties: false } as const;

const TransitionDto = Type.Object(
  {
    action: Type.String(),
    from: Type.Array(Type.String()),
    to: Type.String({ description: "next status; 'same' keeps it, 'previous' returns to the status before the hold" }),
    leadOnly: Type.Boolean({ description: 'a non-lead unit taking it leaves the status as it is' }),
    toIf: Type.Union([Type.Object({ field: Type.String(), equals: Type.String(), to: Type.String() }, strict), Type.Null()]),
    relations: Type.Array(Type.String(), { description: 'how the actor must relate to the case (owner, lead, pending, assigned, supervisor, involved)' }),
    roles: Type.Array(Type.String()),
    required: Type.Array(Type.String(), { description: 'body fields it needs besides version' }),
    guard: Type.Union([Type.String(), Type.Null()]),
    isPublic: Type.Boolean({ description: "shown on the resident's timeline" }),
  },
  strict,
);

const WorkflowDto = Type.Object(
  { statuses: Type.Array(Type.String()), actions: Type.Array(Type.String()), roles: Type.Array(Type.String()), transitions: Type.Array(TransitionDto) },
  strict,
);

export const workflowRoutes: ApiModule = async (instance) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const body = {
    statuses: [...caseStatuses],
    actions: [...caseActions],
    roles: [...roles],
    transitions: transitions.map((tr) => ({
      action: tr.action,
      from: [...tr.from],
      to: tr.to,
      leadOnly: tr.leadOnly ?? false,
      toIf: tr.toIf ?? null,
      relations: [...tr.relations],
      roles: [...tr.roles],
      required: [...tr.required],
      guard: tr.guard ?? null,
      isPublic: tr.isPublic,
    })),
  };
  app.get('/workflow', { schema: { tags: ['cases'], summary: 'The case workflow: every transition with the roles, relations and fields it needs', response: { 200: WorkflowDto } } }, async () => body);
};

// /api/v1/categories: the taxonomy, suggestions from text, and the proposed lead unit.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../../plugins/auth.plugin.js';
import { departmentKinds, socialOrgKinds } from '../units/units.table.js';
import { caseKinds } from '../cases/workflow.js';
import type { ApiModule } from '../index.js';
import { addRoutingRule, createCategory, deleteRoutingRule, listAllCategories, updateCategory } from './categories.admin.js';
import { findRoutingRules } from './categories.repository.js';
import { categoryTree, proposeLeadUnit, suggestCategories } from './categories.service.js';

const nodeProperties = {
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  kind: Type.Union([Type.String(), Type.Null()]),
  departmentKind: Type.Union([Type.String(), Type.Null()]),
};
// Two levels: the taxonomy is level-1 groups of level-2 categories.
const CategoryLeaf = Type.Object({ ...nodeProperties, children: Type.Array(Type.Unknown(), { maxItems: 0 }) });
const CategoryNode = Type.Object({ ...nodeProperties, children: Type.Array(CategoryLeaf) });

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const DepartmentKind = Type.Enum([...new Set<string>([...departmentKinds, ...socialOrgKinds])]);
const editable = {
  name: Text(100),
  nameEn: Text(200),
  defaultKind: Type.Union([Type.Enum([...caseKinds]), Type.Null()]),
  departmentKind: Type.Union([DepartmentKind, Type.Null()]),
  keywords: Type.String({ maxLength: 2000 }),
};
const CategoryCreate = Type.Object(
  {
    code: Type.String({ pattern: '^\\d{2}(\\d{2})?$', description: 'two digits (level 1) or four (level 2, under the level-1 code it starts with)' }),
    name: editable.name,
    nameEn: editable.nameEn,
    defaultKind: Type.Optional(editable.defaultKind),
    departmentKind: Type.Optional(editable.departmentKind),
    keywords: Type.Optional(editable.keywords),
  },
  { additionalProperties: false },
);
const CategoryPatch = Type.Object(
  {
    name: Type.Optional(editable.name),
    nameEn: Type.Optional(editable.nameEn),
    defaultKind: Type.Optional(editable.defaultKind),
    departmentKind: Type.Optional(editable.departmentKind),
    keywords: Type.Optional(editable.keywords),
    status: Type.Optional(Type.Enum(['active', 'retired'])),
  },
  { additionalProperties: false },
);
const CategoryAdmin = Type.Object({
  code: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  nameEn: Type.String(),
  defaultKind: Type.Union([Type.String(), Type.Null()]),
  departmentKind: Type.Union([Type.String(), Type.Null()]),
  keywords: Type.String(),
  sort: Type.Integer(),
  status: Type.String(),
  updatedAt: Type.String(),
});
const RoutingRule = Type.Object({ id: Type.Integer(), categoryCode: Type.String(), regionLevel: Type.Union([Type.Integer(), Type.Null()]), departmentKind: Type.String(), sort: Type.Integer(), updatedAt: Type.String() });
const RoutingRuleCreate = Type.Object(
  {
    categoryCode: Type.String({ pattern: '^\\d{2}(\\d{2})?$' }),
    regionLevel: Type.Union([Type.Integer({ minimum: 0, maximum: 4 }), Type.Null()], { description: '0 province … 4 village; null: any level' }),
    departmentKind: DepartmentKind,
    sort: Type.Integer({ minimum: 0, maximum: 100000 }),
  },
  { additionalProperties: false },
);

export const categoriesRoutes: ApiModule = async (instance, { ctx }) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['categories'];
  app.get('/categories', { schema: { tags, summary: 'The two-level category taxonomy', response: { 200: Type.Object({ items: Type.Array(CategoryNode) }) } } }, async () => ({
    items: await categoryTree(ctx.db),
  }));
  app.get(
    '/categories/suggest',
    {
      schema: {
        tags,
        summary: 'Categories that match a text, best first',
        querystring: Type.Object({ text: Type.String({ minLength: 1, maxLength: 5000 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), score: Type.Number() })) }) },
      },
    },
    async (request) => ({ items: await suggestCategories(ctx.db, request.query.text) }),
  );
  const admin = { roles: ['admin' as const] };
  app.get('/categories/all', { schema: { tags, summary: 'Every category with its editable fields, retired ones too', response: { 200: Type.Object({ items: Type.Array(CategoryAdmin) }) } }, config: admin }, async () => ({
    items: await listAllCategories(ctx),
  }));
  app.post(
    '/categories',
    { schema: { tags, summary: 'Create a level-1 or level-2 category', body: CategoryCreate, response: { 201: CategoryAdmin } }, config: admin },
    async (request, reply) => reply.code(201).send(await createCategory(ctx, requireActor(request), request.body, request.ip)),
  );
  app.patch(
    '/categories/:code',
    {
      schema: { tags, summary: 'Edit a category or retire it (categories are never deleted: cases keep their codes)', params: Type.Object({ code: Type.String({ pattern: '^\\d{2}(\\d{2})?$' }) }), body: CategoryPatch, response: { 200: CategoryAdmin } },
      config: admin,
    },
    async (request) => updateCategory(ctx, requireActor(request), request.params.code, request.body, request.ip),
  );
  app.post(
    '/routing-rules',
    { schema: { tags, summary: 'Add a routing rule', body: RoutingRuleCreate, response: { 201: RoutingRule } }, config: admin },
    async (request, reply) => reply.code(201).send(await addRoutingRule(ctx, requireActor(request), request.body, request.ip)),
  );
  app.delete(
    '/routing-rules/:id',
    { schema: { tags, summary: 'Remove a routing rule', params: Type.Object({ id: Type.Integer({ minimum: 1 }) }) }, config: admin },
    async (request, reply) => {
      await deleteRoutingRule(ctx, requireActor(request), request.params.id, request.ip);
      return reply.code(204).send();
    },
  );
  app.get(
    '/routing-rules',
    {
      schema: {
        tags,
        summary: 'The routing rules: which department kind leads a category, by region level (null: any level), in order',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({ id: Type.Integer(), categoryCode: Type.String(), regionLevel: Type.Union([Type.Integer(), Type.Null()]), departmentKind: Type.String(), sort: Type.Integer(), updatedAt: Type.String() }),
            ),
          }),
        },
      },
    },
    async () => ({
      items: (await findRoutingRules(ctx.db)).map((r) => ({ id: r.id, categoryCode: r.category_code, regionLevel: r.region_level, departmentKind: r.department_kind, sort: r.sort, updatedAt: r.updated_at })),
    }),
  );
  app.get(
    '/routing/propose',
    {
      schema: {
        tags,
        summary: 'The proposed lead unit for a category at a place',
        querystring: Type.Object({ categoryCode: Type.String({ pattern: '^\\d{2}(\\d{2})?$' }), regionCode: Type.String({ pattern: '^\\d{12}$' }) }, { additionalProperties: false }),
      },
    },
    async (request) => ({ proposal: (await proposeLeadUnit(ctx.db, request.query.categoryCode, request.query.regionCode)) ?? null }),
  );
};

// /api/v1/categories: the taxonomy, suggestions from text, and the proposed lead unit.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ApiModule } from '../index.js';
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

// The one scope filter. Every repository query of scoped data calls inScope with the caller's
// Scope, so a handler cannot forget it: a record outside the scope is indistinguishable from none.
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Scope } from '../modules/auth/actor.js';

/** A WHERE condition: `column` lies in one of the scope's region ranges (index range scans). */
export function inScope<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, column: string, scope: Scope): Expression<SqlBool> {
  if (scope.all) return sql<SqlBool>`1 = 1`;
  if (scope.ranges.length === 0) return sql<SqlBool>`1 = 0`;
  const ref = sql.ref(column);
  return eb.or(scope.ranges.map((r) => eb.and([eb(ref, '>=', r.from), eb(ref, '<=', r.to)])));
}

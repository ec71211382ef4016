// Who is calling, and the region subtrees they may see. Built once per request by the auth plugin;
// every scoped repository query takes the Scope derived from it (src/plugins/scope.ts).
import { type CodeRange, subtreeRange } from '../regions/region-code.js';

export const roles = [
  'admin',
  'center_operator',
  'center_head',
  'township_coordinator',
  'department_handler',
  'department_head',
  'mediator',
  'grid_worker',
  'volunteer',
  'supervisor',
  'analyst',
  'auditor',
] as const;
export type Role = (typeof roles)[number];

export interface RoleGrant {
  role: Role;
  unitId: number;
  unitKind: string;
  unitName: string;
  regionCode: string;
}

export interface Actor {
  /** 'resident': a member of the public on the portal; never holds a staff role. */
  kind: 'user' | 'token' | 'system' | 'resident';
  userId: number | null;
  /** username, `token:<name>` or `system:<job>`: what the audit log records. */
  label: string;
  grants: RoleGrant[];
  tokenId?: number;
  sessionId?: string;
  /** Resident only: the cases they proved to have reported (the portal checks the proof). */
  reportedCaseIds?: readonly number[];
}

export interface Scope {
  /** True for province-wide admins: no region filter at all. */
  all: boolean;
  /** Region subtrees the caller may see (merged, sorted). */
  ranges: CodeRange[];
  /** Units the caller acts for. */
  unitIds: number[];
}

export function hasRole(actor: Actor, ...wanted: Role[]): boolean {
  return actor.grants.some((g) => wanted.includes(g.role));
}

export function isAdmin(actor: Actor): boolean {
  return actor.kind === 'system' || hasRole(actor, 'admin');
}

function mergeRanges(ranges: CodeRange[]): CodeRange[] {
  const sorted = [...ranges].sort((a, b) => a.from.localeCompare(b.from));
  const out: CodeRange[] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r.from <= last.to) {
      if (r.to > last.to) last.to = r.to;
    } else {
      out.push({ ...r });
    }
  }
  return out;
}

/** The caller's scope: the union of the region subtrees of the units they hold roles in. */
export function scopeOf(actor: Actor): Scope {
  const unitIds = [...new Set(actor.grants.map((g) => g.unitId))];
  if (isAdmin(actor)) return { all: true, ranges: [], unitIds };
  return { all: false, ranges: mergeRanges(actor.grants.map((g) => subtreeRange(g.regionCode))), unitIds };
}

export function scopeIncludes(scope: Scope, regionCode: string): boolean {
  return scope.all || scope.ranges.some((r) => regionCode >= r.from && regionCode <= r.to);
}

export const systemActor = (job: string): Actor => ({ kind: 'system', userId: null, label: `system:${job}`, grants: [] });

/** A resident on the portal acting on cases they proved to have reported; no staff role, no scope beyond them. */
export const residentActor = (reportedCaseIds: readonly number[]): Actor => ({ kind: 'resident', userId: null, label: 'resident:portal', grants: [], reportedCaseIds });

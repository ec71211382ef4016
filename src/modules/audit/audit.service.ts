// The audit log viewer: filtered pages of the hash-chained log, newest first, and a full check of
// the chain. Admins see every row; auditors the rows of their region subtrees, and rows bound to no
// region (sign-ins, tokens, settings) only when they audit a whole province.
import type { Db } from '../../db/database.js';
import { invalid } from '../../errors.js';
import { type Actor, isAdmin, scopeOf } from '../auth/actor.js';
import { levelOf } from '../regions/region-code.js';
import * as usersRepo from '../users/users.repository.js';
import { findAuditRows, sealAuditRows, verifyAuditChain } from './audit.repository.js';
import type { AuditQueryDto, AuditRowDto } from './audit.schemas.js';

function regionsOf(actor: Actor) {
  if (isAdmin(actor)) return undefined;
  const auditorGrants = actor.grants.filter((g) => g.role === 'auditor');
  const scope = scopeOf({ ...actor, grants: auditorGrants });
  return { scope, withoutRegion: auditorGrants.some((g) => levelOf(g.regionCode) === 0) };
}

function parseDetail(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { value: parsed };
  } catch {
    return { text };
  }
}

/** The actor filter: an account id, or a username (an unknown username matches nothing). */
async function actorIdOf(db: Db, actor: string | undefined): Promise<number | undefined> {
  if (actor === undefined) return undefined;
  if (/^\d+$/.test(actor)) return Number(actor);
  return (await usersRepo.findUserByUsername(db, actor.trim().toLowerCase()))?.id ?? -1;
}

export async function listAudit(db: Db, actor: Actor, query: AuditQueryDto) {
  const from = query.from === undefined ? undefined : new Date(query.from).toISOString();
  const to = query.to === undefined ? undefined : new Date(query.to).toISOString();
  if (from !== undefined && to !== undefined && to <= from) throw invalid('to', `must be after from (${query.from})`);
  const limit = query.limit ?? 50;
  const actorUserId = await actorIdOf(db, query.actor);
  const regions = regionsOf(actor);
  const rows = await findAuditRows(db, {
    ...(query.entityType !== undefined ? { entityType: query.entityType } : {}),
    ...(query.entityId !== undefined ? { entityId: query.entityId } : {}),
    ...(actorUserId !== undefined ? { actorUserId } : {}),
    ...(query.action !== undefined ? { action: query.action } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(query.before !== undefined ? { beforeId: query.before } : {}),
    ...(regions ? { regions } : {}),
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const items: AuditRowDto[] = page.map((r) => ({
    id: Number(r.id),
    at: r.at,
    actorUserId: r.actor_user_id,
    actorLabel: r.actor_label,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    regionCode: r.region_code,
    detail: parseDetail(r.detail),
    ip: r.ip,
  }));
  return { items, next: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/**
 * Seals what is committed, then recomputes the whole chain: an edited, deleted or inserted row
 * shows as the first broken one; rows committed after the sealing are counted as pending.
 */
export async function verifyAudit(db: Db) {
  await sealAuditRows(db);
  const result = await verifyAuditChain(db);
  return { ok: result.ok, checked: result.checked, pending: result.pending, brokenAt: result.brokenAt ?? null, verifiedAt: new Date().toISOString() };
}

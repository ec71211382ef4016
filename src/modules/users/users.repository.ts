// All SQL of user accounts and their role grants (memberships).
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { inScope } from '../../plugins/scope.js';
import type { Scope } from '../auth/actor.js';
import { likePattern } from '../units/units.repository.js';

const userColumns = [
  'usr.id',
  'usr.username',
  'usr.display_name',
  'usr.phone_enc',
  'usr.status',
  'usr.locked_until',
  'usr.created_at',
  'usr.updated_at',
  'usr.version',
] as const;

export interface UserFilter {
  unitId?: number;
  q?: string;
  status?: string;
  after?: number;
  limit: number;
}

/**
 * Users holding a role in a unit within the scope (every user, for a scope of all, unless a unit is
 * asked for). A user is as visible as the units they work in.
 */
export async function findUsers(db: Db, scope: Scope, filter: UserFilter) {
  let q = db.selectFrom('users as usr').select(userColumns);
  if (!scope.all || filter.unitId !== undefined) {
    q = q.where((eb) => {
      let member = eb
        .selectFrom('memberships as m')
        .innerJoin('units as un', 'un.id', 'm.unit_id')
        .select(sql`1`.as('one'))
        .whereRef('m.user_id', '=', 'usr.id')
        .where((inner) => inScope(inner, 'un.region_code', scope));
      if (filter.unitId !== undefined) member = member.where('m.unit_id', '=', filter.unitId);
      return eb.exists(member);
    });
  }
  if (filter.status) q = q.where('usr.status', '=', filter.status);
  if (filter.q) {
    const pattern = likePattern(filter.q);
    q = q.where(sql<boolean>`(lower(usr.username) like lower(${pattern}) escape '\\' or lower(usr.display_name) like lower(${pattern}) escape '\\')`);
  }
  if (filter.after !== undefined) q = q.where('usr.id', '>', filter.after);
  return q.orderBy('usr.id').limit(filter.limit).execute();
}

export type UserRow = Awaited<ReturnType<typeof findUsers>>[number];

/** One user if visible in the scope, or if it is `selfId` (everyone sees themselves). */
export async function findUser(db: Db, scope: Scope, id: number, selfId: number | null) {
  let q = db.selectFrom('users as usr').select(userColumns).where('usr.id', '=', id);
  if (!scope.all && id !== selfId) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('memberships as m')
          .innerJoin('units as un', 'un.id', 'm.unit_id')
          .select(sql`1`.as('one'))
          .whereRef('m.user_id', '=', 'usr.id')
          .where((inner) => inScope(inner, 'un.region_code', scope)),
      ),
    );
  }
  return q.executeTakeFirst();
}

export async function findUserByUsername(db: Db, username: string) {
  return db.selectFrom('users').select(['id', 'username', 'status']).where('username', '=', username).executeTakeFirst();
}

export async function findMemberships(db: Db, userIds: number[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('memberships as m')
    .innerJoin('units as un', 'un.id', 'm.unit_id')
    .select(['m.id', 'm.user_id', 'm.role', 'm.unit_id', 'un.name as unit_name', 'un.kind as unit_kind', 'un.region_code'])
    .where('m.user_id', 'in', userIds)
    .orderBy('m.id')
    .execute();
}

export type MembershipRow = Awaited<ReturnType<typeof findMemberships>>[number];

export async function findMembership(db: Db, userId: number, id: number) {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('units as un', 'un.id', 'm.unit_id')
    .select(['m.id', 'm.user_id', 'm.role', 'm.unit_id', 'un.name as unit_name', 'un.kind as unit_kind', 'un.region_code'])
    .where('m.id', '=', id)
    .where('m.user_id', '=', userId)
    .execute();
  return rows[0];
}

export async function insertUser(
  db: Db,
  user: { username: string; displayName: string; passwordHash: string; phoneEnc: string | null; now: string },
): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      username: user.username,
      display_name: user.displayName,
      password_hash: user.passwordHash,
      phone_enc: user.phoneEnc,
      locked_until: null,
      created_at: user.now,
      updated_at: user.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertMembership(db: Db, m: { userId: number; unitId: number; role: string; now: string }): Promise<number> {
  const row = await db
    .insertInto('memberships')
    .values({ user_id: m.userId, unit_id: m.unitId, role: m.role, created_at: m.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function hasMembership(db: Db, userId: number, unitId: number, role: string): Promise<boolean> {
  const row = await db
    .selectFrom('memberships')
    .select('id')
    .where('user_id', '=', userId)
    .where('unit_id', '=', unitId)
    .where('role', '=', role)
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteMembership(db: Db, id: number): Promise<void> {
  await db.deleteFrom('memberships').where('id', '=', id).execute();
}

/** Admin grants held by active accounts (the last one must not be removed). */
export async function countActiveAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('memberships as m')
    .innerJoin('users as usr', 'usr.id', 'm.user_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('m.role', '=', 'admin')
    .where('usr.status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function setUserStatus(db: Db, id: number, status: string, now: string): Promise<void> {
  await db
    .updateTable('users')
    .set((eb) => ({ status, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function findPhone(db: Db, id: number) {
  return db.selectFrom('users').select(['id', 'phone_enc']).where('id', '=', id).executeTakeFirst();
}

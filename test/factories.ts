// Test data built straight into the database (no HTTP), and signed-in clients for inject() calls.
// Sessions are inserted directly so tests of any module can act as any role.
import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Db } from '../src/db/database.js';
import type { Role } from '../src/modules/auth/actor.js';
import { sha256 } from '../src/plugins/auth.plugin.js';

let seq = 0;
const now = () => new Date().toISOString();

/** The governance centre of a region if the bootstrap made one, else a new unit of that kind. */
export async function createUnit(db: Db, input: { regionCode: string; kind?: string; departmentKind?: string | null; name?: string }) {
  const kind = input.kind ?? 'center';
  if (kind === 'center' && !input.name) {
    const existing = await db.selectFrom('units').selectAll().where('region_code', '=', input.regionCode).where('kind', '=', 'center').executeTakeFirst();
    if (existing) return existing;
  }
  seq++;
  return db
    .insertInto('units')
    .values({
      kind,
      department_kind: input.departmentKind ?? null,
      name: input.name ?? `测试单位${seq}`,
      region_code: input.regionCode,
      status: 'active',
      created_at: now(),
      updated_at: now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface GrantSpec {
  role: Role;
  /** The unit to hold the role in; or a region whose centre (created when missing) is used. */
  unitId?: number;
  regionCode?: string;
}

// One cheap hash for all factory users: argon2 is deliberately slow.
let cachedHash: { password: string; hash: string } | undefined;
async function hashFor(password: string): Promise<string> {
  if (cachedHash?.password !== password) cachedHash = { password, hash: await argon2.hash(password, { type: argon2.argon2id, memoryCost: 4096, timeCost: 2 }) };
  return cachedHash.hash;
}

export async function createUser(db: Db, input: { username?: string; password?: string; displayName?: string; grants?: GrantSpec[] } = {}) {
  seq++;
  const username = input.username ?? `user${seq}_${randomBytes(3).toString('hex')}`;
  const password = input.password ?? 'correct horse battery staple';
  const user = await db
    .insertInto('users')
    .values({
      username,
      display_name: input.displayName ?? username,
      password_hash: await hashFor(password),
      phone_enc: null,
      locked_until: null,
      created_at: now(),
      updated_at: now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  for (const grant of input.grants ?? []) {
    const unitId = grant.unitId ?? (await createUnit(db, { regionCode: grant.regionCode ?? '620000000000' })).id;
    await db.insertInto('memberships').values({ user_id: user.id, unit_id: unitId, role: grant.role, created_at: now() }).execute();
  }
  return { ...user, password };
}

export interface Client {
  userId: number;
  cookie: string;
  csrf: string;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
}

/** A signed-in client: session cookie plus CSRF header on every request. */
export async function signIn(app: FastifyInstance, db: Db, userId: number): Promise<Client> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(16).toString('hex');
  const t = now();
  await db
    .insertInto('sessions')
    .values({ id: sha256(token), user_id: userId, csrf_token: csrf, created_at: t, expires_at: new Date(Date.now() + 3600_000).toISOString(), last_seen_at: t })
    .execute();
  const cookie = `pingan_session=${token}`;
  return {
    userId,
    cookie,
    csrf,
    inject: (options: InjectOptions) =>
      app.inject({ ...options, headers: { cookie, 'x-csrf-token': csrf, ...(options.headers ?? {}) } }),
  };
}

/** Shortcut: a user with the given grants, signed in. */
export async function signInAs(app: FastifyInstance, db: Db, grants: GrantSpec[], username?: string) {
  const user = await createUser(db, { grants, ...(username ? { username } : {}) });
  return { user, client: await signIn(app, db, user.id) };
}

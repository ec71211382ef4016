// In-process parts of the benchmark (loaded by bench/run.mjs through tsx): picking what to ask
// for, preparing cases for the action benchmarks through the real service, the GROUP BY baseline,
// the SLA sweep, database size. Everything over HTTP is measured in separate processes.
import { sql } from 'kysely';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { type DbHandle, createDb } from '../../src/db/database.js';
import type { Actor } from '../../src/modules/auth/actor.js';
import { findGrants } from '../../src/modules/auth/auth.repository.js';
import { runCaseAction } from '../../src/modules/cases/cases.actions.js';
import { subtreeRange } from '../../src/modules/regions/region-code.js';
import { sweepDeadlines } from '../../src/modules/sla/sla.sweep.js';

const log = pino({ level: 'silent' });

export function open(env: Record<string, string>): DbHandle & { config: ReturnType<typeof loadConfig> } {
  const config = loadConfig({ ...process.env, ...env });
  return { ...createDb(config.database, { poolSize: 4 }), config };
}

export async function median(runs: number, fn: () => Promise<unknown>): Promise<{ median: number; runs: number[] }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] ?? 0, runs: times };
}

/** Regions to ask about: the province, the city, county and township with the most cases. */
export async function pickTargets(h: DbHandle) {
  const top = async (length: number, within: string) => {
    const row = await h.db
      .selectFrom('case_rollups')
      .select(['region_code'])
      .select((eb) => eb.fn.sum<number>('received').as('n'))
      .where('region_level', '=', length === 4 ? 1 : length === 6 ? 2 : 3)
      .where('category_code', '=', '*')
      .where('channel', '=', '*')
      .where('region_code', '>=', within.padEnd(12, '0'))
      .where('region_code', '<=', within.padEnd(12, '9'))
      .groupBy('region_code')
      .orderBy('n', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    return row.region_code;
  };
  const city = await top(4, '62');
  const county = await top(6, city.slice(0, 4));
  const township = await top(9, county.slice(0, 6));
  const center = await h.db.selectFrom('units').select('id').where('kind', '=', 'center').where('region_code', '=', township).executeTakeFirstOrThrow();
  const admin = await h.db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
  const villages = await h.db.selectFrom('grids').select(['region_code']).distinct().where('region_code', 'like', `${county.slice(0, 6)}%`).limit(500).execute();
  const cases = await h.db.selectFrom('cases').select('id').where('region_code', 'like', `${township.slice(0, 9)}%`).orderBy('id', 'desc').limit(20).execute();
  return { province: '620000000000', city, county, township, townshipCenterId: center.id, adminId: admin.id, villages: villages.map((v) => v.region_code), caseIds: cases.map((c) => c.id) };
}

async function adminActor(h: DbHandle, adminId: number): Promise<Actor> {
  return { kind: 'user', userId: adminId, label: 'admin', grants: await findGrants(h.db, adminId) };
}

/** Cases the intake benchmark created, taken through accept and dispatch (and start) by the real service, with their versions. */
export async function prepareForActions(h: DbHandle & { config: ReturnType<typeof loadConfig> }, adminId: number, since: string, limit: number, leadUnitId: number) {
  const ctx = { config: h.config, db: h.db, dialect: h.dialect, log };
  const actor = await adminActor(h, adminId);
  const rows = await h.db.selectFrom('cases').select(['id', 'version']).where('status', '=', 'submitted').where('created_by', '=', adminId).where('created_at', '>=', since).orderBy('id').limit(limit).execute();
  const out: Array<{ id: number; version: number }> = [];
  for (const r of rows) {
    const accepted = await runCaseAction(ctx, actor, r.id, 'accept', { version: r.version });
    const dispatched = await runCaseAction(ctx, actor, r.id, 'dispatch', { version: accepted.version, leadUnitId });
    out.push({ id: r.id, version: dispatched.version });
  }
  return out;
}

export async function startCases(h: DbHandle & { config: ReturnType<typeof loadConfig> }, adminId: number, ids: number[]) {
  const ctx = { config: h.config, db: h.db, dialect: h.dialect, log };
  const actor = await adminActor(h, adminId);
  const out: Array<{ id: number; version: number }> = [];
  for (const id of ids) {
    const row = await h.db.selectFrom('cases').select(['version', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    if (row.status !== 'acknowledged') continue;
    const started = await runCaseAction(ctx, actor, id, 'start', { version: row.version });
    out.push({ id, version: started.version });
  }
  return out;
}

/**
 * The dashboard's numbers the plain way: one GROUP BY over the cases of the region and period
 * (by level-1 category), for each of the three periods the summary compares.
 */
export async function groupByBaseline(h: DbHandle, regionCode: string, periods: Array<{ from: string; to: string }>) {
  const range = subtreeRange(regionCode);
  for (const p of periods) {
    const from = new Date(`${p.from}T00:00:00+08:00`).toISOString();
    const to = new Date(Date.parse(`${p.to}T00:00:00+08:00`) + 86_400_000).toISOString();
    await sql`select substr(category_code, 1, 2) as category, count(*) as received,
        sum(case when resolved_at is not null then 1 else 0 end) as resolved,
        sum(case when resolved_at is not null and (resolve_due_at is null or resolved_at <= resolve_due_at) then 1 else 0 end) as on_time,
        sum(case when acknowledged_at is not null then 1 else 0 end) as acknowledged,
        sum(overdue_resolve) as overdue, sum(case when escalation_count > 0 then 1 else 0 end) as escalated,
        sum(case when reopen_count > 0 then 1 else 0 end) as reopened,
        sum(case when satisfaction = 'satisfied' then 1 else 0 end) as satisfied,
        sum(case when satisfaction = 'unsatisfied' then 1 else 0 end) as unsatisfied
      from cases where region_code >= ${range.from} and region_code <= ${range.to} and created_at >= ${from} and created_at < ${to}
      group by substr(category_code, 1, 2)`.execute(h.db);
  }
}

export async function sweep(h: DbHandle, now: Date) {
  return sweepDeadlines({ db: h.db, log }, now);
}

export async function openCases(h: DbHandle): Promise<number> {
  const row = await h.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'not in', ['closed', 'rejected', 'merged']).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countCases(h: DbHandle): Promise<number> {
  const row = await h.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function databaseBytes(h: DbHandle): Promise<number> {
  if (h.dialect === 'postgres') {
    const { rows } = await sql<{ n: string }>`select pg_database_size(current_database())::text as n`.execute(h.db);
    return Number(rows[0]?.n ?? 0);
  }
  const { rows } = await sql<{ n: number }>`select page_count * page_size as n from pragma_page_count(), pragma_page_size()`.execute(h.db);
  return Number(rows[0]?.n ?? 0);
}

export async function serverVersion(h: DbHandle): Promise<string> {
  if (h.dialect === 'postgres') {
    const { rows } = await sql<{ v: string }>`select version() as v`.execute(h.db);
    return rows[0]?.v ?? '';
  }
  const { rows } = await sql<{ v: string }>`select sqlite_version() as v`.execute(h.db);
  return `SQLite ${rows[0]?.v ?? ''}`;
}

export async function deleteCeilingRows(h: DbHandle): Promise<void> {
  await h.db.deleteFrom('cases').where('tracking_code', 'like', 'CEIL%').execute();
}

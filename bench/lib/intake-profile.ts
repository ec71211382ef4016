// Intake cost in process: CPU milliseconds and SQL statements per intakeCase, on a copy of a
// seeded database (HTTP and the load of a busy machine left out, so before/after figures compare).
//
//   node --import tsx bench/lib/intake-profile.ts --db /tmp/x/seed.db [--key-file /tmp/x/pingan.key]
//        [--intakes 2000] [--warmup 200] [--keep]
//
// The database is copied (after a WAL checkpoint) to <db>.profile so every run starts from the
// same rows. The bodies are those of the HTTP benchmark (bench/run.mjs): four titles over the
// villages of the busiest county, so the duplicate search has candidates as it does there.
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { createDb } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Actor } from '../../src/modules/auth/actor.js';
import { findGrants } from '../../src/modules/auth/auth.repository.js';
import { intakeCase } from '../../src/modules/cases/cases.intake.js';
import { ensureAdmin } from '../../src/modules/users/users.bootstrap.js';
import { buildApp } from '../../src/app.js';
import { createToken } from '../../src/modules/auth/tokens.service.js';
import type { CreateCaseInput } from '../../src/modules/cases/cases.schemas.js';
import { pickTargets } from './measure.js';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string' },
    'key-file': { type: 'string' },
    intakes: { type: 'string', default: '2000' },
    warmup: { type: 'string', default: '200' },
    keep: { type: 'boolean', default: false },
    // Time every statement's execution in SQLite (adds overhead to the CPU figure; compare runs alike).
    'statement-times': { type: 'boolean', default: false },
    // Through the HTTP stack in process (app.inject with a bearer token): Fastify, auth, validation, intake.
    http: { type: 'boolean', default: false },
  },
});
if (!args.db) throw new Error('--db <seeded sqlite file> is required');
const source = args.db;
const work = `${source}.profile`;

/** Counts the statements Kysely runs, by their first words (BEGIN and COMMIT are not seen here). */
class StatementCounter implements KyselyPlugin {
  counts = new Map<string, number>();
  total = 0;
  transformQuery(a: PluginTransformQueryArgs): RootOperationNode {
    const node = a.node as RootOperationNode & { from?: { froms?: Array<{ table?: { identifier?: { name?: string } } }> }; into?: { table?: { identifier?: { name?: string } } }; table?: { table?: { identifier?: { name?: string } } } };
    const table = node.into?.table?.identifier?.name ?? node.table?.table?.identifier?.name ?? node.from?.froms?.[0]?.table?.identifier?.name ?? '';
    const label = `${a.node.kind.replace('QueryNode', '').toLowerCase()} ${table}`.trim();
    this.counts.set(label, (this.counts.get(label) ?? 0) + 1);
    this.total++;
    return a.node;
  }
  async transformResult(a: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return a.result;
  }
  reset() {
    this.counts.clear();
    this.total = 0;
  }
}

function bodies(villages: string[], n: number): CreateCaseInput[] {
  const titles = ['楼上卫生间漏水多次协商无果', '小区电梯频繁故障困人', '工地拖欠工资两个月未发', '夜间施工噪音扰民严重'];
  return Array.from({ length: n }, (_, i) => ({
    kind: 'complaint',
    channel: 'hotline',
    categoryCode: '0203',
    regionCode: villages[i % villages.length] ?? '',
    priority: 'normal',
    title: titles[i % titles.length] ?? '',
    description: `${titles[i % titles.length]}，第${i}号楼住户反映，希望尽快处理。`,
    reporter: { name: '王某', phone: `139${String(10_000_000 + i).slice(-8)}` },
  }));
}

/** Wall time spent inside better-sqlite3's all/run, by SQL text (first 60 characters). */
const statementTimes = new Map<string, number>();
function timeStatements(): void {
  const probe = new SqliteDatabase(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<'all' | 'run', (this: { source: string }, ...a: unknown[]) => unknown>;
  probe.close();
  for (const method of ['all', 'run'] as const) {
    const original = proto[method];
    proto[method] = function (this: { source: string }, ...a: unknown[]) {
      const started = process.hrtime.bigint();
      try {
        return original.apply(this, a);
      } finally {
        const label = this.source.slice(0, 60);
        statementTimes.set(label, (statementTimes.get(label) ?? 0) + Number(process.hrtime.bigint() - started) / 1e6);
      }
    };
  }
}

async function main() {
  if (args['statement-times']) timeStatements();
  const checkpoint = new SqliteDatabase(source);
  checkpoint.pragma('wal_checkpoint(TRUNCATE)');
  checkpoint.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${work}${suffix}`, { force: true });
  copyFileSync(source, work);

  const keyFile = args['key-file'];
  const env: Record<string, string> = { ...(process.env as Record<string, string>), PINGAN_DATABASE_URL: `sqlite:${work}`, PINGAN_LOG_LEVEL: 'silent' };
  if (keyFile && existsSync(keyFile)) env.PINGAN_DATA_KEY = readFileSync(keyFile, 'utf8').trim();
  const config = loadConfig(env);
  const handle = createDb(config.database);
  const counter = new StatementCounter();
  const db = handle.db.withPlugin(counter);
  const ctx = { config, db, dialect: handle.dialect, log: pino({ level: 'silent' }) };
  await migrateToLatest(handle.db);
  await ensureAdmin(ctx, 'profile-admin-password-2026');
  const targets = await pickTargets(handle);
  const actor: Actor = { kind: 'user', userId: targets.adminId, label: 'admin', grants: await findGrants(handle.db, targets.adminId) };

  const warmup = Number(args.warmup);
  const intakes = Number(args.intakes);
  const inputs = bodies(targets.villages, warmup + intakes);
  let duplicatesFound = 0;
  let take = async (input: CreateCaseInput) => (await intakeCase(ctx, actor, input)).body.duplicates.length;
  if (args.http) {
    const app = await buildApp({ config, db, dialect: handle.dialect }, { logger: false });
    const { token } = await createToken(ctx, actor, { name: 'profile' });
    take = async (input) => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/cases', headers: { authorization: `Bearer ${token}` }, payload: input });
      if (res.statusCode !== 201) throw new Error(`intake answered ${res.statusCode}: ${res.body}`);
      return (res.json() as { duplicates: unknown[] }).duplicates.length;
    };
  }
  for (let i = 0; i < warmup; i++) await take(inputs[i] as CreateCaseInput);
  counter.reset();
  statementTimes.clear();
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = warmup; i < warmup + intakes; i++) {
    duplicatesFound += await take(inputs[i] as CreateCaseInput);
  }
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  await handle.destroy();

  const perIntake = (n: number) => Math.round((n / intakes) * 1000) / 1000;
  const report = {
    intakes,
    villages: targets.villages.length,
    cpuMsPerIntake: perIntake((used.user + used.system) / 1000),
    userMsPerIntake: perIntake(used.user / 1000),
    systemMsPerIntake: perIntake(used.system / 1000),
    wallMsPerIntake: perIntake(wallMs),
    statementsPerIntake: perIntake(counter.total),
    duplicatesPerIntake: perIntake(duplicatesFound),
    statements: Object.fromEntries([...counter.counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, perIntake(v)])),
    ...(statementTimes.size > 0 ? { sqliteMsPerIntake: Object.fromEntries([...statementTimes.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, perIntake(v)])) } : {}),
  };
  console.log(JSON.stringify(report, null, 2));
  if (!args.keep) for (const suffix of ['', '-wal', '-shm']) rmSync(`${work}${suffix}`, { force: true });
}

await main();

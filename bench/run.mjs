#!/usr/bin/env node
// `npm run bench -- --db sqlite|postgres --cases N`: seeds (or reuses) a demo database of N cases,
// starts the server on 127.0.0.1 in its own process and measures what issue 6 asks for, writes
// bench/results/<date>-<db>-<size>.json and regenerates the tables in BENCHMARKS.md from every
// result file. Options: see `usage` below; docs/benchmarks.md explains each figure.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { register } from 'tsx/esm/api';
import { updateMarkdown } from './lib/report.mjs';

register();
const m = await import('./lib/measure.ts');

const root = path.resolve(import.meta.dirname, '..');
const usage = `npm run bench -- --db sqlite|postgres [--cases 20000] [--seed 1] [--runs 5] [--duration 10] [--connections 32]
  [--action-cases 2000] [--region CODE] [--reuse] [--seed-only] [--in-place] [--out bench/results] [--markdown BENCHMARKS.md | --no-markdown]
  [--data-dir bench/.data] [--pg-url postgres://postgres@127.0.0.1:5432/postgres]`;
const { values: args } = parseArgs({
  options: {
    db: { type: 'string' },
    cases: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '5' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    'action-cases': { type: 'string', default: '2000' },
    region: { type: 'string' },
    reuse: { type: 'boolean', default: false },
    // Seed (and record the load figures and size), measure nothing: a later --reuse run measures.
    'seed-only': { type: 'boolean', default: false },
    // Measure on the seeded database itself instead of a copy (10M cases on SQLite is ~45 GB: two
    // copies do not fit the machine's disk). The intake and action runs then add a few thousand
    // cases to it, and the reads of a later --reuse run see them.
    'in-place': { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(root, 'bench/results') },
    markdown: { type: 'string', default: path.join(root, 'BENCHMARKS.md') },
    'no-markdown': { type: 'boolean', default: false },
    'data-dir': { type: 'string', default: path.join(root, 'bench/.data') },
    'pg-url': { type: 'string', default: process.env.PINGAN_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help || (args.db !== 'sqlite' && args.db !== 'postgres')) {
  console.log(usage);
  process.exit(args.help ? 0 : 2);
}
const int = (name) => {
  const v = Number(args[name]);
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a whole number, got "${args[name]}"`);
  return v;
};
const cases = int('cases');
const seed = int('seed');
const runs = Math.max(1, int('runs'));
const duration = Math.max(1, int('duration'));
const connections = Math.max(1, int('connections'));
const actionCases = int('action-cases');
const region = args.region;
const DATA_KEY = '6a5b0c1d2e3f40516273849506a7b8c9dae0f1021324354657687980a1b2c3d4';
const ADMIN_PASSWORD = 'bench-admin-password-2026';
const log = (line) => process.stderr.write(`[bench ${args.db} ${cases}] ${line}\n`);
const tag = `${cases}-s${seed}${region ? `-r${region}` : ''}`;
const dataDir = path.resolve(args['data-dir']);
mkdirSync(dataDir, { recursive: true });

// ---- databases: a pristine seeded one (reused with --reuse) and a work copy the benchmarks write to ----
function pgUrl(database) {
  const url = new URL(args['pg-url']);
  url.pathname = `/${database}`;
  return url.toString();
}
async function pgAdmin(fn) {
  const client = new pg.Client({ connectionString: args['pg-url'] });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
const dbName = `pingan_bench_${tag.replace(/[^a-z0-9]/gi, '_')}`;
const pristine = args.db === 'sqlite' ? { url: `sqlite:${path.join(dataDir, `pristine-${tag}.db`)}`, file: path.join(dataDir, `pristine-${tag}.db`) } : { url: pgUrl(dbName) };
const work = args['in-place'] ? pristine : args.db === 'sqlite' ? { url: `sqlite:${path.join(dataDir, `work-${tag}.db`)}`, file: path.join(dataDir, `work-${tag}.db`) } : { url: pgUrl(`${dbName}_work`) };
const baseEnv = { PINGAN_DATA_KEY: DATA_KEY, PINGAN_DATA_DIR: dataDir, PINGAN_LOG_LEVEL: 'warn', PINGAN_ADMIN_PASSWORD: ADMIN_PASSWORD, PINGAN_JOBS: 'false' };

function run(command, argv, env, { capture = true } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${argv.join(' ')} exited ${code}: ${err.slice(-2000)}`))));
  });
}

async function pristineExists() {
  if (args.db === 'sqlite') return existsSync(pristine.file);
  return pgAdmin(async (c) => (await c.query('select 1 from pg_database where datname = $1', [dbName])).rowCount > 0);
}

async function seedPristine() {
  if (args.db === 'sqlite') for (const f of [pristine.file, `${pristine.file}-wal`, `${pristine.file}-shm`]) rmSync(f, { force: true });
  else await pgAdmin(async (c) => { await c.query(`drop database if exists ${dbName} with (force)`); await c.query(`create database ${dbName}`); });
  const now = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
  const argv = ['bin/pingan.mjs', 'seed-demo', '--cases', String(cases), '--seed', String(seed), '--now', now, ...(region ? ['--region', region] : [])];
  log(`seeding: pingan ${argv.slice(1).join(' ')}`);
  const started = Date.now();
  const out = await run(process.execPath, argv, { ...baseEnv, PINGAN_DATABASE_URL: pristine.url });
  const seconds = (Date.now() - started) / 1000;
  const summary = out.split('\n').filter((l) => l.startsWith('seed-demo:')).at(-1) ?? '';
  const events = Number(/(\d+) events/.exec(summary)?.[1] ?? 0);
  const cpuSeconds = Number(/cpu ([\d.]+) s/.exec(summary)?.[1] ?? Number.NaN);
  return { command: `pingan ${argv.slice(1).join(' ')}`, seconds, events, casesPerSecond: cases / seconds, cpuSeconds, cpuMsPerCase: (cpuSeconds * 1000) / Math.max(cases, 1), now };
}

async function seedInfo(h) {
  const row = await h.db.selectFrom('audit_log').select('detail').where('action', '=', 'demo.seeded').orderBy('id', 'desc').executeTakeFirst();
  return row ? JSON.parse(row.detail) : undefined;
}

async function makeWorkCopy() {
  if (args['in-place']) return;
  if (args.db === 'sqlite') {
    for (const f of [work.file, `${work.file}-wal`, `${work.file}-shm`]) rmSync(f, { force: true });
    copyFileSync(pristine.file, work.file);
    return;
  }
  await pgAdmin(async (c) => {
    await c.query(`drop database if exists ${dbName}_work with (force)`);
    await c.query(`create database ${dbName}_work template ${dbName}`);
  });
}

// ---- the server under test ----
let port = 18_000 + (process.pid % 2000);
async function startServer() {
  port++;
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['bin/pingan.mjs', 'serve'], { cwd: root, env: { ...process.env, ...baseEnv, PINGAN_DATABASE_URL: work.url, PINGAN_HOST: '127.0.0.1', PINGAN_PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${err.slice(-2000)}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 10));
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { child, ms, base: `http://127.0.0.1:${port}` };
}
async function stopServer(server) {
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  await exited;
}
function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

const tmp = path.join(os.tmpdir(), `pingan-bench-${process.pid}`);
mkdirSync(tmp, { recursive: true });
let specs = 0;
async function load(spec) {
  const file = path.join(tmp, `load-${specs++}.json`);
  writeFileSync(file, JSON.stringify(spec));
  return JSON.parse((await run(process.execPath, ['bench/lib/load.mjs', file], {})).trim().split('\n').at(-1));
}
async function probe(spec) {
  const file = path.join(tmp, `probe-${specs++}.json`);
  writeFileSync(file, JSON.stringify(spec));
  return JSON.parse((await run(process.execPath, ['bench/lib/probe.mjs', file], {})).trim().split('\n').at(-1));
}
const medianBy = (list, key) => [...list].sort((a, b) => a[key] - b[key])[Math.floor(list.length / 2)];
const addDays = (day, n) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const shiftYear = (day) => `${Number(day.slice(0, 4)) - 1}${day.slice(4)}`;

// ---- run ----
const result = { date: new Date().toISOString(), db: args.db, cases, command: `npm run bench -- ${process.argv.slice(2).join(' ')}`, machine: {}, seed: {}, results: {} };
const cpus = os.cpus();
result.machine = { nproc: cpus.length, cpu: cpus[0]?.model ?? '', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, os: `${os.type()} ${os.release()}`, loadAverage: os.loadavg() };

if (!args.reuse || !(await pristineExists())) result.seed = await seedPristine();
{
  const h = m.open({ ...baseEnv, PINGAN_DATABASE_URL: pristine.url });
  const info = await seedInfo(h);
  const reused = result.seed.seconds === undefined;
  result.seed = { ...result.seed, reused, now: info?.now ?? result.seed.now, events: info?.events ?? result.seed.events };
  if (reused) {
    // The load figures of the run that seeded this very database (same size and history end), if its result file is here.
    const earlier = existsSync(args.out)
      ? readdirSync(args.out).filter((n) => n.endsWith(`-${args.db}-${cases}.json`)).map((n) => JSON.parse(readFileSync(path.join(args.out, n), 'utf8')))
      : [];
    const seeded = earlier.find((r) => r.seed?.now === result.seed.now && r.seed.seconds !== undefined);
    if (seeded) result.seed = { ...seeded.seed, reused: true, loadMeasuredOn: seeded.date };
  }
  result.machine.database = await m.serverVersion(h);
  const bytes = await m.databaseBytes(h);
  const total = await m.countCases(h);
  result.results.dbSize = { bytes, cases: total, mibPerMillionCases: total > 0 ? bytes / 2 ** 20 / (total / 1e6) : null };
  await h.destroy();
}
const seedNow = result.seed.now;
function writeResult() {
  mkdirSync(args.out, { recursive: true });
  const file = path.join(args.out, `${result.date.slice(0, 10)}-${args.db}-${cases}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  log(`wrote ${path.relative(root, file)}`);
}
if (args['seed-only']) {
  writeResult();
  process.exit(0);
}
log(`work copy of ${pristine.url}`);
await makeWorkCopy();
// Let the copy reach the disk first: a cold start measured while gigabytes are being written back measures the disk.
execFileSync('sync');

// Migrations added since the database was seeded run here, not inside the first timed start.
log(`migrate ${work.url}`);
await run(process.execPath, ['bin/pingan.mjs', 'migrate'], { ...baseEnv, PINGAN_DATABASE_URL: work.url });

// Cold starts: spawn to the first 200 from /healthz, several times; the last server stays up.
const coldRuns = Math.max(1, Math.min(runs, 5));
const starts = [];
let server;
for (let i = 0; i < coldRuns; i++) {
  server = await startServer();
  starts.push(server.ms);
  if (i < coldRuns - 1) await stopServer(server);
}
result.results.coldStart = { medianMs: [...starts].sort((a, b) => a - b)[Math.floor(starts.length / 2)], runsMs: starts };
log(`cold start ${result.results.coldStart.medianMs.toFixed(0)} ms`);

const h = m.open({ ...baseEnv, PINGAN_DATABASE_URL: work.url });
try {
  const targets = await m.pickTargets(h);
  const loginRes = await fetch(`${server.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  if (!loginRes.ok) throw new Error(`login failed: ${loginRes.status} ${await loginRes.text()}`);
  const cookie = loginRes.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = await loginRes.json();
  const mint = async (body) => {
    const r = await fetch(`${server.base}/api/v1/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify(body) });
    if (!r.ok) throw new Error(`token: ${r.status} ${await r.text()}`);
    return (await r.json()).token;
  };
  const adminAuth = { authorization: `Bearer ${await mint({ name: 'bench-admin' })}` };
  const townshipAuth = { authorization: `Bearer ${await mint({ name: 'bench-township', unitId: targets.townshipCenterId })}` };

  // Dashboards: the summary over HTTP against the same numbers by GROUP BY over cases.
  const today = new Date(Date.parse(seedNow) + 8 * 3600_000).toISOString().slice(0, 10);
  const probeRounds = Math.max(5, runs * 20);
  result.results.dashboard = [];
  for (const [level, code] of [['province', targets.province], ['city', targets.city], ['county', targets.county], ['township', targets.township]]) {
    for (const days of [30, 365]) {
      const from = addDays(today, -(days - 1));
      const summary = await probe({ base: server.base, headers: adminAuth, rounds: probeRounds, warmup: 2, samples: [[`/api/v1/analytics/summary?region=${code}&from=${from}&to=${today}`]] });
      const periods = [{ from, to: today }, { from: addDays(from, -days), to: addDays(from, -1) }, { from: shiftYear(from), to: shiftYear(today) }];
      const groupBy = await m.median(runs, () => m.groupByBaseline(h, code, periods));
      result.results.dashboard.push({ level, region: code, days, ...summary, groupByMedianMs: groupBy.median, groupByRunsMs: groupBy.runs, ratio: groupBy.median / summary.p50 });
      log(`dashboard ${level} ${days}d p95 ${summary.p95.toFixed(1)} ms, GROUP BY ${groupBy.median.toFixed(1)} ms`);
    }
  }
  result.results.memory = { rssMiBAfterDashboards: rssMiB(server.child.pid) };

  result.results.worklist = { township: targets.township, ...(await probe({ base: server.base, headers: townshipAuth, rounds: probeRounds, warmup: 2, samples: [['/api/v1/worklists/overdue?limit=50']] })) };
  result.results.casePage = await probe({ base: server.base, headers: adminAuth, rounds: probeRounds, warmup: 2, samples: targets.caseIds.map((id) => [`/api/v1/cases/${id}`, `/api/v1/cases/${id}/timeline`]) });
  result.results.search2 = { term: '漏水', ...(await probe({ base: server.base, headers: adminAuth, rounds: probeRounds, warmup: 1, samples: [[`/api/v1/cases?q=${encodeURIComponent('漏水')}&limit=50`]] })) };
  result.results.search4 = { term: '拖欠工资', ...(await probe({ base: server.base, headers: adminAuth, rounds: probeRounds, warmup: 1, samples: [[`/api/v1/cases?q=${encodeURIComponent('拖欠工资')}&limit=50`]] })) };
  log(`worklist p95 ${result.results.worklist.p95.toFixed(1)} ms, case page p95 ${result.results.casePage.p95.toFixed(1)} ms, search p95 ${result.results.search2.p95.toFixed(0)}/${result.results.search4.p95.toFixed(0)} ms`);
  // Writes come after the reads, so the cases they add do not change what the reads see.
  // Intake against the ceiling: the same bodies, the same connections, several runs each.
  const titles = ['楼上卫生间漏水多次协商无果', '小区电梯频繁故障困人', '工地拖欠工资两个月未发', '夜间施工噪音扰民严重'];
  const bodies = Array.from({ length: 500 }, (_, i) => ({
    kind: 'complaint', channel: 'hotline', categoryCode: '0203', regionCode: targets.villages[i % targets.villages.length], priority: 'normal',
    title: titles[i % titles.length], description: `${titles[i % titles.length]}，第${i}号楼住户反映，希望尽快处理。`, reporter: { name: '王某', phone: `139${String(10_000_000 + i).slice(-8)}` },
  }));
  const intakeRequests = bodies.map((body) => ({ method: 'POST', path: '/api/v1/cases', body }));
  const loadRuns = Math.max(1, Math.min(runs, 3));
  const intakeSince = new Date().toISOString();
  const intake = [];
  for (let i = 0; i < loadRuns; i++) intake.push(await load({ url: server.base, connections, duration, headers: adminAuth, requests: intakeRequests }));
  result.results.intake = { connections, duration, ...medianBy(intake, 'throughput'), runs: intake.map((r) => r.throughput) };
  log(`intake ${result.results.intake.throughput.toFixed(0)}/s p99 ${result.results.intake.latency.p99} ms`);

  const ceilingPort = port + 500;
  const ceiling = spawn(process.execPath, ['bench/ceiling-server.mjs'], { cwd: root, env: { ...process.env, PINGAN_DATABASE_URL: work.url, PORT: String(ceilingPort), OWNER_UNIT_ID: String(targets.townshipCenterId) }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => ceiling.stdout.on('data', (d) => String(d).includes('ready') && resolve()));
  const ceil = [];
  for (let i = 0; i < loadRuns; i++) ceil.push(await load({ url: `http://127.0.0.1:${ceilingPort}`, connections, duration, headers: {}, requests: intakeRequests }));
  await new Promise((resolve) => { ceiling.once('exit', resolve); ceiling.kill('SIGTERM'); });
  // The ceiling's rows are not cases anyone took in: remove them (and their full-text entries) before the next figures.
  await m.deleteCeilingRows(h);
  result.results.ceiling = { connections, duration, ...medianBy(ceil, 'throughput'), runs: ceil.map((r) => r.throughput) };
  result.results.intake.ratioToCeiling = result.results.intake.throughput / result.results.ceiling.throughput;
  log(`ceiling ${result.results.ceiling.throughput.toFixed(0)}/s`);

  // Actions: cases from the intake runs, accepted and dispatched through the service, then acknowledged and resolved over HTTP.
  const lead = await h.db.selectFrom('units').select('id').where('kind', '=', 'department').where('region_code', '=', targets.township).orderBy('id').executeTakeFirstOrThrow();
  const prepared = await m.prepareForActions(h, targets.adminId, intakeSince, actionCases, lead.id);
  if (prepared.length > 0) {
    const ack = await load({ url: server.base, connections, amount: prepared.length, headers: adminAuth, requests: prepared.map((c) => ({ method: 'POST', path: `/api/v1/cases/${c.id}/actions/acknowledge`, body: { version: c.version } })) });
    result.results.acknowledge = { connections, cases: prepared.length, ...ack };
    const startedCases = await m.startCases(h, targets.adminId, prepared.map((c) => c.id));
    const resolve = await load({ url: server.base, connections, amount: startedCases.length, headers: adminAuth, requests: startedCases.map((c) => ({ method: 'POST', path: `/api/v1/cases/${c.id}/actions/resolve`, body: { version: c.version, result: 'fixed', resultText: '已安排维修，恢复正常。' } })) });
    result.results.resolve = { connections, cases: startedCases.length, ...resolve };
    log(`acknowledge ${ack.throughput.toFixed(0)}/s, resolve ${resolve.throughput.toFixed(0)}/s`);
  }

  await stopServer(server);

  // The SLA sweep over every open case, at successive minutes after the seed's now (the first finds the most).
  const open = await m.openCases(h);
  const sweeps = [];
  for (let i = 1; i <= runs; i++) {
    const started = process.hrtime.bigint();
    const summary = await m.sweep(h, new Date(Date.parse(seedNow) + i * 60_000));
    sweeps.push({ ms: Number(process.hrtime.bigint() - started) / 1e6, ...summary });
  }
  result.results.sweep = { openCases: open, medianMs: [...sweeps].sort((a, b) => a.ms - b.ms)[Math.floor(sweeps.length / 2)].ms, runs: sweeps };
  log(`sweep over ${open} open cases: ${result.results.sweep.medianMs.toFixed(0)} ms`);
} finally {
  if (server?.child.exitCode === null) await stopServer(server);
  await h.destroy();
  rmSync(tmp, { recursive: true, force: true });
}

writeResult();
if (!args['no-markdown']) {
  updateMarkdown(args.markdown, args.out);
  log(`updated ${path.relative(root, args.markdown)}`);
}

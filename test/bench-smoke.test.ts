// The generator and every benchmark at a tiny size, on each database, to prove they run and write
// a complete result file and the BENCHMARKS.md tables (into a temp dir; nothing is committed).
// Timing is not asserted: this machine is shared and CI is not a benchmark.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PG_ADMIN_URL, testDialects } from './dialects.js';

const root = path.resolve(import.meta.dirname, '..');
const SEED = 424_242;

function runBench(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bench/run.mjs', ...args], { cwd: root, env: { ...process.env, PINGAN_BENCH_PG_URL: PG_ADMIN_URL }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe.each(testDialects())('benchmark suite at a tiny size (%s)', (dialect) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), `pingan-bench-smoke-${dialect}-`));
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (dialect !== 'postgres') return;
    const client = new pg.Client({ connectionString: PG_ADMIN_URL });
    await client.connect();
    const { rows } = await client.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`pingan_bench_2000_s${SEED}%`]);
    for (const { datname } of rows) await client.query(`drop database if exists ${datname} with (force)`);
    await client.end();
  });

  it('seeds 2,000 cases, runs every benchmark and writes the result file and the tables', { timeout: 300_000 }, async () => {
    const out = path.join(dir, 'results');
    const markdown = path.join(dir, 'BENCHMARKS.md');
    const { code, stderr } = await runBench(['--db', dialect, '--cases', '2000', '--seed', String(SEED), '--region', '6201', '--runs', '1', '--duration', '2', '--connections', '8', '--action-cases', '40', '--out', out, '--markdown', markdown, '--data-dir', dir]);
    expect(code, stderr.slice(-3000)).toBe(0);
    const files = readdirSync(out);
    expect(files).toEqual([expect.stringMatching(new RegExp(`^\\d{4}-\\d{2}-\\d{2}-${dialect}-2000\\.json$`))]);
    const result = JSON.parse(readFileSync(path.join(out, files[0] ?? ''), 'utf8'));
    expect(result).toMatchObject({ db: dialect, cases: 2000, machine: { nproc: os.cpus().length } });
    expect(result.command).toContain('--cases 2000');
    expect(result.seed.events).toBeGreaterThan(2000);
    const r = result.results;
    expect(r.dbSize.cases).toBe(2000);
    expect(r.coldStart.runsMs).toHaveLength(1);
    for (const load of [r.intake, r.ceiling]) {
      expect(load.ok).toBeGreaterThan(0);
      expect(load.non2xx + load.errors).toBe(0);
    }
    // Cases the intake runs created (up to 40), accepted and dispatched, then acknowledged and resolved over HTTP, each once.
    expect(r.acknowledge.cases).toBeGreaterThan(0);
    expect(r.acknowledge.cases).toBeLessThanOrEqual(40);
    expect(r.resolve.cases).toBe(r.acknowledge.ok);
    for (const action of [r.acknowledge, r.resolve]) {
      expect(action.ok).toBe(action.cases);
      expect(action.non2xx + action.errors).toBe(0);
    }
    expect(r.dashboard.map((d: { level: string; days: number }) => `${d.level}/${d.days}`)).toEqual(['province/30', 'province/365', 'city/30', 'city/365', 'county/30', 'county/365', 'township/30', 'township/365']);
    for (const probe of [...r.dashboard, r.worklist, r.casePage, r.search2, r.search4]) {
      expect(probe.failures).toBe(0);
      expect(probe.n).toBeGreaterThan(0);
    }
    expect(r.search4.rows).toBeGreaterThan(0);
    expect(r.sweep.openCases).toBeGreaterThan(0);
    expect(r.sweep.runs.every((s: { failed: number }) => s.failed === 0)).toBe(true);
    expect(r.memory.rssMiBAfterDashboards).toBeGreaterThan(0);
    const text = readFileSync(markdown, 'utf8');
    expect(text).toContain(`| ${dialect} | 2k |`);
    expect(text).toContain('bench:tables:end');
  });
});

describe('big runs in two steps: --seed-only, then --reuse --in-place (sqlite)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pingan-bench-two-step-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records the load without measuring, then measures on the seeded file itself and keeps the load figures', { timeout: 300_000 }, async () => {
    const out = path.join(dir, 'results');
    const markdown = path.join(dir, 'BENCHMARKS.md');
    const common = ['--db', 'sqlite', '--cases', '500', '--seed', String(SEED), '--region', '620102', '--out', out, '--markdown', markdown, '--data-dir', dir];
    const seeded = await runBench([...common, '--seed-only', '--in-place']);
    expect(seeded.code, seeded.stderr.slice(-3000)).toBe(0);
    const [file] = readdirSync(out);
    const first = JSON.parse(readFileSync(path.join(out, file ?? ''), 'utf8'));
    expect(first.seed.seconds).toBeGreaterThan(0);
    expect(first.results.dbSize.cases).toBe(500);
    expect(first.results.dashboard).toBeUndefined();

    const measured = await runBench([...common, '--reuse', '--in-place', '--runs', '1', '--duration', '1', '--connections', '4', '--action-cases', '10']);
    expect(measured.code, measured.stderr.slice(-3000)).toBe(0);
    const second = JSON.parse(readFileSync(path.join(out, file ?? ''), 'utf8'));
    // The load figures are those of the seeding run; the measurements are new.
    expect(second.seed).toMatchObject({ seconds: first.seed.seconds, now: first.seed.now, reused: true, loadMeasuredOn: first.date });
    expect(second.results.dashboard).toHaveLength(8);
    expect(second.results.intake.ok).toBeGreaterThan(0);
    // No copy was made: the only database file is the seeded one, which now holds the intake's cases too.
    expect(readdirSync(dir).filter((n) => n.endsWith('.db'))).toEqual([expect.stringMatching(/^pristine-/)]);
    expect(readFileSync(markdown, 'utf8')).toContain('| sqlite | 500 |');
  });
});

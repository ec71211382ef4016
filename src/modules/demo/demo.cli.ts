// `pingan seed-demo --cases N --seed S`: deterministic demo data for a demo or a benchmark
// (docs/benchmarks.md). Migrates and bootstraps first, so it works on an empty database.
import type { Command } from 'commander';
import { bootstrapDatabase } from '../../bootstrap.js';
import { withDatabase } from '../../cli.js';
import { seedDemo } from './seed-demo.js';

export const MAX_DEMO_CASES = 10_000_000;

function integer(name: string, min: number, max: number) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    return value;
  };
}

export function registerDemoCli(program: Command): void {
  program
    .command('seed-demo')
    .description('load deterministic demo data: the organisation on the real regions, then N cases with their histories')
    .option('--cases <n>', `cases to add (up to ${MAX_DEMO_CASES.toLocaleString('en')})`, integer('cases', 0, MAX_DEMO_CASES), 20_000)
    .option('--seed <s>', 'random seed: the same seed gives the same data', integer('seed', 0, 2 ** 31 - 1), 1)
    .option('--days <d>', 'days of history up to now', integer('days', 1, 3650), 730)
    .option('--region <code>', 'only this region (2–12 digit code prefix): a smaller world for quick runs')
    .option('--now <iso>', 'the instant the history ends (default: now)')
    .option('--fast-load', 'drop secondary indexes and the full-text trigger during the load (default: for 100,000 cases or more into a smaller table)')
    .option('--no-fast-load', 'keep every index while loading')
    .action(async (opts: { cases: number; seed: number; days: number; region?: string; now?: string; fastLoad?: boolean }) =>
      withDatabase(async ({ config, handle, out }) => {
        if (opts.region !== undefined && !/^\d{2,12}$/.test(opts.region)) throw new Error(`--region must be a region code prefix (2–12 digits), got "${opts.region}"`);
        const now = opts.now === undefined ? new Date() : new Date(opts.now);
        if (Number.isNaN(now.getTime())) throw new Error(`--now must be an ISO 8601 time, got "${opts.now}"`);
        await bootstrapDatabase(handle.db, { provinceCode: config.provinceCode, log: out });
        const result = await seedDemo(
          { config, db: handle.db },
          { cases: opts.cases, seed: opts.seed, days: opts.days, region: opts.region, now, fastLoad: opts.fastLoad ?? 'auto', log: out },
        );
        // CPU time of every thread of this process: on a busy machine it says more than the wall clock.
        const cpu = process.cpuUsage();
        out(`seed-demo: ${result.cases} cases, ${result.events} events, history up to ${result.now}, ${result.seconds.toFixed(1)} s (${Math.round(result.cases / Math.max(result.seconds, 0.001))} cases/s), cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, ${result.workers} generator threads`);
      }),
    );
}

// Times the SLA sweep on a seeded database, in process: `node --import tsx bench/lib/sweep-time.ts
// <database url> <history end ISO> [runs]`. Each run sweeps at one more minute after the history's
// end (as `npm run bench` does); prints the median and each run's summary.
import { open, sweep } from './measure.js';

const [url, end, runsArg] = process.argv.slice(2);
if (!url || !end) throw new Error('usage: sweep-time.ts <database url> <history end ISO> [runs]');
const h = open({ PINGAN_DATABASE_URL: url, PINGAN_DATA_KEY: '6a5b0c1d2e3f40516273849506a7b8c9dae0f1021324354657687980a1b2c3d4' });
const runs: Array<{ ms: number }> = [];
for (let i = 1; i <= Number(runsArg ?? 5); i++) {
  const started = process.hrtime.bigint();
  const summary = await sweep(h, new Date(Date.parse(end) + (100 + i) * 60_000));
  runs.push({ ms: Number(process.hrtime.bigint() - started) / 1e6, ...summary });
}
console.log(JSON.stringify({ medianMs: [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)]?.ms, runs }));
await h.destroy();

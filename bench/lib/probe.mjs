#!/usr/bin/env node
// Sequential GETs, one at a time, each timed: the latency a single user sees, with exact
// percentiles (autocannon reports no p95). Input: a JSON file with
// { base, headers, rounds, warmup, samples: [[path, path, …], …] } — one sample is a list of
// requests made one after the other (a case page is the case and its timeline) and timed together.
import { readFileSync } from 'node:fs';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const times = [];
let failures = 0;
let rows = 0;
const total = spec.warmup + spec.rounds;
for (let i = 0; i < total; i++) {
  const sample = spec.samples[i % spec.samples.length];
  const started = process.hrtime.bigint();
  for (const path of sample) {
    const response = await fetch(spec.base + path, { headers: spec.headers });
    const body = await response.text();
    if (!response.ok) {
      failures++;
      if (failures <= 3) process.stderr.write(`probe: ${response.status} ${path} ${body.slice(0, 300)}\n`);
    } else if (i === total - 1) {
      try {
        const parsed = JSON.parse(body);
        rows = Array.isArray(parsed.items) ? parsed.items.length : Array.isArray(parsed.events) ? parsed.events.length : rows;
      } catch {}
    }
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (i >= spec.warmup) times.push(ms);
}
times.sort((a, b) => a - b);
process.stdout.write(`${JSON.stringify({ n: times.length, failures, rows, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), max: times.at(-1) })}\n`);

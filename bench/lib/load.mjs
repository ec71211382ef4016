#!/usr/bin/env node
// Runs autocannon in its own process (so the load generator never shares an event loop with what
// it measures) and prints a JSON summary. Input: a JSON file with
// { url, connections, duration?, amount?, headers, requests: [{ method, path, body }] }.
// Each request of the list is sent once, in order, across all connections (amount = list length),
// or the list is cycled for `duration` seconds.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let next = 0;
const list = spec.requests;
// Our own clock: autocannon reports a run's duration in whole seconds plus a tick (2,000 requests
// done in 2.2 s read as 3.01 s), which made short fixed-amount runs look slower than they were.
const started = process.hrtime.bigint();
const instance = autocannon({
  url: spec.url,
  connections: spec.connections,
  ...(spec.amount ? { amount: spec.amount } : { duration: spec.duration }),
  headers: { 'content-type': 'application/json', ...spec.headers },
  requests: [
    {
      setupRequest: (request) => {
        const item = list[next++ % list.length];
        return { ...request, method: item.method, path: item.path, body: item.body === undefined ? undefined : JSON.stringify(item.body) };
      },
    },
  ],
});
autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
instance.on('done', (r) => {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(
    `${JSON.stringify({
      requests: r.requests.total,
      seconds,
      throughput: r.requests.total / seconds,
      ok: r['2xx'],
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      latency: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, mean: r.latency.mean },
    })}\n`,
  );
});

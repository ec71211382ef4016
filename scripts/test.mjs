#!/usr/bin/env node
// `npm test`: builds the web app when its sources changed (browser tests need it), then runs the
// whole suite with Vitest on both databases, and ends with the plain "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureWebBuild } from './web-build.mjs';

ensureWebBuild();
const report = path.join(os.tmpdir(), `pingan-vitest-${process.pid}.json`);
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const run = spawnSync('npx', args, { stdio: 'inherit' });
let code = run.status ?? 1;
try {
  const result = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = result.numPendingTests + result.numTodoTests;
  console.log(`\n${result.numPassedTests} passed, ${result.numFailedTests} failed, ${skipped} skipped`);
  if (result.numTotalTests === 0) code = 1;
  rmSync(report, { force: true });
} catch {
  console.log('\n0 passed, 1 failed (the test run produced no report)');
  code = code || 1;
}
process.exit(code);

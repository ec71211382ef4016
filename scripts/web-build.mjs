// Builds web/dist when it is missing or older than any file under web/ (except dist itself).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export function ensureWebBuild() {
  if (!existsSync('web/vite.config.ts')) return;
  const stamp = 'web/dist/index.html';
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= newestMtime('web')) return;
  console.log('Building the web app (web/dist) …');
  const run = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

#!/usr/bin/env node
// `npm start`: build what must be built, then run the server (first start migrates, loads the
// regions and creates the admin account; see src/main.ts).
import { spawn } from 'node:child_process';
import { ensureWebBuild } from './web-build.mjs';

ensureWebBuild();
const child = spawn(process.execPath, ['bin/pingan.mjs', 'serve'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

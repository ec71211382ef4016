#!/usr/bin/env node
// The `pingan` command. The server runs from TypeScript sources through tsx (see
// docs/decisions/0001-run-typescript-with-tsx.md), so there is no server build step to forget.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli.ts');
await runCli(process.argv);

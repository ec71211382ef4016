// The `pingan` command: serve, migrate, import-regions, user, audit. Each subcommand is registered
// by its module (cliCommands below) so this file stays an index.
import { Command } from 'commander';
import { bootstrapDatabase } from './bootstrap.js';
import { type Config, loadConfig } from './config.js';
import { type DbHandle, createDb } from './db/database.js';
import { migrateDown } from './db/migrate.js';
import { sealAuditRows, verifyAuditChain } from './modules/audit/audit.repository.js';
import { cliCommands } from './modules/cli-commands.js';

export interface CliEnv {
  config: Config;
  handle: DbHandle;
  out: (line: string) => void;
}

/** Runs fn with a database opened from the configuration, and closes it afterwards. */
export async function withDatabase<T>(fn: (env: CliEnv) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const handle = createDb(config.database);
  try {
    return await fn({ config, handle, out: (line) => process.stdout.write(`${line}\n`) });
  } finally {
    await handle.destroy();
  }
}

export function buildCli(): Command {
  const program = new Command('pingan').description('Pingan grassroots governance platform').showHelpAfterError();

  program
    .command('serve')
    .description('migrate, bootstrap and serve the API and web app')
    .action(async () => {
      const { serve } = await import('./main.js');
      await serve();
    });

  program
    .command('migrate')
    .description('bring the database schema up to date and load the shipped reference data')
    .option('--down', 'revert the last migration instead')
    .action(async (opts: { down?: boolean }) =>
      withDatabase(async ({ config, handle, out }) => {
        if (opts.down) {
          out(`reverted ${(await migrateDown(handle.db)) ?? 'nothing'}`);
          return;
        }
        await bootstrapDatabase(handle.db, { provinceCode: config.provinceCode, log: out });
        out('database is up to date');
      }),
    );

  program
    .command('audit')
    .description('audit log tools')
    .command('verify')
    .description('seal the committed audit rows, then recompute the hash chain; exits 1 if any row was edited, deleted or inserted')
    .action(async () =>
      withDatabase(async ({ handle, out }) => {
        await sealAuditRows(handle.db);
        const result = await verifyAuditChain(handle.db);
        const pending = result.pending > 0 ? `, ${result.pending} pending sealing` : '';
        if (result.ok) {
          out(`audit log intact: ${result.checked} rows verified${pending}`);
          return;
        }
        out(`audit log BROKEN at row ${result.brokenAt?.id}: ${result.brokenAt?.reason} (${result.checked} rows before it verified)`);
        process.exitCode = 1;
      }),
    );

  for (const register of cliCommands) register(program);
  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    process.stderr.write(`pingan: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

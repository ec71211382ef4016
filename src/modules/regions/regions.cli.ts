// `pingan import-regions [--province 62] [--file <path>]`: loads a region extract by hand, e.g. a
// second province or a newer edition of the shipped one. Safe to repeat (rows are upserted).
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { withDatabase } from '../../cli.js';
import { migrateToLatest } from '../../db/migrate.js';
import { describeImport, importRegionFile, shippedRegionFile } from './regions.import.js';

export function registerRegionsCli(program: Command): void {
  program
    .command('import-regions')
    .description('load administrative divisions from a region extract (data/regions/README.md)')
    .option('--province <code>', '2-digit province code whose shipped extract to load (default: PINGAN_PROVINCE)')
    .option('--file <path>', 'an extract file (code,name CSV, optionally gzipped) instead of the shipped one')
    .action(async (opts: { province?: string; file?: string }) =>
      withDatabase(async ({ config, handle, out }) => {
        const province = opts.province ?? config.provinceCode;
        if (!/^\d{2}$/.test(province)) throw new Error(`--province must be a 2-digit code, got "${province}"`);
        const file = opts.file ? path.resolve(opts.file) : shippedRegionFile(province);
        if (!existsSync(file)) throw new Error(`no region extract at ${file}`);
        await migrateToLatest(handle.db);
        const started = Date.now();
        const result = await importRegionFile(handle.db, file);
        out(`imported ${describeImport(result)} from ${file} in ${Date.now() - started} ms`);
      }),
    );
}

// `pingan user add` and `pingan user reset-password`: argument parsing only; the work is in
// user-admin.service.ts.
import type { Command } from 'commander';
import { withDatabase } from '../../cli.js';
import { AppError } from '../../errors.js';
import { addUserWithRole, resetPassword } from './user-admin.service.js';

function parseUnitId(value: string): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id < 1) throw new AppError('validation_failed', `--unit must be a unit id, got "${value}"`);
  return id;
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('manage accounts');

  user
    .command('add <username>')
    .description('create an account with one role, in a unit or in the governance centre of a region')
    .requiredOption('--role <role>', 'role to grant, e.g. admin, center_head, grid_worker')
    .option('--unit <id>', 'unit id to hold the role in', parseUnitId)
    .option('--region <code>', 'region code whose governance centre the role is held in')
    .option('--password <password>', 'initial password (a random one is printed when absent)')
    .option('--name <displayName>', 'display name (defaults to the username)')
    .action(async (username: string, opts: { role: string; unit?: number; region?: string; password?: string; name?: string }) =>
      withDatabase(async ({ config, handle, out }) => {
        const result = await addUserWithRole(
          { db: handle.db, config },
          { username, role: opts.role, unitId: opts.unit, regionCode: opts.region, password: opts.password, displayName: opts.name },
        );
        const grant = result.user.grants[0];
        out(`created user ${result.user.username} (id ${result.user.id}) as ${grant?.role} in ${grant?.unitName} (unit ${grant?.unitId})`);
        if (result.generatedPassword) out(`password: ${result.generatedPassword}`);
      }),
    );

  user
    .command('reset-password <username>')
    .description('set a new password, unlock the account and end its sessions')
    .option('--password <password>', 'the new password (a random one is printed when absent)')
    .action(async (username: string, opts: { password?: string }) =>
      withDatabase(async ({ config, handle, out }) => {
        const result = await resetPassword({ db: handle.db, config }, username, opts.password);
        out(`password of ${username} reset; the account is unlocked and its sessions are ended`);
        if (result.generatedPassword) out(`password: ${result.generatedPassword}`);
      }),
    );
}

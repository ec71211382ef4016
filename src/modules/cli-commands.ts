// Subcommands contributed by modules (import-regions, user, …), added to the `pingan` command.
import type { Command } from 'commander';
import { registerRegionsCli } from './regions/regions.cli.js';
import { registerUserCommands } from './users/users.cli.js';
import { registerDemoCli } from './demo/demo.cli.js';

export type CliRegistration = (program: Command) => void;

export const cliCommands: CliRegistration[] = [registerRegionsCli, registerUserCommands, registerDemoCli];

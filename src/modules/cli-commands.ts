// Subcommands contributed by modules (import-regions, user, …), added to the `pingan` command.
import type { Command } from 'commander';

export type CliRegistration = (program: Command) => void;

export const cliCommands: CliRegistration[] = [];

/**
 * Every command of the CLI, in the order `--help` lists them. Each module exports a factory
 * returning a commander `Command`; heavy dependencies are imported inside the actions, so
 * `mailtrail --help` stays fast. Add a command here with one line.
 *
 * @module
 */
import type { CliIo } from '../_io.js';
import { demoCommand } from './demo.js';
import { fetchCommand } from './fetch.js';
import { emulateCommand } from './emulate.js';
import { preflightCommand } from './preflight.js';
import { reportCommand } from './report.js';
import { unicornCommand } from './unicorn.js';
import { caseCommand, importCommand, sqlCommand } from './case-commands.js';

/** A command factory. Commands are built with `@commander-js/extra-typings`. */
export type CommandFactory = (io: CliIo) => { name(): string };

export const COMMANDS: readonly CommandFactory[] = [
  demoCommand,
  preflightCommand,
  fetchCommand,
  emulateCommand,
  caseCommand,
  importCommand,
  sqlCommand,
  reportCommand,
  unicornCommand,
];

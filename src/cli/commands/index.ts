/**
 * Every command of the CLI, in the order `--help` lists them. Each module exports a factory
 * returning a commander `Command`; heavy dependencies are imported inside the actions, so
 * `mailtrail --help` stays fast. Add a command here with one line.
 *
 * @module
 */
import type { CliIo } from '../_io.js';
import { emulateCommand } from './emulate.js';

/** A command factory. Commands are built with `@commander-js/extra-typings`. */
export type CommandFactory = (io: CliIo) => { name(): string };

export const COMMANDS: readonly CommandFactory[] = [emulateCommand];

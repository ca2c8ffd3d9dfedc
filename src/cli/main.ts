/**
 * The `mailtrail` root command.
 *
 * @module
 */
import { Command } from '@commander-js/extra-typings';
import { VERSION } from '../version.js';
import type { CliIo } from './_io.js';
import { COMMANDS } from './commands/index.js';

export function buildProgram(io: CliIo): Command {
  const program = new Command('mailtrail')
    .description(
      'Investigate compromised Microsoft 365 mailboxes: who was in, and what they searched, read, sent and deleted.',
    )
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();
  for (const make of COMMANDS) {
    const cmd = make(io) as Command;
    cmd
      .exitOverride()
      .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
    program.addCommand(cmd);
  }
  program.addHelpText(
    'after',
    `
Examples:
  mailtrail demo                       run a complete investigation on the built-in emulator
  mailtrail emulate --scenario bec     serve the Office 365 Activities API on 127.0.0.1
`,
  );
  return program;
}

/**
 * `mailtrail case init|info|verify`: create a case, describe it, check its evidence.
 *
 * @module
 */
import { Command } from '@commander-js/extra-typings';
import type { CliIo } from '../_io.js';
import { caseInfoCommand } from './case-info.js';
import { caseVerifyCommand } from './case-verify.js';

export function caseCommand(io: CliIo) {
  const cmd = new Command('case').description(
    'Create and inspect a case: the store, the evidence and the ledger',
  );
  cmd.addCommand(caseInitCommand(io));
  cmd.addCommand(caseInfoCommand(io));
  cmd.addCommand(caseVerifyCommand(io));
  return cmd;
}

function caseInitCommand(io: CliIo) {
  return new Command('init')
    .description('Create a new case in DIR (which must not exist or be empty)')
    .argument('<dir>', 'case directory')
    .option('--name <name>', 'case name (default: the directory name)')
    .option('--examiner <name>', 'who investigates')
    .option('--purpose <text>', 'why: the incident or ticket')
    .option('--time-zone <iana>', "the examiner's time zone, informational (all data is UTC)")
    .action(async (dir, opts) => {
      const { initCase } = await import('../../case/index.js');
      const handle = await initCase(
        dir,
        {
          ...(opts.name !== undefined ? { name: opts.name } : {}),
          ...(opts.examiner !== undefined ? { examiner: opts.examiner } : {}),
          ...(opts.purpose !== undefined ? { purpose: opts.purpose } : {}),
          ...(opts.timeZone !== undefined ? { timeZone: opts.timeZone } : {}),
        },
        { command: io.argv ?? ['case', 'init', dir], env: io.env },
      );
      await handle.close();
      io.stderr.write(`Created case ${handle.manifest.name} in ${handle.dir}\n`);
    });
}

/**
 * Runs the CLI with an argument vector and returns the exit code, without exiting the process,
 * so tests and embedders can drive any command. `runMain` is the process entry point.
 *
 * @module
 */
import { CommanderError } from '@commander-js/extra-typings';
import { isMailtrailError } from '../errors.js';
import { processIo, type CliIo } from './_io.js';
import { buildProgram } from './main.js';

export async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram({ ...io, argv });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    return reportError(err, io);
  }
}

export function reportError(err: unknown, io: CliIo): number {
  if (err instanceof CommanderError) {
    // commander already printed its message (help, version, or a usage error).
    if (
      err.code === 'commander.helpDisplayed' ||
      err.code === 'commander.version' ||
      err.code === 'commander.help'
    )
      return 0;
    return err.exitCode === 0 ? 0 : 2;
  }
  if (isMailtrailError(err)) {
    io.stderr.write(`mailtrail: ${err.message}\n`);
    if (err.code === 'E_USAGE') io.stderr.write('(run with --help for usage)\n');
    return err.exitCode;
  }
  if (io.signal?.aborted) {
    // Ctrl-C or SIGTERM: whatever was running surfaces as an abort error; that is no bug.
    io.stderr.write(
      'mailtrail: interrupted; nothing half-written was left behind (acquisitions continue with --resume)\n',
    );
    return 130;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  io.stderr.write(`mailtrail: internal error: ${e.stack ?? e.message}\n`);
  return 70;
}

/** Process entry: wires SIGINT/SIGTERM to an AbortSignal and exits with the command's code. */
export async function runMain(argv = process.argv.slice(2)): Promise<void> {
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // `mailtrail … | head`: a reader that stops early is not an error; stop quietly, as Unix tools do.
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      controller.abort(new Error('output closed'));
      process.exit(process.exitCode ?? 0);
    });
  const code = await runCommand(argv, processIo(controller.signal));
  process.exitCode = code;
}

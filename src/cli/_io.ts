/**
 * Where a command writes: data to `stdout`, progress and diagnostics to `stderr`. Passed to
 * commands rather than written to globals, so tests and embedders can capture both.
 *
 * @module
 */
import type { Writable } from 'node:stream';

export interface CliIo {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  /** Resolves when the user interrupts (SIGINT/SIGTERM) in long-running commands. */
  readonly signal?: AbortSignal;
}

export function processIo(signal?: AbortSignal): CliIo {
  return signal
    ? { stdout: process.stdout, stderr: process.stderr, env: process.env, signal }
    : { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

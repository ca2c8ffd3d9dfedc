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
  /** Terminal input, for password prompts; absent in tests and pipelines. */
  readonly stdin?: NodeJS.ReadStream;
  readonly env: NodeJS.ProcessEnv;
  /** The command line as given (for run records; redacted before it is stored). */
  readonly argv?: readonly string[];
  /** Resolves when the user interrupts (SIGINT/SIGTERM) in long-running commands. */
  readonly signal?: AbortSignal;
}

export function processIo(signal?: AbortSignal): CliIo {
  const base = { stdout: process.stdout, stderr: process.stderr, env: process.env, stdin: process.stdin };
  return signal ? { ...base, signal } : base;
}

/** Runs the CLI in-process with captured output (runCommand), for case tests. */
import { PassThrough } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../../src/cli/run.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'case');
export const fixture = (name: string) => join(FIXTURES, name);

const made: string[] = [];
process.on('exit', () => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A fresh temporary directory, removed when the test process exits. */
export function tempDir(prefix = 'mailtrail-case-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function cli(
  argv: string[],
  opts: { tty?: boolean; signal?: AbortSignal } = {},
): Promise<CliRun> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  err.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  if (opts.tty) Object.assign(out, { isTTY: true });
  const code = await runCommand(argv, {
    stdout: out,
    stderr: err,
    env: { ...process.env },
    argv,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return { code, stdout, stderr };
}

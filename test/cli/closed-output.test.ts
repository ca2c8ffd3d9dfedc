/**
 * `mailtrail … | head`: when the reader closes the pipe early, the CLI stops quietly (no stack
 * trace, no error exit), as Unix tools do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

test('a closed output pipe ends the command quietly (a data set written to stdout, read by head)', async () => {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, '../_mailtrail.ts'),
      'emulate',
      '--scale',
      '0.2',
      '--write-data',
      '-',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // Read the first chunk, then hang up, as `head -1` does.
  await once(child.stdout, 'data');
  child.stdout.destroy();
  const [code] = (await once(child, 'close')) as [number | null];
  assert.equal(stderr.includes('EPIPE'), false, stderr);
  assert.equal(stderr.includes('internal error'), false, stderr);
  assert.equal(code, 0);
});

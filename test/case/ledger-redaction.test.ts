import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initCase } from '../../src/case/index.js';
import { tempDir } from './_cli.js';

test('a case never records a credential from the command line it was created or opened with', async () => {
  const dir = join(tempDir(), 'redacted');
  const secret = 'eyJ0eXAiOiJKV1QiLCJzZWNyZXQiOnRydWV9.not-a-real-token';
  const command = ['fetch', 'audit', '--token', secret, '--client-secret=hunter2-secret', '--case', dir];
  const handle = await initCase(dir, {}, { command });
  await handle.close();
  const ledger = readFileSync(join(dir, 'ledger.jsonl'), 'utf8');
  const manifest = readFileSync(join(dir, 'manifest.json'), 'utf8');
  for (const text of [ledger, manifest]) {
    assert.ok(!text.includes(secret), 'the token must not be recorded');
    assert.ok(!text.includes('hunter2-secret'), 'the client secret must not be recorded');
  }
  assert.match(ledger, /--token <redacted>/);
  assert.match(ledger, /--client-secret=<redacted>/);
});

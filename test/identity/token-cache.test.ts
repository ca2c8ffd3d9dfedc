/**
 * The encrypted token cache (`--token-cache FILE`): a second run reuses the first run's token
 * without asking the identity provider, the file is 0600 and holds neither the token nor the
 * secret in plaintext, and a wrong passphrase or a changed file is refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { closeCredentials, resolveCredentials } from '../../src/case/fetch/credentials.js';
import { SECRET, SECRET_APP, choiceFor, startIdentityEmulator } from './_identity.js';

const PASS = 'cache-passphrase-41';

test('the encrypted cache carries a token to the next run and never holds it in plaintext', async (t) => {
  const f = await startIdentityEmulator(t);
  const cacheFile = join(f.dir, 'tokens.cache');
  const run = async (passphrase: string) => {
    const choice = choiceFor(f, {
      clientId: SECRET_APP,
      clientSecret: SECRET,
      tokenCacheFile: cacheFile,
      env: { MAILTRAIL_CACHE_PASSPHRASE: passphrase },
    });
    try {
      return await (await resolveCredentials(choice, 'outlook')).authorization();
    } finally {
      await closeCredentials(choice);
    }
  };
  const first = await run(PASS);
  assert.equal(f.emu.identity!.stats().tokensIssued, 1);
  const second = await run(PASS);
  assert.equal(second, first, 'the second run used the cached token');
  assert.equal(f.emu.identity!.stats().tokensIssued, 1, 'no new token was requested');

  if (process.platform !== 'win32') assert.equal((await stat(cacheFile)).mode & 0o777, 0o600);
  const text = await readFile(cacheFile, 'utf8');
  const token = first.split(' ')[1]!;
  for (const secret of [
    token,
    token.split('.')[1]!,
    token.split('.')[2]!,
    SECRET,
    SECRET_APP,
    'access_token',
  ])
    assert.ok(!text.includes(secret), `the cache file contains ${secret.slice(0, 12)}… in plaintext`);
  assert.equal(JSON.parse(text).cipher, 'aes-256-gcm');

  await assert.rejects(run('not-the-passphrase'), /cannot decrypt the token cache .*wrong passphrase/);
  await assert.rejects(
    resolveCredentials(
      choiceFor(f, { clientId: SECRET_APP, clientSecret: SECRET, tokenCacheFile: cacheFile }),
    ),
    /--token-cache needs a passphrase: set MAILTRAIL_CACHE_PASSPHRASE/,
  );

  // One changed byte of ciphertext is detected, not decrypted into garbage.
  const file = JSON.parse(text) as { data: string };
  const bytes = Buffer.from(file.data, 'base64');
  bytes[0] = bytes[0]! ^ 1;
  await writeFile(cacheFile, JSON.stringify({ ...file, data: bytes.toString('base64') }));
  await assert.rejects(run(PASS), /wrong passphrase .*or the file was altered/);
});

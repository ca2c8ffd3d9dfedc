/**
 * A delegated sign-in kept in the encrypted token cache (`--device-code --token-cache FILE`): the
 * next run refreshes it silently; an identity-provider blip during that refresh is retried and
 * never turns into a new device-code prompt; a refresh token the provider no longer knows does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { closeCredentials, resolveCredentials } from '../../src/case/fetch/credentials.js';
import {
  ANALYST,
  PUBLIC_APP,
  choiceFor,
  identityConfig,
  startIdentityEmulator,
  submitDeviceLogin,
  userCodeOf,
  type IdentityFixture,
} from './_identity.js';

const PASS = 'cache-passphrase-77';

/**
 * One run of a delegated sign-in with the cache; a device code, if one is asked for, is
 * approved (or declined) on the verification page so that the run ends either way.
 */
async function run(f: IdentityFixture, cacheFile: string, onCode: 'approve' | 'decline') {
  const prompts: string[] = [];
  const pages: Promise<unknown>[] = [];
  const choice = choiceFor(f, {
    clientId: PUBLIC_APP,
    deviceCode: true,
    tokenCacheFile: cacheFile,
    env: { MAILTRAIL_CACHE_PASSPHRASE: PASS },
    onDeviceCode: (message) => {
      prompts.push(message);
      pages.push(submitDeviceLogin(f, userCodeOf(message), ANALYST, onCode));
    },
  });
  try {
    const header = await (await resolveCredentials(choice, 'outlook')).authorization();
    return { header, prompts };
  } catch (err) {
    return { error: err as Error, prompts };
  } finally {
    await Promise.all(pages);
    await closeCredentials(choice);
  }
}

test('a cached delegated sign-in survives an identity-provider blip without a new device code', async (t) => {
  // Tokens of one minute: MSAL renews anything within five minutes of expiry, so every later
  // run has to use the refresh token (the path under test), not a cached access token.
  const f = await startIdentityEmulator(t, { identity: identityConfig({ tokenLifetimeSeconds: 60 }) });
  const cacheFile = join(f.dir, 'tokens.cache');
  const grants = () => f.emu.identity!.stats().byGrant;

  const first = await run(f, cacheFile, 'approve');
  assert.ok(first.header, `the first run signed in: ${first.error?.message}`);
  assert.equal(first.prompts.length, 1, 'the first run asked for a device code');

  const quiet = await run(f, cacheFile, 'decline');
  assert.equal(quiet.prompts.length, 0, 'the second run used the cached sign-in');
  assert.ok(quiet.header);
  const refreshes = grants().refresh_token ?? 0;
  assert.ok(refreshes >= 1, 'through the refresh token');

  // The next token request fails with 503 temporarily_unavailable: the refresh is tried again.
  f.emu.identity!.failTokenRequests(1);
  const blip = await run(f, cacheFile, 'decline');
  assert.deepEqual(blip.prompts, [], 'no device code because of a transient failure');
  assert.ok(blip.header, `the refresh succeeded on the retry: ${blip.error?.message}`);
  assert.equal(grants().refresh_token, refreshes + 1);

  // A longer outage ends the run with the provider's error, still without a device code.
  f.emu.identity!.failTokenRequests(100);
  const outage = await run(f, cacheFile, 'decline');
  f.emu.identity!.failTokenRequests(0);
  assert.deepEqual(outage.prompts, [], 'no device code during an outage');
  assert.match(String(outage.error?.message), /temporarily_unavailable|AADSTS90033|transient/i);
});

test('a refresh token the provider no longer honours leads to a new device-code sign-in', async (t) => {
  const f = await startIdentityEmulator(t, { identity: identityConfig({ tokenLifetimeSeconds: 60 }) });
  const cacheFile = join(f.dir, 'tokens.cache');
  assert.ok((await run(f, cacheFile, 'approve')).header);
  // An administrator revokes the analyst's sessions: the refresh is refused (invalid_grant),
  // so the user is asked to sign in again.
  assert.equal(f.emu.identity!.revokeSignIns(ANALYST), 1);
  const again = await run(f, cacheFile, 'approve');
  assert.equal(again.prompts.length, 1, 'a new device code was asked for');
  assert.ok(again.header, `and the new sign-in worked: ${again.error?.message}`);
});

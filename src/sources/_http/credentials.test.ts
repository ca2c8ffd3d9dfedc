import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basicCredentials, bearerToken, redactArgv } from './credentials.js';

test('providers build headers and describe themselves without the secret', async () => {
  const b = bearerToken('Bearer abc.def', 'OAUTH_TOKEN');
  assert.equal(await b.authorization(), 'Bearer abc.def');
  assert.ok(!b.description.includes('abc'));
  const basic = basicCredentials('u@x', 'p:w');
  assert.equal(await basic.authorization(), `Basic ${Buffer.from('u@x:p:w').toString('base64')}`);
  assert.ok(!basic.description.includes('p:w'));
});

test('argv redaction hides every credential form', () => {
  assert.deepEqual(
    redactArgv(['fetch', '--token', 'SECRET', '--user', 'a@b', '--client-secret=XYZ', '--password']),
    ['fetch', '--token', '<redacted>', '--user', 'a@b', '--client-secret=<redacted>', '--password'],
  );
});

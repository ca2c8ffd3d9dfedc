import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, isRetryableStatus, parseRetryAfter } from './retry-policy.js';

test('Retry-After in seconds and as an HTTP date', () => {
  const now = Date.parse('2018-06-12T09:00:00Z');
  assert.equal(parseRetryAfter('3', now), 3000);
  assert.equal(parseRetryAfter('0.5', now), 500);
  assert.equal(parseRetryAfter('Tue, 12 Jun 2018 09:00:10 GMT', now), 10_000);
  assert.equal(parseRetryAfter('Tue, 12 Jun 2018 08:00:00 GMT', now), 0);
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter('-1', now), undefined);
  assert.equal(parseRetryAfter(undefined, now), undefined);
});

test('backoff grows exponentially, is jittered and capped', () => {
  const opts = { baseMs: 100, maxMs: 1000 };
  assert.equal(
    backoffDelay(1, opts, () => 0),
    50,
  );
  assert.equal(
    backoffDelay(1, opts, () => 1),
    100,
  );
  assert.equal(
    backoffDelay(3, opts, () => 1),
    400,
  );
  assert.equal(
    backoffDelay(10, opts, () => 1),
    1000,
  );
  assert.ok([429, 500, 502, 503, 504].every(isRetryableStatus));
  assert.ok(![400, 401, 403, 404].some(isRetryableStatus));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventId } from '../../src/model/ids.js';
import { OccurrenceCounter } from '../../src/case/occurrence-counter.js';

test('counts occurrences per id exactly, across growth', () => {
  const c = new OccurrenceCounter(4);
  const ids = Array.from({ length: 5000 }, (_, i) => eventId('t', [String(i)]));
  for (const id of ids) assert.equal(c.next(id), 0);
  for (const id of ids.slice(0, 100)) assert.equal(c.next(id), 1);
  assert.equal(c.next(ids[7]!), 2);
  assert.equal(c.distinct, 5000);
  // Ids sharing their first 64 bits are still told apart.
  const a = '0123456789abcdef0000000000000001';
  const b = '0123456789abcdef0000000000000002';
  assert.deepEqual([c.next(a), c.next(b), c.next(a)], [0, 0, 1]);
});

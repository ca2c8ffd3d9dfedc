import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSlice, planSlices } from './slices.js';

test('slices are adjacent, half-open, and keep the user bounds at the edges', () => {
  const first = Date.parse('2018-01-01T00:00:00.000Z');
  const last = Date.parse('2018-01-01T04:00:00.000Z') - 1;
  const slices = planSlices({
    lower: { op: 'ge', at: '2017-12-01T00:00:00.000Z' },
    upper: { op: 'le', at: '2018-02-01T00:00:00.000Z' },
    firstMs: first,
    lastMs: last,
    slices: 4,
    minSliceMs: 60_000,
  });
  assert.deepEqual(slices.map(describeSlice), [
    '[2017-12-01T00:00:00.000Z, 2018-01-01T01:00:00.000Z)',
    '[2018-01-01T01:00:00.000Z, 2018-01-01T02:00:00.000Z)',
    '[2018-01-01T02:00:00.000Z, 2018-01-01T03:00:00.000Z)',
    '[2018-01-01T03:00:00.000Z, 2018-02-01T00:00:00.000Z]',
  ]);
});

test('without user bounds the outer slices are open, and short spans get fewer slices', () => {
  const t = Date.parse('2018-01-01T00:00:00.000Z');
  const slices = planSlices({ firstMs: t, lastMs: t + 90_000, slices: 16, minSliceMs: 60_000 });
  assert.equal(slices.length, 1);
  assert.equal(describeSlice(slices[0]!), '(-∞, +∞)');
  const two = planSlices({ firstMs: t, lastMs: t + 200_000, slices: 2, minSliceMs: 60_000 });
  assert.equal(two[0]!.lower, undefined);
  assert.equal(two[1]!.upper, undefined);
  assert.deepEqual(two[0]!.upper, two[1]!.lower && { op: 'lt', at: two[1]!.lower.at });
});

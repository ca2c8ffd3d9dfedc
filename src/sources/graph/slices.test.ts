import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeGraphSlice, planGraphSlices, splitSlice } from './slices.js';

test('slices partition the period window by window, user set by user set', () => {
  const s = planGraphSlices({
    start: '2026-08-01T00:00:00.000Z',
    end: '2026-08-03T12:00:00.000Z',
    windowMs: 86_400_000,
    users: ['a@x', 'b@x', 'c@x'],
    usersPerSlice: 2,
  });
  assert.deepEqual(
    s.map((x) => [x.key, x.users.join(','), x.start, x.end]),
    [
      ['u000-w0000', 'a@x,b@x', '2026-08-01T00:00:00.000Z', '2026-08-02T00:00:00.000Z'],
      ['u000-w0001', 'a@x,b@x', '2026-08-02T00:00:00.000Z', '2026-08-03T00:00:00.000Z'],
      ['u000-w0002', 'a@x,b@x', '2026-08-03T00:00:00.000Z', '2026-08-03T12:00:00.000Z'],
      ['u001-w0000', 'c@x', '2026-08-01T00:00:00.000Z', '2026-08-02T00:00:00.000Z'],
      ['u001-w0001', 'c@x', '2026-08-02T00:00:00.000Z', '2026-08-03T00:00:00.000Z'],
      ['u001-w0002', 'c@x', '2026-08-03T00:00:00.000Z', '2026-08-03T12:00:00.000Z'],
    ],
  );
  const tenant = planGraphSlices({
    start: s[0]!.start,
    end: s[0]!.end,
    windowMs: 3_600_000,
    users: [],
    usersPerSlice: 5,
  });
  assert.equal(tenant.length, 24);
  assert.match(describeGraphSlice(tenant[0]!), /for all users$/);
  assert.throws(() =>
    planGraphSlices({ start: s[0]!.end, end: s[0]!.start, windowMs: 1, users: [], usersPerSlice: 1 }),
  );
});

test('a capped slice splits in time, then by users, then not at all', () => {
  const slice = {
    key: 'u000-w0000',
    users: ['a@x', 'b@x', 'c@x'],
    start: '2026-08-01T00:00:00.000Z',
    end: '2026-08-01T00:04:00.000Z',
  };
  const [a, b] = splitSlice(slice, 60_000)!;
  assert.deepEqual([a.key, a.start, a.end], ['u000-w0000.0', slice.start, '2026-08-01T00:02:00.000Z']);
  assert.deepEqual([b.key, b.start, b.end], ['u000-w0000.1', '2026-08-01T00:02:00.000Z', slice.end]);
  // 90 s is less than twice the minimum: split the users instead.
  const short = { ...slice, end: '2026-08-01T00:01:30.000Z' };
  const [u1, u2] = splitSlice(short, 60_000)!;
  assert.deepEqual([u1.users, u2.users, u1.end, u2.start], [['a@x', 'b@x'], ['c@x'], short.end, short.start]);
  assert.equal(splitSlice({ ...short, users: ['a@x'] }, 60_000), null);
});

/**
 * What a report and `case info` say of incomplete acquisitions, from the case's run records:
 * Activities acquisitions with missing slices per mailbox, Graph acquisitions with missing or
 * unverified slices, an accepted shortfall, and an incomplete import a later --resume completed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completedLater } from '../../src/case/case-info.js';
import { incompleteEvidence } from '../../src/case/report/incomplete-evidence.js';
import type { RunRecord } from '../../src/store/index.js';

const run = (
  id: string,
  finishedAt: string,
  complete: boolean,
  input: Record<string, unknown>,
): RunRecord => ({
  id,
  kind: 'acquisition',
  startedAt: finishedAt,
  finishedAt,
  command: ['mailtrail', 'fetch'],
  inputs: [input],
  counts: {},
  issues: {},
  complete,
});

test('incomplete acquisitions: per-mailbox Activities slices, Graph slices, and what a later run completed', () => {
  const runs: RunRecord[] = [
    run('r1', '2026-11-01T10:00:00.000Z', false, {
      acquisition: 'evidence/acquisitions/a1',
      incompleteMailboxes: [{ mailbox: 'cfo@x.example', missingSlices: ['[2026-08-01, 2026-08-02)'] }],
    }),
    run('r2', '2026-11-01T11:00:00.000Z', false, {
      acquisition: 'evidence/acquisitions/a2-audit',
      missingSlices: ['u000-w0001 … HTTP 429'],
      unverifiedSlices: ['u000-w0002 … 20 fewer'],
    }),
    run('r3', '2026-11-01T12:00:00.000Z', false, {
      acquisition: 'evidence/acquisitions/a3-audit',
      missingSlices: [],
      unverifiedSlices: ['u000-w0000 … 9 fewer'],
      countShortfallAccepted: true,
    }),
    run('r4', '2026-11-01T13:00:00.000Z', false, {
      acquisition: 'evidence/acquisitions/a4',
      missingSlices: ['x'],
    }),
    run('r5', '2026-11-01T14:00:00.000Z', true, {
      acquisition: 'evidence/acquisitions/a4',
      missingSlices: [],
    }),
  ];
  assert.deepEqual(completedLater(runs), { r4: 'r5' });
  assert.deepEqual(incompleteEvidence(runs), [
    {
      acquisition: 'evidence/acquisitions/a1',
      run: 'r1',
      missing: ['cfo@x.example: [2026-08-01, 2026-08-02)'],
      unverified: [],
    },
    {
      acquisition: 'evidence/acquisitions/a2-audit',
      run: 'r2',
      missing: ['u000-w0001 … HTTP 429'],
      unverified: ['u000-w0002 … 20 fewer'],
    },
    // Recorded incomplete although the shortfall was accepted (an older import): said plainly.
    {
      acquisition: 'evidence/acquisitions/a3-audit',
      run: 'r3',
      missing: ['the acquisition is not complete'],
      unverified: [],
    },
  ]);
  // A complete run that finished before the incomplete one completes nothing; nor does one of
  // another acquisition.
  const earlier = { ...runs[4]!, finishedAt: '2026-11-01T09:00:00.000Z' };
  assert.deepEqual(completedLater([earlier, runs[3]!]), {});
  const other = { ...runs[4]!, inputs: [{ acquisition: 'evidence/acquisitions/a9' }] };
  assert.deepEqual(completedLater([runs[3]!, other]), {});
});

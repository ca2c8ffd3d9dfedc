/**
 * What became of a slice, recorded in the checkpoint and the ledger: complete (with its pages and
 * counts, and whether it fell clearly short of the service's count), split into halves (which
 * join the plan), or a gap. And which errors end a whole run rather than one slice.
 *
 * @module
 */
import { SourceError } from '../../../errors.js';
import { countShortfall, describeGraphSlice, type GraphSlice } from '../../../sources/graph/index.js';
import type { GraphCheckpoint, SliceResult, SliceState } from './graph-state.js';

/** What processing a slice ended in. A thrown error leaves the slice missing (retried on resume). */
export type SliceOutcome =
  | { readonly status: 'complete'; readonly result: SliceResult }
  | { readonly status: 'split'; readonly reason: string; readonly halves: readonly GraphSlice[] }
  | { readonly status: 'gap'; readonly reason: string };

/** Records a slice's outcome in the checkpoint and the ledger. */
export function settle(
  cp: GraphCheckpoint,
  state: SliceState,
  outcome: SliceOutcome,
  ledger: (e: object) => void,
): void {
  const time = new Date().toISOString();
  const slice = state.slice.key;
  if (outcome.status === 'complete') {
    const r = outcome.result;
    state.status = 'complete';
    state.result = r;
    delete state.queryId;
    ledger({
      type: 'slice',
      time,
      slice,
      range: describeGraphSlice(state.slice),
      status: 'complete',
      pages: r.pages.length,
      received: r.received,
      expected: r.expected ?? null,
      difference: r.expected !== undefined ? r.received - r.expected : null,
      // Clearly fewer records than the service counted: kept, but not verified by the count.
      ...(countShortfall(r.expected, r.received) ? { unverified: true } : {}),
      ...(r.queryId !== undefined ? { queryId: r.queryId } : {}),
    });
  } else if (outcome.status === 'split') {
    state.status = 'split';
    state.reason = outcome.reason;
    delete state.queryId;
    for (const h of outcome.halves) cp.slices[h.key] ??= { slice: h, status: 'pending' };
    ledger({
      type: 'split',
      time,
      slice,
      reason: outcome.reason,
      into: outcome.halves.map(describeGraphSlice),
    });
  } else {
    state.status = 'gap';
    state.reason = outcome.reason;
    delete state.queryId;
    ledger({ type: 'gap', time, slice, range: describeGraphSlice(state.slice), reason: outcome.reason });
  }
}

/**
 * Errors no other slice could avoid: the token, the permission, or the request as asked. Not a
 * 429: throttling that outlasts a slice's attempts, or asks a wait beyond what is waited in place,
 * leaves that slice missing with the reason, for `--resume` later, while the others go on.
 */
export function isFatal(err: unknown): boolean {
  return (
    err instanceof SourceError &&
    err.status !== undefined &&
    err.status >= 400 &&
    err.status < 500 &&
    err.status !== 404 &&
    err.status !== 408 &&
    err.status !== 409 &&
    err.status !== 429
  );
}

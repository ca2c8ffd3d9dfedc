/**
 * One slice of `fetch signins`: the sign-ins of its users in its half-open time window (and of
 * the event types asked for), paged through `@odata.nextLink` with every page kept. The
 * endpoint gives no count to compare with, so a slice is complete when its last page (the one
 * without a next link) is on disk.
 *
 * @module
 */
import { signInsUrl, type SignInEventType } from '../../../sources/graph/index.js';
import type { SliceOutcome, SliceTools } from '../graph/graph-run.js';
import type { SliceState } from '../graph/graph-state.js';

export function signInsSliceProcessor(s: {
  readonly graphUrl: string;
  readonly apiVersion: string;
  readonly pageSize: number;
  /** The `signInEventTypes` clause's types (empty on v1.0, which has no such property). */
  readonly eventTypes: readonly SignInEventType[];
}): (state: SliceState, t: SliceTools) => Promise<SliceOutcome> {
  return async (state, t) => {
    const pages = [];
    // One collection per event type, each with Microsoft's documented one-type filter
    // (`signInEventTypes/any(t: t eq 'nonInteractiveUser')`): whether the service accepts
    // several types joined by `or` inside one `any` is not documented. A sign-in has one type,
    // so the collections do not overlap.
    if (s.eventTypes.length === 0)
      pages.push(
        ...(await t.keepPages(
          state,
          signInsUrl(s.graphUrl, s.apiVersion, state.slice, s.pageSize, []),
          `the sign-ins of slice ${state.slice.key}`,
        )),
      );
    for (const type of s.eventTypes)
      pages.push(
        ...(await t.keepPages(
          state,
          signInsUrl(s.graphUrl, s.apiVersion, state.slice, s.pageSize, [type]),
          `the ${type} sign-ins of slice ${state.slice.key}`,
          type,
        )),
      );
    return { status: 'complete', result: { pages, received: pages.reduce((n, p) => n + p.records, 0) } };
  };
}

/**
 * One slice of `fetch audit`: a Graph audit log query from creation to its last record page.
 * A query the service fails or cancels is created again a bounded number of times; a query whose
 * results hit the service's record cap (`isRecordCountLimitExceeded`, or as many records as
 * `recordCountLimit`) is never accepted: its slice is split in halves, down to the minimum window
 * and a single user, and what is still capped there is reported as a gap. The records received
 * are compared with the service's `approximateReturnedRecordCount`.
 *
 * @module
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SourceError } from '../../../errors.js';
import { auditRecordsUrl, isCapped, splitSlice, type AuditQueryInfo } from '../../../sources/graph/index.js';
import type { SliceOutcome, SliceTools } from '../graph/graph-run.js';
import type { SliceState } from '../graph/graph-state.js';
import {
  awaitQuery,
  createQuery,
  fetchQuery,
  keepFinished,
  type QueryObject,
  type QuerySettings,
} from './audit-query-lifecycle.js';

export interface AuditSliceSettings extends QuerySettings {
  /** How many times a failed or cancelled query is created again before the slice is given up. */
  readonly queryRetries: number;
  readonly minWindowMs: number;
}

export function auditSliceProcessor(
  s: AuditSliceSettings,
): (state: SliceState, t: SliceTools) => Promise<SliceOutcome> {
  return async (state, t) => {
    for (;;) {
      let query: QueryObject | undefined;
      let reattached = false;
      if (state.queryId !== undefined) {
        // Resume: the checkpoint names a query this slice already created.
        const found = await fetchQuery(state, t, s, state.queryId);
        t.ledger({
          type: 'query',
          time: new Date().toISOString(),
          slice: state.slice.key,
          queryId: state.queryId,
          event: found
            ? `re-attached (${found.object.info.status})`
            : 'gone (HTTP 404): creating a new query',
        });
        if (found) {
          query = found.object;
          reattached = true;
        } else delete state.queryId;
      }
      query ??= await createQuery(state, t, s);
      const finished = await awaitQuery(state, t, s, query);
      await keepFinished(state, t, finished);
      const info = finished.info;
      if (info.status !== 'succeeded') {
        state.failedQueries = (state.failedQueries ?? 0) + 1;
        delete state.queryId;
        await t.checkpoint();
        if (state.failedQueries > s.queryRetries) {
          throw new SourceError(
            `[graph] the audit query of slice ${state.slice.key} ended ${info.status} ${state.failedQueries} time(s) (last: ${info.id}); rerun with --resume to try again`,
          );
        }
        continue;
      }
      if (isCapped(info)) return splitOrGap(state, s, capReason(info));
      let pages;
      try {
        pages = await t.keepPages(
          state,
          auditRecordsUrl(s.graphUrl, s.apiVersion, info.id),
          `the records of audit query ${info.id} (slice ${state.slice.key})`,
        );
      } catch (err) {
        // A query kept from an earlier run may still be listed after its results expired:
        // forget it and ask again, instead of failing on it at every --resume.
        if (!(reattached && err instanceof SourceError && err.status === 404)) throw err;
        t.ledger({
          type: 'query',
          time: new Date().toISOString(),
          slice: state.slice.key,
          queryId: info.id,
          event: 'records gone (HTTP 404): creating a new query',
        });
        delete state.queryId;
        await t.checkpoint();
        continue;
      }
      const received = pages.reduce((n, p) => n + p.records, 0);
      if (isCapped(info, received)) {
        // The pages stop at the cap: what they hold is not the slice. They are not evidence of
        // the acquisition's result, so they go; the ledger keeps their requests.
        await Promise.all(pages.map((p) => rm(join(t.dir, p.file), { force: true })));
        return splitOrGap(state, s, capReason(info, received));
      }
      return {
        status: 'complete',
        result: {
          pages,
          received,
          queryId: info.id,
          ...(info.approximateReturnedRecordCount !== undefined
            ? { expected: info.approximateReturnedRecordCount }
            : {}),
        },
      };
    }
  };
}

function splitOrGap(state: SliceState, s: AuditSliceSettings, reason: string): SliceOutcome {
  const halves = splitSlice(state.slice, s.minWindowMs);
  if (halves) return { status: 'split', reason, halves };
  return {
    status: 'gap',
    reason: `${reason}, and the slice cannot be split further (minimum window ${s.minWindowMs / 1000} s, one user): narrow it with --operations/--record-types, or retrieve it another way`,
  };
}

function capReason(q: AuditQueryInfo, received?: number): string {
  const limit = q.recordCountLimit !== undefined ? ` of ${q.recordCountLimit}` : '';
  return received !== undefined && q.isRecordCountLimitExceeded !== true
    ? `query ${q.id} returned ${received} records, its record limit${limit}`
    : `query ${q.id} exceeded its record limit${limit} (isRecordCountLimitExceeded)`;
}

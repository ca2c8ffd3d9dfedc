/**
 * The life of one Graph audit log query: created (`POST …/auditLog/queries`, 201), polled
 * (`GET …/queries/{id}`) with a growing interval until the service ends it, or until the slice's
 * time limit. The query object is kept as evidence as created (or as listed, when the answer to
 * its creation was lost and it was found by name) and as finished, and its id is checkpointed the
 * moment it is known, so a resumed run re-attaches to it.
 *
 * @module
 */
import { SourceError } from '../../../errors.js';
import { parseRetryAfter } from '../../../sources/_http/retry-policy.js';
import {
  abortableSleep,
  auditQueriesUrl,
  auditQueryBody,
  graphSend,
  type AuditFilters,
  type AuditQueryInfo,
} from '../../../sources/graph/index.js';
import { keepBody } from '../page-keeper.js';
import type { SliceTools } from '../graph/graph-run.js';
import { queryLabel, type QueryEvidence, type SliceState } from '../graph/graph-state.js';
import { getQuery, queryVerdict, type QueryEndpoint, type QueryObject } from './audit-query-object.js';
import { reattachCreatedQuery } from './audit-query-reattach.js';

export type { QueryObject } from './audit-query-object.js';

export interface QuerySettings extends QueryEndpoint {
  readonly filters: AuditFilters;
  /** First wait between polls (ms); it grows by half each poll up to {@link maxPollMs}. */
  readonly pollIntervalMs: number;
  readonly maxPollMs: number;
  /** A query still running this long after this run began waiting for it is given up (ms). */
  readonly queryTimeLimitMs: number;
}

/**
 * Creates the slice's query and checkpoints its id. A creation that may have reached the service
 * without its answer reaching us (this run's, or one in flight when an earlier run ended) is
 * first looked for in the service's query list, and re-attached to when found, so the tenant
 * never holds a second query for one slice.
 */
export async function createQuery(state: SliceState, t: SliceTools, s: QuerySettings): Promise<QueryObject> {
  const body = auditQueryBody(state.slice, s.filters, queryLabel(t.cp));
  const reattach = () => reattachCreatedQuery(state, t, s, body);
  if (state.creationPending) {
    const found = await reattach();
    if (found) return found.value;
  }
  // Marked before the POST leaves: a run killed while it is in flight resumes by listing first.
  state.creationPending = true;
  await t.checkpoint();
  const { value, reconciled } = await graphSend(t.ctx, {
    method: 'POST',
    url: auditQueriesUrl(s.graphUrl, s.apiVersion),
    json: body,
    slice: state.slice.key,
    what: `the audit query of slice ${state.slice.key}`,
    accept: async (res) => queryVerdict(res.body),
    reconcile: reattach,
  });
  if (reconciled) return value;
  const ordinal = (state.queries ?? []).filter((q) => q.stage !== 'finished').length + 1;
  const kept = await keepBody(t.dir, `queries/${state.slice.key}/${ordinal}-created.json.gz`, value.body);
  state.queryId = value.info.id;
  delete state.creationPending;
  (state.queries ??= []).push({
    ...kept,
    slice: state.slice.key,
    queryId: value.info.id,
    stage: 'created',
    status: value.info.status,
  });
  t.ledger({
    type: 'query',
    time: new Date().toISOString(),
    slice: state.slice.key,
    queryId: value.info.id,
    event: 'created',
  });
  await t.checkpoint();
  return value;
}

/** Reads a query the checkpoint names; `null` when the service no longer has it (404). */
export async function fetchQuery(
  state: SliceState,
  t: SliceTools,
  s: QuerySettings,
  id: string,
): Promise<{ object: QueryObject; retryAfterMs?: number } | null> {
  const got = await getQuery(state, t, s, id);
  if (!got) return null;
  const retryAfterMs = parseRetryAfter(got.response.headers['retry-after'], Date.now());
  return { object: got.value, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}

/**
 * Polls until the query is `succeeded`, `failed` or `cancelled`. Throws (the slice is then
 * missing, and `--resume` re-attaches to the same query) when the time limit passes first or the
 * query disappears.
 */
export async function awaitQuery(
  state: SliceState,
  t: SliceTools,
  s: QuerySettings,
  first: QueryObject,
): Promise<QueryObject> {
  const sleep = t.ctx.sleep ?? abortableSleep;
  const began = Date.now();
  let current = first;
  let wait = s.pollIntervalMs;
  let retryAfterMs: number | undefined;
  t.waiting(1);
  try {
    while (!isFinal(current.info)) {
      const elapsed = Date.now() - began;
      if (elapsed >= s.queryTimeLimitMs) {
        throw new SourceError(
          `[graph] audit query ${current.info.id} of slice ${state.slice.key} is still ${current.info.status} after ${Math.round(elapsed / 1000)} s (limit ${Math.round(s.queryTimeLimitMs / 1000)} s); rerun with --resume to wait for it again`,
        );
      }
      await sleep(Math.min(Math.max(wait, retryAfterMs ?? 0), s.queryTimeLimitMs - elapsed), t.ctx.signal);
      wait = Math.min(s.maxPollMs, Math.round(wait * 1.5));
      const polled = await fetchQuery(state, t, s, current.info.id);
      if (!polled)
        throw new SourceError(
          `[graph] audit query ${current.info.id} of slice ${state.slice.key} disappeared while it ran (HTTP 404); rerun with --resume to create a new one`,
        );
      current = polled.object;
      retryAfterMs = polled.retryAfterMs;
    }
  } finally {
    t.waiting(-1);
  }
  return current;
}

/** Keeps the query object as it finished, next to the one kept when it was created. */
export async function keepFinished(state: SliceState, t: SliceTools, q: QueryObject): Promise<void> {
  const created = (state.queries ?? []).find((e) => e.queryId === q.info.id && e.stage !== 'finished');
  const ordinal = created ? /\/(\d+)-(?:created|listed)\./.exec(created.file)?.[1] : undefined;
  const n = ordinal ?? String((state.queries ?? []).length + 1);
  const file = `queries/${state.slice.key}/${n}-finished.json.gz`;
  const kept = await keepBody(t.dir, file, q.body);
  const entry: QueryEvidence = {
    ...kept,
    slice: state.slice.key,
    queryId: q.info.id,
    stage: 'finished',
    status: q.info.status,
  };
  state.queries = [...(state.queries ?? []).filter((e) => e.file !== file), entry];
  t.ledger({
    type: 'query',
    time: new Date().toISOString(),
    slice: state.slice.key,
    queryId: q.info.id,
    event: q.info.status,
    approximateReturnedRecordCount: q.info.approximateReturnedRecordCount ?? null,
    recordCountLimit: q.info.recordCountLimit ?? null,
    isRecordCountLimitExceeded: q.info.isRecordCountLimitExceeded ?? null,
  });
}

function isFinal(q: AuditQueryInfo): boolean {
  return q.status === 'succeeded' || q.status === 'failed' || q.status === 'cancelled';
}

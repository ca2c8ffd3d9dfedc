/**
 * The life of one Graph audit log query: created (`POST …/auditLog/queries`, 201), polled
 * (`GET …/queries/{id}`) with a growing interval until the service ends it, or until the slice's
 * time limit. The query object is kept as evidence as created and as finished, and its id is
 * checkpointed the moment the service gives it, so a resumed run re-attaches to it.
 *
 * @module
 */
import { SourceError } from '../../../errors.js';
import { parseRetryAfter } from '../../../sources/_http/retry-policy.js';
import {
  abortableSleep,
  auditQueriesUrl,
  auditQueryBody,
  auditQueryUrl,
  graphSend,
  jsonObjectBody,
  readAuditQuery,
  type AuditFilters,
  type AuditQueryInfo,
} from '../../../sources/graph/index.js';
import { keepBody } from '../page-keeper.js';
import type { SliceTools } from '../graph/graph-run.js';
import type { QueryEvidence, SliceState } from '../graph/graph-state.js';

export interface QuerySettings {
  readonly graphUrl: string;
  readonly apiVersion: string;
  readonly filters: AuditFilters;
  readonly acquisitionId: string;
  /** First wait between polls (ms); it grows by half each poll up to {@link maxPollMs}. */
  readonly pollIntervalMs: number;
  readonly maxPollMs: number;
  /** A query still running this long after this run began waiting for it is given up (ms). */
  readonly queryTimeLimitMs: number;
}

export interface QueryObject {
  readonly info: AuditQueryInfo;
  readonly body: Buffer;
}

/** Creates the slice's query and checkpoints its id. */
export async function createQuery(state: SliceState, t: SliceTools, s: QuerySettings): Promise<QueryObject> {
  const url = auditQueriesUrl(s.graphUrl, s.apiVersion);
  const { value } = await graphSend(t.ctx, {
    method: 'POST',
    url,
    json: auditQueryBody(state.slice, s.filters, s.acquisitionId),
    slice: state.slice.key,
    what: `the audit query of slice ${state.slice.key}`,
    accept: async (res) => queryVerdict(res.body),
  });
  const ordinal = (state.queries ?? []).filter((q) => q.stage === 'created').length + 1;
  const kept = await keepBody(t.dir, `queries/${state.slice.key}/${ordinal}-created.json.gz`, value.body);
  state.queryId = value.info.id;
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
  try {
    const { value, response } = await graphSend(t.ctx, {
      method: 'GET',
      url: auditQueryUrl(s.graphUrl, s.apiVersion, id),
      slice: state.slice.key,
      what: `audit query ${id} of slice ${state.slice.key}`,
      accept: async (res) => queryVerdict(res.body),
    });
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], Date.now());
    return { object: value, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  } catch (err) {
    if (err instanceof SourceError && err.status === 404) return null;
    throw err;
  }
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
  const created = (state.queries ?? []).find((e) => e.queryId === q.info.id && e.stage === 'created');
  const ordinal = created ? /\/(\d+)-created/.exec(created.file)?.[1] : undefined;
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

function queryVerdict(body: Buffer): { ok: QueryObject } | { retry: string } {
  const obj = jsonObjectBody(body);
  if ('retry' in obj) return obj;
  const info = readAuditQuery(obj.ok);
  if ('invalid' in info) return { retry: info.invalid };
  return { ok: { info, body } };
}

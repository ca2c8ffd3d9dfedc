/**
 * Re-attaching a slice to the audit query it created without hearing back. A creation (`POST
 * …/auditLog/queries`) whose answer was lost — a timeout, a reset, a cut-short body, a 5xx after
 * the service acted, or a run that ended while the POST was in flight — may have created the
 * query all the same; sending it again would leave that query running in the tenant, an orphan
 * using the tenant's query quota and muddying its audit trail. So before a creation is sent
 * again, the query list is read to its end and a query with this slice's `displayName` and
 * filters, not already known to the slice, is taken instead. The list page it was found in is
 * kept as evidence (`<n>-listed.json.gz`) and the re-attachment is a ledger line.
 *
 * @module
 */
import type { HttpResponse } from '../../../sources/_http/client.js';
import {
  auditQueriesUrl,
  isSameAuditQuery,
  pageThrough,
  readAuditQueryListPage,
} from '../../../sources/graph/index.js';
import { keepBody } from '../page-keeper.js';
import type { SliceTools } from '../graph/graph-run.js';
import type { SliceState } from '../graph/graph-state.js';
import { getQuery, type QueryEndpoint, type QueryObject } from './audit-query-object.js';

interface ListedMatch {
  readonly query: Record<string, unknown>;
  readonly id: string;
  /** The list page the query was in, verbatim. */
  readonly page: Buffer;
}

/**
 * The query `body` created for this slice, found in the service's list and read by id, with the
 * slice re-attached to it (and checkpointed); `undefined` when the list holds none, so the
 * creation is to be sent (again).
 */
export async function reattachCreatedQuery(
  state: SliceState,
  t: SliceTools,
  s: QueryEndpoint,
  body: Record<string, unknown>,
): Promise<{ value: QueryObject; response: HttpResponse } | undefined> {
  const displayName = String(body.displayName);
  const { matches, listed } = await listMatches(state, t, s, body);
  const time = () => new Date().toISOString();
  // Several matches can only come from creations whose answers were all lost: prefer one the
  // service has not failed, and of those the last listed (the list is not documented as
  // ordered; the others are named in the ledger either way).
  const usable = matches.filter((m) => m.query.status !== 'failed' && m.query.status !== 'cancelled');
  const chosen = (usable.length > 0 ? usable : matches).at(-1);
  if (!chosen) {
    t.ledger({
      type: 'query',
      time: time(),
      slice: state.slice.key,
      event: 'not listed: creating it',
      displayName,
      listed,
    });
    return undefined;
  }
  const ordinal = (state.queries ?? []).filter((q) => q.stage !== 'finished').length + 1;
  const kept = await keepBody(t.dir, `queries/${state.slice.key}/${ordinal}-listed.json.gz`, chosen.page);
  (state.queries ??= []).push({
    ...kept,
    slice: state.slice.key,
    queryId: chosen.id,
    stage: 'listed',
    ...(typeof chosen.query.status === 'string' ? { status: chosen.query.status } : {}),
  });
  const got = await getQuery(state, t, s, chosen.id);
  const others = matches.filter((m) => m !== chosen).map((m) => m.id);
  t.ledger({
    type: 'query',
    time: time(),
    slice: state.slice.key,
    queryId: chosen.id,
    event: got
      ? `re-attached (listed, ${got.value.info.status})`
      : 'listed, then gone (HTTP 404): creating a new query',
    displayName,
    ...(others.length > 0 ? { alsoListed: others } : {}),
  });
  if (!got) {
    await t.checkpoint();
    return undefined;
  }
  state.queryId = chosen.id;
  delete state.creationPending;
  await t.checkpoint();
  return got;
}

/** Every listed query that is `body`'s and not one the slice already knows, in list order. */
async function listMatches(
  state: SliceState,
  t: SliceTools,
  s: QueryEndpoint,
  body: Record<string, unknown>,
): Promise<{ matches: ListedMatch[]; listed: number }> {
  const known = new Set((state.queries ?? []).map((q) => q.queryId));
  const matches: ListedMatch[] = [];
  let listed = 0;
  await pageThrough(t.ctx, {
    firstUrl: auditQueriesUrl(s.graphUrl, s.apiVersion),
    slice: state.slice.key,
    what: `the list of audit queries (looking for ${JSON.stringify(body.displayName)})`,
    parse: async (page) => {
      const p = readAuditQueryListPage(page);
      if ('invalid' in p) return p;
      return {
        count: p.queries.length,
        ids: p.queries.map((q) => (typeof q.id === 'string' ? q.id : '')),
        nextLink: p.nextLink,
        extra: { page, queries: p.queries },
      };
    },
    onPage: async (page) => {
      const { page: raw, queries } = page.extra as { page: Buffer; queries: Record<string, unknown>[] };
      listed += queries.length;
      for (const q of queries)
        if (typeof q.id === 'string' && !known.has(q.id) && isSameAuditQuery(q, body))
          matches.push({ query: q, id: q.id, page: raw });
    },
  });
  return { matches, listed };
}

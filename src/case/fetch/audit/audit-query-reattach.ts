/**
 * Re-attaching a slice to the audit query it created without hearing back. A creation (`POST
 * …/auditLog/queries`) whose answer was lost — a timeout, a reset, a cut-short body, a 5xx after
 * the service acted, or a run that ended while the POST was in flight — may have created the
 * query all the same; sending it again would leave that query running in the tenant, an orphan
 * using the tenant's query quota and muddying its audit trail. So before a creation is sent
 * again, the query list is read to its end and a query with this slice's `displayName` and window
 * (and filters, where the list shows them), not already known to the slice, is read by id and
 * taken instead.
 *
 * The query becomes the slice's — known to it, kept as evidence (`<n>-listed.json.gz`, the body
 * of the GET by id) and checkpointed — only once that GET has returned it: a GET that fails
 * leaves the slice's creation pending, so the next attempt or `--resume` lists again and finds
 * the same query rather than creating a second one. The list pages themselves hold other
 * investigations' queries and are not kept: the ledger records the SHA-256 of the page a query
 * was found in and how many queries it held.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { HttpResponse } from '../../../sources/_http/client.js';
import {
  auditQueriesUrl,
  filtersNotListed,
  isSameAuditQuery,
  pageThrough,
  readAuditQueryListPage,
} from '../../../sources/graph/index.js';
import { keepBody } from '../page-keeper.js';
import type { SliceTools } from '../graph/graph-run.js';
import type { SliceState } from '../graph/graph-state.js';
import { getQuery, type QueryEndpoint, type QueryObject } from './audit-query-object.js';

/** A page of the query list, as the ledger describes it (never its content). */
interface ListPage {
  readonly sha256: string;
  /** Queries the page held, this acquisition's and any other's. */
  readonly queries: number;
}

interface ListedMatch {
  readonly query: Record<string, unknown>;
  readonly id: string;
  /** The list page the query was in. */
  readonly page: ListPage;
}

/**
 * The query `body` created for this slice, found in the service's list and read by id, with the
 * slice re-attached to it (and checkpointed); `undefined` when the list holds none the service
 * still knows, so the creation is to be sent (again).
 */
export async function reattachCreatedQuery(
  state: SliceState,
  t: SliceTools,
  s: QueryEndpoint,
  body: Record<string, unknown>,
): Promise<{ value: QueryObject; response: HttpResponse } | undefined> {
  const displayName = String(body.displayName);
  const slice = state.slice.key;
  const { matches, pages } = await listMatches(state, t, s, body);
  const time = () => new Date().toISOString();
  if (matches.length === 0) {
    t.ledger({
      type: 'query',
      time: time(),
      slice,
      event: 'not listed: creating it',
      displayName,
      listed: pages.reduce((n, p) => n + p.queries, 0),
      listPages: pages,
    });
    return undefined;
  }
  // Several matches can only come from creations whose answers were all lost: one the service
  // has not failed first, and of those the last listed (the list is not documented as ordered;
  // the others are named in the ledger either way). One the service no longer has (404) is
  // passed over for the next.
  const ended = (m: ListedMatch) => m.query.status === 'failed' || m.query.status === 'cancelled';
  const order = [...matches.filter((m) => !ended(m)).reverse(), ...matches.filter(ended).reverse()];
  for (const [i, m] of order.entries()) {
    const others = order.filter((o) => o !== m).map((o) => o.id);
    const unlisted = filtersNotListed(m.query);
    t.ledger({
      type: 'query',
      time: time(),
      slice,
      queryId: m.id,
      event: 'listed: reading it',
      displayName,
      listPage: m.page,
      ...(unlisted.length > 0 ? { filtersNotListed: unlisted } : {}),
      ...(others.length > 0 ? { alsoListed: others } : {}),
    });
    // Nothing is recorded before this GET answers: if it fails, the creation stays pending and
    // the query unknown to the slice, so the next look at the list finds it again.
    const got = await getQuery(state, t, s, m.id);
    if (!got) {
      t.ledger({
        type: 'query',
        time: time(),
        slice,
        queryId: m.id,
        event:
          i + 1 < order.length
            ? 'listed, then gone (HTTP 404): reading the next listed one'
            : 'listed, then gone (HTTP 404): creating a new query',
      });
      continue;
    }
    const ordinal = (state.queries ?? []).filter((q) => q.stage !== 'finished').length + 1;
    const kept = await keepBody(t.dir, `queries/${slice}/${ordinal}-listed.json.gz`, got.value.body);
    (state.queries ??= []).push({
      ...kept,
      slice,
      queryId: m.id,
      stage: 'listed',
      status: got.value.info.status,
    });
    state.queryId = m.id;
    delete state.creationPending;
    t.ledger({
      type: 'query',
      time: time(),
      slice,
      queryId: m.id,
      event: `re-attached (listed, ${got.value.info.status})`,
      displayName,
    });
    await t.checkpoint();
    return got;
  }
  return undefined;
}

/** Every listed query that is `body`'s and not one the slice already knows, in list order. */
async function listMatches(
  state: SliceState,
  t: SliceTools,
  s: QueryEndpoint,
  body: Record<string, unknown>,
): Promise<{ matches: ListedMatch[]; pages: ListPage[] }> {
  const known = new Set((state.queries ?? []).map((q) => q.queryId));
  const matches: ListedMatch[] = [];
  const pages: ListPage[] = [];
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
        extra: {
          page: { sha256: createHash('sha256').update(page).digest('hex'), queries: p.queries.length },
          queries: p.queries,
        },
      };
    },
    onPage: async (listed) => {
      const { page, queries } = listed.extra as { page: ListPage; queries: Record<string, unknown>[] };
      pages.push(page);
      for (const q of queries)
        if (typeof q.id === 'string' && !known.has(q.id) && isSameAuditQuery(q, body))
          matches.push({ query: q, id: q.id, page });
    },
  });
  return { matches, pages };
}

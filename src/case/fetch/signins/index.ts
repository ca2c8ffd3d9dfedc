/**
 * `fetch signins`: Entra ID sign-in logs through Graph (`/auditLogs/signIns`), one slice per user
 * and time window, retrieved in parallel, every page kept as evidence. The default endpoint is
 * `beta`, whose sign-ins carry `sessionId`, `uniqueTokenIdentifier` and `userAgent` (the keys the
 * session analyses join Exchange audit records on); `--api-version v1.0` uses the stable one.
 *
 * @module
 */
import { UsageError } from '../../../errors.js';
import { planGraphSlices, SIGNINS_PAGE_SIZE } from '../../../sources/graph/index.js';
import { runGraphFetch, type GraphFetchOptions, type GraphFetchResult } from '../graph/graph-fetch.js';
import { signInsSliceProcessor } from './signins-slice.js';

export const SIGNINS_DEFAULTS = {
  apiVersion: 'beta',
  windowMs: 86_400_000,
  pageSize: SIGNINS_PAGE_SIZE,
} as const;

export interface FetchSignInsOptions extends GraphFetchOptions {
  /** Sign-ins per page (`$top`, 1–1000); smaller pages for slow links. */
  readonly pageSize?: number;
}

export async function runFetchSignIns(o: FetchSignInsOptions): Promise<GraphFetchResult> {
  const pageSize = o.pageSize ?? SIGNINS_PAGE_SIZE;
  if (!(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= SIGNINS_PAGE_SIZE))
    throw new UsageError(`[fetch] --page-size must be a whole number from 1 to ${SIGNINS_PAGE_SIZE}`);
  const graphUrl = o.graphUrl.replace(/\/+$/, '');
  return runGraphFetch(o, {
    source: 'signins',
    params: ({ start, end }) => ({
      graphUrl,
      apiVersion: o.apiVersion,
      users: o.users,
      start,
      end,
      windowMs: o.windowMs,
      usersPerSlice: 1,
      minWindowMs: o.windowMs,
      operations: [],
      recordTypes: [],
      ips: [],
    }),
    plan: (p) =>
      planGraphSlices({ start: p.start, end: p.end, windowMs: p.windowMs, users: p.users, usersPerSlice: 1 }),
    processSlice: () => signInsSliceProcessor({ graphUrl, apiVersion: o.apiVersion, pageSize }),
  });
}

/**
 * `fetch signins`: Entra ID sign-in logs through Graph (`/auditLogs/signIns`), one slice per user
 * and time window, retrieved in parallel, every page kept as evidence. The default endpoint is
 * `beta`, whose sign-ins carry `sessionId`, `uniqueTokenIdentifier` and `userAgent` (the keys the
 * session analyses join Exchange audit records on); `--api-version v1.0` uses the stable one.
 *
 * The endpoint returns interactive sign-ins only unless asked for other `signInEventTypes`; the
 * default asks for interactive and non-interactive user sign-ins (token refreshes: where a
 * replayed refresh token shows), and the types asked for are recorded with the acquisition.
 *
 * @module
 */
import { UsageError } from '../../../errors.js';
import {
  planGraphSlices,
  SIGNIN_EVENT_TYPES,
  SIGNINS_PAGE_SIZE,
  type SignInEventType,
} from '../../../sources/graph/index.js';
import { runGraphFetch, type GraphFetchOptions, type GraphFetchResult } from '../graph/graph-fetch.js';
import { signInsSliceProcessor } from './signins-slice.js';

/** Interactive and non-interactive user sign-ins: what a mailbox compromise needs. */
export const DEFAULT_SIGNIN_EVENT_TYPES: readonly SignInEventType[] = [
  'interactiveUser',
  'nonInteractiveUser',
];

export const SIGNINS_DEFAULTS = {
  apiVersion: 'beta',
  windowMs: 86_400_000,
  pageSize: SIGNINS_PAGE_SIZE,
  eventTypes: DEFAULT_SIGNIN_EVENT_TYPES,
} as const;

export interface FetchSignInsOptions extends GraphFetchOptions {
  /** Sign-ins per page (`$top`, 1–1000); smaller pages for slow links. */
  readonly pageSize?: number;
  /**
   * The `signInEventTypes` to retrieve (names as Graph spells them, any case; default
   * {@link DEFAULT_SIGNIN_EVENT_TYPES}). v1.0 serves interactive sign-ins only, so anything else
   * with v1.0 is a usage error rather than a retrieval that silently lacks them.
   */
  readonly eventTypes?: readonly string[];
}

export async function runFetchSignIns(o: FetchSignInsOptions): Promise<GraphFetchResult> {
  const pageSize = o.pageSize ?? SIGNINS_PAGE_SIZE;
  if (!(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= SIGNINS_PAGE_SIZE))
    throw new UsageError(`[fetch] --page-size must be a whole number from 1 to ${SIGNINS_PAGE_SIZE}`);
  const eventTypes = resolveSignInEventTypes(o.apiVersion, o.eventTypes);
  // v1.0 has no signInEventTypes to filter on: it returns interactive sign-ins without a clause.
  const filterTypes = o.apiVersion === 'v1.0' ? [] : eventTypes;
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
      eventTypes,
    }),
    plan: (p) =>
      planGraphSlices({ start: p.start, end: p.end, windowMs: p.windowMs, users: p.users, usersPerSlice: 1 }),
    processSlice: () =>
      signInsSliceProcessor({ graphUrl, apiVersion: o.apiVersion, pageSize, eventTypes: filterTypes }),
  });
}

/**
 * The event types of a retrieval, validated and in canonical order: known names only (matched
 * ignoring case), at least one, and on v1.0 nothing but `interactiveUser`.
 */
function resolveSignInEventTypes(
  apiVersion: string,
  asked: readonly string[] | undefined,
): SignInEventType[] {
  const names = asked ?? DEFAULT_SIGNIN_EVENT_TYPES;
  if (names.length === 0)
    throw new UsageError(
      `[fetch] --event-types is empty: give one or more of ${SIGNIN_EVENT_TYPES.join(', ')}`,
    );
  const chosen = new Set<SignInEventType>();
  for (const name of names) {
    const known = SIGNIN_EVENT_TYPES.find((t) => t.toLowerCase() === name.trim().toLowerCase());
    if (known === undefined)
      throw new UsageError(
        `[fetch] --event-types: ${JSON.stringify(name)} is not a sign-in event type; use ${SIGNIN_EVENT_TYPES.join(', ')}`,
      );
    chosen.add(known);
  }
  const types = SIGNIN_EVENT_TYPES.filter((t) => chosen.has(t));
  const others = types.filter((t) => t !== 'interactiveUser');
  if (apiVersion === 'v1.0' && others.length > 0)
    throw new UsageError(
      `[fetch] --api-version v1.0 only returns interactive sign-ins, and this retrieval asks for ${others.join(', ')}${asked === undefined ? ` (the default --event-types is ${DEFAULT_SIGNIN_EVENT_TYPES.join(',')})` : ''}: use --api-version beta, or --event-types interactiveUser to retrieve interactive sign-ins only`,
    );
  return types;
}

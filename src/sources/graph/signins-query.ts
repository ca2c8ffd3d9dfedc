/**
 * Entra ID sign-in logs through Graph (`GET /auditLogs/signIns`, docs/ual-formats.md §4.1): the
 * first URL of one slice, with `$filter` on time (`ge` start, `lt` end: adjacent slices never
 * share a sign-in) and on the user, and `$top`. Later pages come from `@odata.nextLink`.
 *
 * The default API version is `beta`: only there do sign-ins carry `sessionId`,
 * `uniqueTokenIdentifier` and `userAgent`, the fields the session analyses join Exchange audit
 * records on (v1.0 lacks them). `--api-version v1.0` asks the stable endpoint instead.
 *
 * Without a `signInEventTypes` filter the endpoint returns interactive sign-ins only (Microsoft's
 * signIn resource, beta). On beta the event types asked for become a lambda clause; `fetch
 * signins` asks one type per request (`signInEventTypes/any(t: t eq 'nonInteractiveUser')`,
 * Microsoft's documented form), since several types joined by `or` inside one `any`, though
 * standard OData, is not an example Microsoft shows. The emulator accepts both.
 *
 * @module
 */
import type { GraphSlice } from './slices.js';

/** Sign-ins per page: the endpoint's maximum. */
export const SIGNINS_PAGE_SIZE = 1000;

/** The values of the beta `signIn.signInEventTypes` a retrieval can ask for, in canonical order. */
export const SIGNIN_EVENT_TYPES = [
  'interactiveUser',
  'nonInteractiveUser',
  'servicePrincipal',
  'managedIdentity',
] as const;

export type SignInEventType = (typeof SIGNIN_EVENT_TYPES)[number];

/** The lambda clause selecting sign-ins of any of `types` (none: no clause). */
export function signInEventTypesClause(types: readonly SignInEventType[]): string | undefined {
  if (types.length === 0) return undefined;
  return `signInEventTypes/any(t: ${types.map((t) => `t eq ${odataString(t)}`).join(' or ')})`;
}

/** An OData string literal: single quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * The `$filter` of a slice: its half-open time window, its users (if any) and, when given (beta
 * only), the sign-in event types.
 */
export function signInsFilter(slice: GraphSlice, eventTypes: readonly SignInEventType[] = []): string {
  const parts = [`createdDateTime ge ${slice.start}`, `createdDateTime lt ${slice.end}`];
  if (slice.users.length === 1) parts.push(`userPrincipalName eq ${odataString(slice.users[0]!)}`);
  else if (slice.users.length > 1)
    parts.push(`(${slice.users.map((u) => `userPrincipalName eq ${odataString(u)}`).join(' or ')})`);
  const types = signInEventTypesClause(eventTypes);
  if (types !== undefined) parts.push(types);
  return parts.join(' and ');
}

export function signInsUrl(
  graphUrl: string,
  apiVersion: string,
  slice: GraphSlice,
  top = SIGNINS_PAGE_SIZE,
  eventTypes: readonly SignInEventType[] = [],
): string {
  const filter = encodeURIComponent(signInsFilter(slice, eventTypes));
  return `${graphUrl.replace(/\/+$/, '')}/${apiVersion}/auditLogs/signIns?$filter=${filter}&$top=${top}`;
}

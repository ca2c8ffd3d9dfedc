/**
 * Entra ID sign-in logs through Graph (`GET /auditLogs/signIns`, docs/ual-formats.md §4.1): the
 * first URL of one slice, with `$filter` on time (`ge` start, `lt` end: adjacent slices never
 * share a sign-in) and on the user, and `$top`. Later pages come from `@odata.nextLink`.
 *
 * The default API version is `beta`: only there do sign-ins carry `sessionId`,
 * `uniqueTokenIdentifier` and `userAgent`, the fields the session analyses join Exchange audit
 * records on (v1.0 lacks them). `--api-version v1.0` asks the stable endpoint instead.
 *
 * @module
 */
import type { GraphSlice } from './slices.js';

/** Sign-ins per page: the endpoint's maximum. */
export const SIGNINS_PAGE_SIZE = 1000;

/** An OData string literal: single quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** The `$filter` of a slice: its half-open time window and its users (if any). */
export function signInsFilter(slice: GraphSlice): string {
  const parts = [`createdDateTime ge ${slice.start}`, `createdDateTime lt ${slice.end}`];
  if (slice.users.length === 1) parts.push(`userPrincipalName eq ${odataString(slice.users[0]!)}`);
  else if (slice.users.length > 1)
    parts.push(`(${slice.users.map((u) => `userPrincipalName eq ${odataString(u)}`).join(' or ')})`);
  return parts.join(' and ');
}

export function signInsUrl(
  graphUrl: string,
  apiVersion: string,
  slice: GraphSlice,
  top = SIGNINS_PAGE_SIZE,
): string {
  const filter = encodeURIComponent(signInsFilter(slice));
  return `${graphUrl.replace(/\/+$/, '')}/${apiVersion}/auditLogs/signIns?$filter=${filter}&$top=${top}`;
}

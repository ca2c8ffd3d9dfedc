/**
 * Finding a query this retrieval created without hearing back: the list of audit log queries
 * (`GET /security/auditLog/queries`, paged by `@odata.nextLink`) read page by page, and the test
 * of whether a listed query is the one a slice's creation body asked for.
 *
 * Microsoft documents the list call but not which OData options it honours ("supports some of
 * the OData query parameters"), nor which properties a listed query carries, so the list is asked
 * for whole and matched here, on the client: the same `displayName` (the acquisition's id and
 * random tag and the slice's key: unique) and the same window, and the same filters where the
 * listing carries them, compared by value (times as instants, filter values as sets ignoring
 * case), since the service may echo them normalized.
 *
 * @module
 */

/** One page of the query list, or why it is not one (retried like a cut-short page). */
export type AuditQueryListPage =
  | {
      readonly queries: readonly Record<string, unknown>[];
      readonly nextLink: string | null;
    }
  | { readonly invalid: string };

export function readAuditQueryListPage(body: Buffer): AuditQueryListPage {
  let v: unknown;
  try {
    v = JSON.parse(body.toString('utf8'));
  } catch (err) {
    return { invalid: `the query list page is not complete JSON (${(err as Error).message})` };
  }
  const page = v as { value?: unknown; '@odata.nextLink'?: unknown } | null;
  if (!page || typeof page !== 'object' || !Array.isArray(page.value))
    return { invalid: 'the query list page has no "value" collection' };
  const next = page['@odata.nextLink'];
  return {
    queries: page.value.filter(
      (q): q is Record<string, unknown> => q !== null && typeof q === 'object' && !Array.isArray(q),
    ),
    nextLink: typeof next === 'string' && next !== '' ? next : null,
  };
}

/**
 * The collection filters a creation body may carry (in a body, absent, null and empty all mean
 * no filter; in a listing, absent and null mean the listing does not say).
 */
const AUDIT_SET_FILTERS = [
  'recordTypeFilters',
  'operationFilters',
  'userPrincipalNameFilters',
  'ipAddressFilters',
] as const;

/**
 * Whether `listed` (an auditLogQuery from the list) is the query `body` (from `auditQueryBody`)
 * creates: same display name, same window, and the same user, operation, record type and IP
 * filters — each compared only when the listing carries it (see {@link filtersNotListed}): a
 * listing that leaves the filters out must not make every lost creation a second query.
 */
export function isSameAuditQuery(listed: Record<string, unknown>, body: Record<string, unknown>): boolean {
  if (typeof body.displayName !== 'string' || listed.displayName !== body.displayName) return false;
  for (const bound of ['filterStartDateTime', 'filterEndDateTime'] as const) {
    const at = instant(listed[bound]);
    if (at === null || at !== instant(body[bound])) return false;
  }
  return AUDIT_SET_FILTERS.every((name) => !isListed(listed[name]) || sameSet(listed[name], body[name]));
}

/** The filters `listed` does not carry (absent or null), which a match could not compare. */
export function filtersNotListed(listed: Record<string, unknown>): string[] {
  return AUDIT_SET_FILTERS.filter((name) => !isListed(listed[name]));
}

function isListed(v: unknown): boolean {
  return v !== undefined && v !== null;
}

function instant(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}

function sameSet(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) =>
    [...new Set((Array.isArray(v) ? v : []).map((x) => String(x).toLowerCase()))].sort().join('\n');
  return norm(a) === norm(b);
}

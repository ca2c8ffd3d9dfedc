/**
 * Builds Activities API request URLs the way the 2018 clients did: OData system query options,
 * form-encoded (`$` as `%24`, space as `+`), a `$filter` of parenthesised clauses on TimeStamp,
 * ActivityIdType and AppIdType.
 *
 * @module
 */

/** A time bound of a slice: `ge`/`gt` for lower bounds, `le`/`lt` for upper bounds. */
export interface TimeBound {
  readonly op: 'ge' | 'gt' | 'le' | 'lt';
  /** ISO 8601 UTC literal, e.g. `2018-06-01T00:00:00.000Z`. */
  readonly at: string;
}

export interface ActivitiesQuery {
  readonly lower?: TimeBound;
  readonly upper?: TimeBound;
  /** ActivityIdType values to keep (none = all). */
  readonly types?: readonly string[];
  /** AppIdType values to keep (none = all). */
  readonly apps?: readonly string[];
  readonly orderBy?: 'asc' | 'desc';
  readonly top?: number;
  readonly skip?: number;
  /** Properties to select; omitted = the whole entity as the server returns it. */
  readonly select?: readonly string[];
}

/** OData string literal: single-quoted, embedded quotes doubled. */
function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The `$filter` text, or `''` when nothing restricts the query (as the CrowdStrike retriever sent it). */
export function filterText(q: ActivitiesQuery): string {
  const clauses: string[] = [];
  if (q.lower) clauses.push(`(TimeStamp ${q.lower.op} ${q.lower.at})`);
  if (q.upper) clauses.push(`(TimeStamp ${q.upper.op} ${q.upper.at})`);
  if (q.types && q.types.length > 0)
    clauses.push(`(${q.types.map((t) => `ActivityIdType eq ${literal(t)}`).join(' or ')})`);
  if (q.apps && q.apps.length > 0)
    clauses.push(`(${q.apps.map((t) => `AppIdType eq ${literal(t)}`).join(' or ')})`);
  return clauses.join(' and ');
}

/**
 * The collection URL for a mailbox. `baseUrl` may be a host (`https://outlook.office.com`, the
 * emulator's `http://127.0.0.1:PORT`), to which `/api/v2.0` is added, or already end in `/api/vN`.
 * The UPN goes into `Users('…')` unencoded, as the 2018 clients sent it.
 */
export function collectionUrl(baseUrl: string, mailbox: string): string {
  let base = baseUrl.replace(/\/+$/, '');
  if (!/\/api\/(v1\.0|v2\.0|beta)$/i.test(base)) base += '/api/v2.0';
  return `${base}/Users('${mailbox}')/Activities`;
}

/** Full request URL with the query options form-encoded. */
export function activitiesUrl(baseUrl: string, mailbox: string, q: ActivitiesQuery): string {
  const params = new URLSearchParams();
  params.set('$filter', filterText(q));
  if (q.orderBy) params.set('$orderby', `TimeStamp ${q.orderBy}`);
  params.set('$top', String(q.top ?? 1000));
  params.set('$skip', String(q.skip ?? 0));
  if (q.select && q.select.length > 0) params.set('$select', q.select.join(','));
  return `${collectionUrl(baseUrl, mailbox)}?${params.toString()}`;
}

/** The URL without scheme and host, for ledgers and messages. */
export function requestPath(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

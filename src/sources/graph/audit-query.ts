/**
 * The Microsoft Graph audit log query API (v1.0 `/security/auditLog/queries`, docs/ual-formats.md
 * §2.2): the query object a slice creates, the URLs of a query and of its records, and reading
 * the query object the service returns (status, record counts, whether its record cap was hit).
 *
 * @module
 */
import type { GraphSlice } from './slices.js';

/** The query's filters besides users and time, as the user gave them. */
export interface AuditFilters {
  readonly operations: readonly string[];
  readonly recordTypes: readonly string[];
  readonly ips: readonly string[];
}

/** `status` values of an auditLogQuery; `unknownFutureValue` and anything new count as unknown. */
export type AuditQueryStatus = 'notStarted' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'unknown';

/** What a retrieval reads from an auditLogQuery object. */
export interface AuditQueryInfo {
  readonly id: string;
  readonly status: AuditQueryStatus;
  /** The service's approximate number of matching records (absent before it is known). */
  readonly approximateReturnedRecordCount?: number;
  readonly recordCountLimit?: number;
  readonly isRecordCountLimitExceeded?: boolean;
}

/** `<graph>/v1.0/security/auditLog/queries` (or the chosen API version). */
export function auditQueriesUrl(graphUrl: string, apiVersion: string): string {
  return `${graphUrl.replace(/\/+$/, '')}/${apiVersion}/security/auditLog/queries`;
}

export function auditQueryUrl(graphUrl: string, apiVersion: string, id: string): string {
  return `${auditQueriesUrl(graphUrl, apiVersion)}/${encodeURIComponent(id)}`;
}

/** The first page of a query's records. Later pages come from `@odata.nextLink`. */
export function auditRecordsUrl(graphUrl: string, apiVersion: string, id: string): string {
  return `${auditQueryUrl(graphUrl, apiVersion, id)}/records`;
}

/**
 * The POST body that creates the query of one slice. Its `displayName`, `mailtrail <label>
 * <slice>`, is what finds the query again in the service's list when the creation's answer was
 * lost: `label` names the acquisition (its id and the random tag its checkpoint keeps), so the
 * name is the same on every retry and resume, and no other acquisition's.
 */
export function auditQueryBody(
  slice: GraphSlice,
  filters: AuditFilters,
  label: string,
): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.security.auditLogQuery',
    displayName: `mailtrail ${label} ${slice.key}`,
    filterStartDateTime: slice.start,
    filterEndDateTime: slice.end,
    ...(filters.recordTypes.length > 0 ? { recordTypeFilters: [...filters.recordTypes] } : {}),
    ...(filters.operations.length > 0 ? { operationFilters: [...filters.operations] } : {}),
    ...(slice.users.length > 0 ? { userPrincipalNameFilters: [...slice.users] } : {}),
    ...(filters.ips.length > 0 ? { ipAddressFilters: [...filters.ips] } : {}),
  };
}

/** Reads an auditLogQuery object; the reason it is unusable when it has no id. */
export function readAuditQuery(obj: Record<string, unknown>): AuditQueryInfo | { invalid: string } {
  if (typeof obj.id !== 'string' || obj.id === '') return { invalid: 'the audit log query has no "id"' };
  const known = ['notStarted', 'running', 'succeeded', 'failed', 'cancelled'];
  const status = (
    typeof obj.status === 'string' && known.includes(obj.status) ? obj.status : 'unknown'
  ) as AuditQueryStatus;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
  const approx = num(obj.approximateReturnedRecordCount);
  const limit = num(obj.recordCountLimit);
  return {
    id: obj.id,
    status,
    ...(approx !== undefined ? { approximateReturnedRecordCount: approx } : {}),
    ...(limit !== undefined ? { recordCountLimit: limit } : {}),
    ...(typeof obj.isRecordCountLimitExceeded === 'boolean'
      ? { isRecordCountLimitExceeded: obj.isRecordCountLimitExceeded }
      : {}),
  };
}

/**
 * Whether a finished query's results are capped: the service says so, or the records received
 * reached its record limit (a capped query can still report `succeeded`).
 */
export function isCapped(q: AuditQueryInfo, received?: number): boolean {
  if (q.isRecordCountLimitExceeded === true) return true;
  // Older service versions report neither field: then reaching the documented baseline of one
  // million records per query counts as capped, so the slice is split rather than trusted.
  const limit =
    q.recordCountLimit ?? (q.isRecordCountLimitExceeded === undefined ? DOCUMENTED_RECORD_LIMIT : undefined);
  return received !== undefined && limit !== undefined && received >= limit;
}

/** Records one query may return, as Microsoft documents the baseline. */
const DOCUMENTED_RECORD_LIMIT = 1_000_000;

/** Values accepted by `recordTypeFilters` look like `exchangeItemAggregated`. */
export function isRecordTypeName(v: string): boolean {
  return /^[a-z][A-Za-z0-9]*$/.test(v);
}

/**
 * How far below the service's `approximateReturnedRecordCount` a slice's records may fall before
 * the slice is unverified: the larger of `records` and `fraction` of the count (rounded up). The
 * count is documented as approximate ("can be higher or lower"), so small differences either way
 * are expected; receiving clearly fewer may mean records the service did not serve.
 */
export const COUNT_TOLERANCE = { records: 2, fraction: 0.02 } as const;

/**
 * The shortfall of a slice that received clearly fewer records than the service counted
 * (`expected − received` above {@link COUNT_TOLERANCE}), or `null` when the count is met, within
 * the tolerance, exceeded, or unknown.
 */
export function countShortfall(
  expected: number | undefined,
  received: number,
): { readonly shortfall: number; readonly tolerance: number } | null {
  if (expected === undefined) return null;
  const tolerance = Math.max(COUNT_TOLERANCE.records, Math.ceil(expected * COUNT_TOLERANCE.fraction));
  const shortfall = expected - received;
  return shortfall > tolerance ? { shortfall, tolerance } : null;
}

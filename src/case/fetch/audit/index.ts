/**
 * `fetch audit`: Unified Audit Log records through the Graph audit log query API, slice by slice
 * (user sets × time windows), every query and page kept as evidence. See
 * docs/acquisition-format.md for the directory it writes and how slices are split.
 *
 * @module
 */
import { UsageError } from '../../../errors.js';
import { isRecordTypeName, planGraphSlices } from '../../../sources/graph/index.js';
import { runGraphFetch, type GraphFetchOptions, type GraphFetchResult } from '../graph/graph-fetch.js';
import { auditSliceProcessor } from './audit-slice.js';

export interface FetchAuditOptions extends GraphFetchOptions {
  readonly operations: readonly string[];
  readonly recordTypes: readonly string[];
  readonly ips: readonly string[];
  /** Users per query (a tenant with many users of interest gets several user sets). */
  readonly usersPerQuery: number;
  /** The smallest window a capped slice is split down to (ms). */
  readonly minWindowMs: number;
  readonly pollIntervalMs: number;
  /** A query still running this long is given up for this run (ms). */
  readonly queryTimeLimitMs: number;
  /** Failed or cancelled queries re-created per slice. */
  readonly queryRetries: number;
}

/** Defaults: one-day windows, ten users per query, split down to one minute, poll from 15 s. */
export const AUDIT_DEFAULTS = {
  apiVersion: 'v1.0',
  windowMs: 86_400_000,
  usersPerQuery: 10,
  minWindowMs: 60_000,
  pollIntervalMs: 15_000,
  maxPollMs: 60_000,
  queryTimeLimitMs: 3_600_000,
  queryRetries: 2,
} as const;

export async function runFetchAudit(o: FetchAuditOptions): Promise<GraphFetchResult> {
  const bad = o.recordTypes.find((t) => !isRecordTypeName(t));
  if (bad !== undefined)
    throw new UsageError(
      `[fetch] --record-types ${JSON.stringify(bad)} is not an auditLogRecordType name (camelCase, e.g. exchangeItemAggregated)`,
    );
  if (o.minWindowMs > o.windowMs)
    throw new UsageError('[fetch] --min-window must not be longer than --window');
  return runGraphFetch(o, {
    source: 'audit',
    params: ({ start, end }) => ({
      graphUrl: o.graphUrl.replace(/\/+$/, ''),
      apiVersion: o.apiVersion,
      users: o.users,
      start,
      end,
      windowMs: o.windowMs,
      usersPerSlice: o.usersPerQuery,
      minWindowMs: o.minWindowMs,
      operations: o.operations,
      recordTypes: o.recordTypes,
      ips: o.ips,
    }),
    plan: (p) =>
      planGraphSlices({
        start: p.start,
        end: p.end,
        windowMs: p.windowMs,
        users: p.users,
        usersPerSlice: p.usersPerSlice,
      }),
    processSlice: () =>
      auditSliceProcessor({
        graphUrl: o.graphUrl.replace(/\/+$/, ''),
        apiVersion: o.apiVersion,
        filters: { operations: o.operations, recordTypes: o.recordTypes, ips: o.ips },
        pollIntervalMs: o.pollIntervalMs,
        // Polls slow down to four times the first interval, at most a minute apart.
        maxPollMs: Math.max(o.pollIntervalMs, Math.min(AUDIT_DEFAULTS.maxPollMs, o.pollIntervalMs * 4)),
        queryTimeLimitMs: o.queryTimeLimitMs,
        queryRetries: o.queryRetries,
        minWindowMs: o.minWindowMs,
      }),
  });
}

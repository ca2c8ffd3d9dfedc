/**
 * Options of the emulator's Microsoft Graph endpoints (the audit log query API and the Entra
 * sign-in log), grouped under `EmulatorOptions.graph`.
 *
 * @module
 */

/** How audit log queries behave between creation and their records. */
export interface AuditQueryBehaviour {
  /** Polls (GETs of the query) that still see `running` before it finishes; default 1. */
  readonly runPolls?: number;
  /** Minimum milliseconds between creation and the end of the run; default 0. */
  readonly runMs?: number;
  /** Probability that a query ends `failed` instead of `succeeded`; default 0. */
  readonly failRate?: number;
  /** Probability that a query stays `running` for `longRunPolls` more polls; default 0. */
  readonly longRunRate?: number;
  /** Extra polls of a long-running query; default 10. */
  readonly longRunPolls?: number;
  /** Records a query may return (`recordCountLimit`); default 1,000,000. */
  readonly recordCountLimit?: number;
  /**
   * Relative error of `approximateReturnedRecordCount` (0.1 = up to ±10 %, decided per query by
   * seed); default 0, the exact count.
   */
  readonly countSkew?: number;
  /** `/records` of a query that has not succeeded: a 400 (`'error'`, default) or an empty page. */
  readonly recordsBeforeSuccess?: 'error' | 'empty';
  /** Seed of the per-query decisions (fail, long run, skew) and query ids; default 1. */
  readonly seed?: number;
  /**
   * Fault: the first this many query creations are carried out, then answered by closing the
   * connection before any response — what a client sees when its POST times out or is reset
   * after the service acted. Default 0.
   */
  readonly dropCreateResponses?: number;
  /**
   * Fault: once this many queries exist, further creations are refused with 403
   * `Authorization_RequestDenied`, as when the application's permission is withdrawn during a
   * retrieval. Default: never.
   */
  readonly denyCreatesAfter?: number;
}

export interface GraphOptions {
  /**
   * AuditData objects or Graph auditLogRecords to serve; default: the scenario's audit records
   * when the Activities come from the scenario, else none.
   */
  readonly auditRecords?: Iterable<unknown>;
  /** Read audit records from this file (`--audit-data`: JSON Lines or a JSON array). */
  readonly auditDataFile?: string;
  /** Graph signIn objects to serve; default as for `auditRecords`. */
  readonly signIns?: Iterable<unknown>;
  /** Read sign-ins from this file (`--signins-data`). */
  readonly signInsDataFile?: string;
  /** Query lifecycle and result behaviour. */
  readonly query?: AuditQueryBehaviour;
  /** `/records` page size without `$top` ([U]); default 150. `$top` may ask up to 1000. */
  readonly recordsPageSize?: number;
}

/**
 * The audit log queries created on this emulator and their lifecycle. A query is `notStarted`
 * when created, `running` while it is polled (`runPolls` GETs, and at least `runMs` after
 * creation; a long-running query adds `longRunPolls`), then `succeeded` — or `failed` for the
 * queries the seeded `failRate` picks. Two creation faults: the first `dropCreateResponses`
 * creations lose their answer, and creations beyond `denyCreatesAfter` are refused. Its records are computed once, when it succeeds, capped at
 * `recordCountLimit` (then `isRecordCountLimitExceeded` is true). Ids, failures, long runs and
 * count skew depend only on the seed and the query's creation order, so a test run is repeatable.
 *
 * @module
 */
import { Rng, hashString } from '../prng.js';
import type { AuditQueryFilters } from './audit-query-body.js';
import { runAuditQuery, type AuditQueryResult } from './audit-query-run.js';
import type { AuditStore } from './audit-store.js';
import type { AuditQueryBehaviour } from './options.js';
import type { QueryStatus } from './record-types.js';

export interface AuditQuery {
  readonly id: string;
  readonly ordinal: number;
  readonly filters: AuditQueryFilters;
  /** Workloads the creator may read (null = all). */
  readonly services: ReadonlySet<string> | null;
  readonly createdAt: number;
  status: QueryStatus;
  polls: number;
  readonly pollsNeeded: number;
  readonly fails: boolean;
  readonly skew: number;
  result: AuditQueryResult | null;
}

export const DEFAULT_RECORD_COUNT_LIMIT = 1_000_000;

export class AuditQueryRegistry {
  private readonly queries = new Map<string, AuditQuery>();
  private created = 0;
  constructor(
    private readonly store: AuditStore,
    private readonly behaviour: AuditQueryBehaviour = {},
  ) {}

  get recordCountLimit(): number {
    return this.behaviour.recordCountLimit ?? DEFAULT_RECORD_COUNT_LIMIT;
  }

  create(filters: AuditQueryFilters, services: ReadonlySet<string> | null, now: number): AuditQuery {
    const b = this.behaviour;
    const ordinal = ++this.created;
    const rng = new Rng(hashString(`audit-query|${ordinal}`, (b.seed ?? 1) >>> 0));
    const id = rng.guid();
    const fails = rng.next() < (b.failRate ?? 0);
    const long = rng.next() < (b.longRunRate ?? 0);
    const skew = 1 + (rng.next() * 2 - 1) * (b.countSkew ?? 0);
    const q: AuditQuery = {
      id,
      ordinal,
      filters,
      services,
      createdAt: now,
      status: 'notStarted',
      polls: 0,
      pollsNeeded: (b.runPolls ?? 1) + (long ? (b.longRunPolls ?? 10) : 0),
      fails,
      skew,
      result: null,
    };
    this.queries.set(id, q);
    return q;
  }

  /** The query `id` (queries are tenant-wide, as in Purview), if any. */
  get(id: string): AuditQuery | undefined {
    return this.queries.get(id.toLowerCase());
  }

  /** Every query, oldest first. */
  list(): AuditQuery[] {
    return [...this.queries.values()];
  }

  /** One GET of the query: advances its status. */
  poll(q: AuditQuery, now: number): void {
    if (q.status === 'succeeded' || q.status === 'failed' || q.status === 'cancelled') return;
    q.polls++;
    if (q.polls <= q.pollsNeeded || now - q.createdAt < (this.behaviour.runMs ?? 0)) {
      q.status = 'running';
      return;
    }
    if (q.fails) {
      q.status = 'failed';
      return;
    }
    q.result = runAuditQuery(this.store, q.filters, q.services, this.recordCountLimit);
    q.status = 'succeeded';
  }

  /** `approximateReturnedRecordCount`: the served count, skewed per query when configured. */
  approximateCount(q: AuditQuery): number | null {
    if (q.result === null) return null;
    return Math.max(0, Math.round(q.result.positions.length * q.skew));
  }

  /** Fault: whether the creation of `q` is answered by a dropped connection. */
  dropsCreateResponse(q: AuditQuery): boolean {
    return q.ordinal <= (this.behaviour.dropCreateResponses ?? 0);
  }

  /** Fault: whether a new creation is refused (`denyCreatesAfter` queries exist already). */
  get refusesCreation(): boolean {
    const limit = this.behaviour.denyCreatesAfter;
    return limit !== undefined && this.created >= limit;
  }

  get recordsBeforeSuccess(): 'error' | 'empty' {
    return this.behaviour.recordsBeforeSuccess ?? 'error';
  }
}

/**
 * The Entra sign-ins served by `GET /auditLogs/signIns`, newest first (createdDateTime
 * descending, then id), each pre-serialized twice: as the beta resource (everything given) and
 * as the v1.0 resource (without the beta-only properties, ual-formats.md §4.1), with its event
 * types as a bit mask (signin-event-types.ts). Time bounds are binary searches over the
 * descending times.
 *
 * @module
 */
import { RecordArena } from '../store/record-arena.js';
import { parseAuditTime } from './audit-record.js';
import { eventTypeMask } from './signin-event-types.js';

/** Properties of the beta signIn resource that v1.0 does not serve [S24][S25]. */
export const BETA_ONLY_SIGNIN_PROPERTIES: readonly string[] = [
  'sessionId',
  'uniqueTokenIdentifier',
  'userAgent',
  'signInEventTypes',
  'incomingTokenType',
  'authenticationRequirement',
  'authenticationDetails',
  'originalRequestId',
  'autonomousSystemNumber',
  'ipAddressFromResourceProvider',
  'sessionLifetimePolicies',
];

export interface SignInStore {
  readonly size: number;
  /** Negated createdDateTime (epoch ms), ascending = newest first. */
  readonly negMs: Float64Array;
  /** Lower-cased userPrincipalName per position. */
  readonly upn: readonly string[];
  /** Event types per position ({@link eventTypeMask}). */
  readonly types: Uint8Array;
  json(position: number, version: 'v1.0' | 'beta'): Buffer;
  /** First position whose negated time is ≥ `neg` (strict: > `neg`). */
  bound(neg: number, strict: boolean): number;
}

type Json = { [key: string]: unknown };

export class SignInStoreBuilder {
  private readonly arena = new RecordArena();
  private readonly rows: {
    ms: number;
    id: string;
    upn: string;
    types: number;
    beta: number[];
    v1: number[];
  }[] = [];

  get size(): number {
    return this.rows.length;
  }

  /** Adds a Graph signIn object; returns an error message when it is not one. */
  add(value: unknown): string | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return `expected a Graph signIn object, found ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`;
    const s = value as Json;
    if (typeof s.id !== 'string' || s.id === '') return 'the sign-in has no id';
    if (typeof s.createdDateTime !== 'string') return 'the sign-in has no createdDateTime';
    const ms = parseAuditTime(s.createdDateTime);
    if (Number.isNaN(ms) || !/(Z|[+-]\d{2}:\d{2})$/i.test(s.createdDateTime))
      return `createdDateTime ${JSON.stringify(s.createdDateTime)} is not an ISO 8601 date-time with a zone (e.g. 2026-08-01T10:00:00Z)`;
    const v1: Json = {};
    for (const [k, v] of Object.entries(s)) if (!BETA_ONLY_SIGNIN_PROPERTIES.includes(k)) v1[k] = v;
    this.rows.push({
      ms,
      id: s.id,
      upn: typeof s.userPrincipalName === 'string' ? s.userPrincipalName.toLowerCase() : '',
      types: eventTypeMask(s),
      beta: this.arena.append(JSON.stringify(s)),
      v1: this.arena.append(JSON.stringify(v1)),
    });
    return undefined;
  }

  build(): SignInStore {
    const rows = [...this.rows].sort((a, b) => b.ms - a.ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const negMs = Float64Array.from(rows, (r) => -r.ms);
    const arena = this.arena;
    const n = rows.length;
    return {
      size: n,
      negMs,
      upn: rows.map((r) => r.upn),
      types: Uint8Array.from(rows, (r) => r.types),
      json: (p, version) => {
        const a = (version === 'beta' ? rows[p]?.beta : rows[p]?.v1) as number[];
        return arena.slice(a[0] as number, a[1] as number, a[2] as number);
      },
      bound: (neg, strict) => {
        let lo = 0;
        let hi = n;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          const v = negMs[mid] as number;
          if (strict ? v <= neg : v < neg) lo = mid + 1;
          else hi = mid;
        }
        return lo;
      },
    };
  }
}

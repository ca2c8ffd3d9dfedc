/**
 * Runs an audit log query over the {@link AuditStore}: the records whose createdDateTime is in
 * [filterStartDateTime, filterEndDateTime) (binary searches), whose record type, operation, UPN,
 * IP, service, object id and administrative units pass the filters (each a per-code flag lookup;
 * values within one filter are OR-ed, filters are AND-ed), and whose text contains the keyword.
 *
 * [U] choices, not confirmed by Microsoft's documentation: the end of the window is exclusive;
 * operation, UPN, service and object id compare ignoring case; an IP matches without its port or
 * brackets; `keywordFilter` is a case-insensitive substring of the record's JSON text; the
 * result stops at `limit` records (`exceeded` then says there were more).
 *
 * @module
 */
import { bareIp } from './audit-record.js';
import type { AuditQueryFilters } from './audit-query-body.js';
import type { AuditStore } from './audit-store.js';

export interface AuditQueryResult {
  /** Sorted positions of the served records (at most `limit`). */
  readonly positions: Int32Array;
  /** True when more records matched than `limit`. */
  readonly exceeded: boolean;
}

/** Per-code flags: which table entries a filter accepts (null = no filter). */
function accepted(
  table: readonly string[],
  wanted: readonly string[],
  norm: (s: string) => string,
): Uint8Array | null {
  if (wanted.length === 0) return null;
  const set = new Set(wanted.map(norm));
  const flags = new Uint8Array(table.length);
  table.forEach((v, i) => {
    if (set.has(norm(v))) flags[i] = 1;
  });
  return flags;
}

const lower = (s: string) => s.toLowerCase();

/**
 * Runs `filters` over `store`. `services` restricts the workloads the caller may read (its
 * per-workload permission), null = all.
 */
export function runAuditQuery(
  store: AuditStore,
  filters: AuditQueryFilters,
  services: ReadonlySet<string> | null,
  limit: number,
): AuditQueryResult {
  const lo = filters.startMs === null ? 0 : store.lowerBound(filters.startMs);
  const hi = filters.endMs === null ? store.size : store.lowerBound(filters.endMs);
  const t = store.tables;
  const checks: [Uint32Array, Uint8Array][] = [];
  const add = (col: Uint32Array, flags: Uint8Array | null) => {
    if (flags) checks.push([col, flags]);
  };
  add(store.recordType, accepted(t.recordType, filters.recordTypeFilters, lower));
  add(store.operation, accepted(t.operation, filters.operationFilters, lower));
  add(store.upn, accepted(t.upn, filters.userPrincipalNameFilters, lower));
  add(store.ip, accepted(t.ip, filters.ipAddressFilters, bareIp));
  add(store.service, accepted(t.service, filters.serviceFilters, lower));
  add(store.objectId, accepted(t.objectId, filters.objectIdFilters, lower));
  add(store.service, services === null ? null : accepted(t.service, [...services], lower));
  const units =
    filters.administrativeUnitIdFilters.length > 0
      ? new Set(filters.administrativeUnitIdFilters.map(lower))
      : null;
  const keyword = filters.keywordFilter?.toLowerCase() ?? null;
  const out: number[] = [];
  let exceeded = false;
  for (let p = lo; p < hi; p++) {
    let ok = true;
    for (const [col, flags] of checks) {
      if (flags[col[p] as number] !== 1) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    if (units && !(store.administrativeUnits.get(p) ?? []).some((u) => units.has(u.toLowerCase()))) continue;
    if (keyword !== null && !store.json(p).toString('utf8').toLowerCase().includes(keyword)) continue;
    if (out.length >= limit) {
      exceeded = true;
      break;
    }
    out.push(p);
  }
  return { positions: Int32Array.from(out), exceeded };
}

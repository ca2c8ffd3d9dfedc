/**
 * The audit records the Graph audit log query API serves, sorted by (createdDateTime, id,
 * arrival) and indexed by time: the filterable fields are interned into string tables and kept
 * as typed-array columns, the records themselves as pre-serialized JSON in Buffers outside the
 * V8 heap (as the Activities store does). A query's time window is two binary searches; its
 * other filters are flag lookups per record; a page is a concatenation of slices. A million
 * records therefore run a query in tens of milliseconds and serve a page in about one.
 *
 * @module
 */
import { RecordArena } from '../store/record-arena.js';
import type { IndexedAuditRecord } from './audit-record.js';

/** Interns strings; code 0 is the empty string. */
class StringTable {
  readonly list: string[] = [''];
  private readonly codes = new Map<string, number>([['', 0]]);
  code(s: string): number {
    let c = this.codes.get(s);
    if (c === undefined) {
      c = this.list.length;
      this.list.push(s);
      this.codes.set(s, c);
    }
    return c;
  }
}

export interface AuditStore {
  readonly size: number;
  /** createdDateTime (epoch ms) per sorted position. */
  readonly ms: Float64Array;
  readonly recordType: Uint32Array;
  readonly operation: Uint32Array;
  readonly upn: Uint32Array;
  readonly ip: Uint32Array;
  readonly service: Uint32Array;
  readonly objectId: Uint32Array;
  /** The distinct values behind each column's codes. */
  readonly tables: {
    readonly recordType: readonly string[];
    readonly operation: readonly string[];
    readonly upn: readonly string[];
    readonly ip: readonly string[];
    readonly service: readonly string[];
    readonly objectId: readonly string[];
  };
  /** Administrative units of the records that have any, by position. */
  readonly administrativeUnits: ReadonlyMap<number, readonly string[]>;
  /** The serialized auditLogRecord at a sorted position. */
  json(position: number): Buffer;
  /** First position whose time is ≥ `ms` (size when none). */
  lowerBound(ms: number): number;
}

export class AuditStoreBuilder {
  private readonly arena = new RecordArena();
  private readonly msList: number[] = [];
  private readonly ids: string[] = [];
  private readonly addresses: number[] = [];
  private readonly cols = {
    recordType: [] as number[],
    operation: [] as number[],
    upn: [] as number[],
    ip: [] as number[],
    service: [] as number[],
    objectId: [] as number[],
  };
  private readonly tables = {
    recordType: new StringTable(),
    operation: new StringTable(),
    upn: new StringTable(),
    ip: new StringTable(),
    service: new StringTable(),
    objectId: new StringTable(),
  };
  private readonly units = new Map<number, readonly string[]>();

  get size(): number {
    return this.msList.length;
  }

  add(r: IndexedAuditRecord): void {
    const i = this.msList.length;
    this.msList.push(r.ms);
    this.ids.push(r.id);
    this.addresses.push(...this.arena.append(JSON.stringify(r.record)));
    this.cols.recordType.push(this.tables.recordType.code(r.recordType));
    this.cols.operation.push(this.tables.operation.code(r.operation));
    this.cols.upn.push(this.tables.upn.code(r.upn));
    this.cols.ip.push(this.tables.ip.code(r.ip));
    this.cols.service.push(this.tables.service.code(r.service));
    this.cols.objectId.push(this.tables.objectId.code(r.objectId));
    if (r.administrativeUnits.length > 0) this.units.set(i, r.administrativeUnits);
  }

  build(): AuditStore {
    const n = this.msList.length;
    const order = Array.from({ length: n }, (_, i) => i);
    const { msList, ids } = this;
    order.sort(
      (a, b) =>
        (msList[a] as number) - (msList[b] as number) ||
        (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : a - b),
    );
    const column = (src: number[]) => Uint32Array.from(order, (i) => src[i] as number);
    const ms = Float64Array.from(order, (i) => msList[i] as number);
    const addr = Int32Array.from(
      { length: n * 3 },
      (_, k) => this.addresses[(order[Math.floor(k / 3)] as number) * 3 + (k % 3)] as number,
    );
    const units = new Map<number, readonly string[]>();
    order.forEach((src, pos) => {
      const u = this.units.get(src);
      if (u) units.set(pos, u);
    });
    const arena = this.arena;
    return {
      size: n,
      ms,
      recordType: column(this.cols.recordType),
      operation: column(this.cols.operation),
      upn: column(this.cols.upn),
      ip: column(this.cols.ip),
      service: column(this.cols.service),
      objectId: column(this.cols.objectId),
      tables: {
        recordType: this.tables.recordType.list,
        operation: this.tables.operation.list,
        upn: this.tables.upn.list,
        ip: this.tables.ip.list,
        service: this.tables.service.list,
        objectId: this.tables.objectId.list,
      },
      administrativeUnits: units,
      json: (p) => arena.slice(addr[p * 3] as number, addr[p * 3 + 1] as number, addr[p * 3 + 2] as number),
      lowerBound: (t) => {
        let lo = 0;
        let hi = n;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if ((ms[mid] as number) < t) lo = mid + 1;
          else hi = mid;
        }
        return lo;
      },
    };
  }
}

/**
 * One mailbox's activities, sorted and indexed so that a request costs O(log n + page size)
 * whatever the mailbox size (issue requirement 8).
 *
 * Records are sorted by (TimeStamp, Id, arrival) — the Id tie-break makes the order independent of
 * the order of the data file, so records sharing a timestamp (multi-item rows, activities-api.md
 * §5) page identically on every run. Every record also gets a "combo" number for its
 * (ActivityIdType, AppIdType) pair, and each combo keeps the sorted positions of its records: any
 * and/or/not of type and app predicates is then exactly a union of disjoint combo lists.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { Activity } from '../../sources/activities-api/activity.js';
import { RecordArena } from './record-arena.js';
import { parseTimeKey } from './timestamp-key.js';

/** The sorted, indexed, read-only form of a mailbox. */
export interface MailboxStore {
  readonly upn: string;
  readonly size: number;
  /** Epoch milliseconds of each record, in sorted position order. */
  readonly ms: Float64Array;
  /** Sub-millisecond 100 ns ticks of each record. */
  readonly ticks: Uint16Array;
  /** Combo number of each record. */
  readonly combo: Uint16Array;
  /** (ActivityIdType, AppIdType) of each combo number. */
  readonly combos: readonly { readonly type: string; readonly app: string }[];
  /** Sorted positions of the records of each combo. */
  readonly comboPositions: readonly Int32Array[];
  /** Serialized record (Id + the seven standard properties) at a sorted position. */
  recordJson(position: number): Buffer;
  /** Record counts per ActivityIdType, for summaries. */
  readonly typeCounts: ReadonlyMap<string, number>;
}

/** Property order of a served record when the request has no `$select`. */
export const DEFAULT_PROPERTIES = [
  'Id',
  'TimeStamp',
  'AppIdType',
  'ActivityIdType',
  'ActivityItemId',
  'ActivityCreationTime',
  'ClientSessionId',
  'CustomProperties',
] as const;

/**
 * Collects activities (already validated) and builds a {@link MailboxStore}. Activities are
 * serialized on arrival, so a caller streaming a generator never holds the objects.
 */
export class MailboxStoreBuilder {
  private readonly arena = new RecordArena();
  private readonly msList: number[] = [];
  private readonly tickList: number[] = [];
  private readonly ids: string[] = [];
  private readonly comboList: number[] = [];
  private readonly addresses: number[] = [];
  private readonly comboNumbers = new Map<string, number>();
  private readonly comboTable: { type: string; app: string }[] = [];
  private readonly idCounts = new Map<string, number>();

  constructor(readonly upn: string) {}

  /** Adds one activity. Throws on an unparseable TimeStamp: validate file input first. */
  add(activity: Activity): void {
    const parsed = parseTimeKey(activity.TimeStamp, false);
    if (!parsed.key) throw new Error(`TimeStamp ${JSON.stringify(activity.TimeStamp)}: ${parsed.problem}`);
    const id = typeof activity.Id === 'string' ? activity.Id : this.syntheticId(activity);
    const type = activity.ActivityIdType;
    const app = activity.AppIdType ?? '';
    const comboKey = `${type}\u0000${app}`;
    let combo = this.comboNumbers.get(comboKey);
    if (combo === undefined) {
      combo = this.comboTable.length;
      if (combo > 0xffff) throw new Error('more than 65535 (ActivityIdType, AppIdType) pairs');
      this.comboNumbers.set(comboKey, combo);
      this.comboTable.push({ type, app });
    }
    const [chunk, offset, length] = this.arena.append(serializeRecord(activity, id));
    this.msList.push(parsed.key.ms);
    this.tickList.push(parsed.key.ticks);
    this.ids.push(id);
    this.comboList.push(combo);
    this.addresses.push(chunk, offset, length);
  }

  build(): MailboxStore {
    const n = this.msList.length;
    const { msList, tickList, ids } = this;
    const order = Array.from({ length: n }, (_, i) => i);
    // Sort by (time, Id, arrival): the Id tie-break keeps the served order independent of the
    // file order; arrival only separates records that are identical to the last byte.
    order.sort((a, b) => {
      const d =
        (msList[a] as number) - (msList[b] as number) || (tickList[a] as number) - (tickList[b] as number);
      if (d !== 0) return d;
      const ia = ids[a] as string;
      const ib = ids[b] as string;
      return ia < ib ? -1 : ia > ib ? 1 : a - b;
    });
    const ms = new Float64Array(n);
    const ticks = new Uint16Array(n);
    const combo = new Uint16Array(n);
    const addr = new Uint32Array(n * 3);
    const comboCounts = new Array<number>(this.comboTable.length).fill(0);
    order.forEach((src, pos) => {
      ms[pos] = msList[src] as number;
      ticks[pos] = tickList[src] as number;
      const c = this.comboList[src] as number;
      combo[pos] = c;
      comboCounts[c] = (comboCounts[c] as number) + 1;
      addr[pos * 3] = this.addresses[src * 3] as number;
      addr[pos * 3 + 1] = this.addresses[src * 3 + 1] as number;
      addr[pos * 3 + 2] = this.addresses[src * 3 + 2] as number;
    });
    const comboPositions = comboCounts.map((count) => new Int32Array(count));
    const fill = new Array<number>(comboCounts.length).fill(0);
    for (let pos = 0; pos < n; pos++) {
      const c = combo[pos] as number;
      (comboPositions[c] as Int32Array)[fill[c] as number] = pos;
      fill[c] = (fill[c] as number) + 1;
    }
    const typeCounts = new Map<string, number>();
    this.comboTable.forEach((c, i) =>
      typeCounts.set(c.type, (typeCounts.get(c.type) ?? 0) + (comboCounts[i] as number)),
    );
    const arena = this.arena;
    return {
      upn: this.upn,
      size: n,
      ms,
      ticks,
      combo,
      combos: this.comboTable,
      comboPositions,
      typeCounts,
      recordJson: (pos) =>
        arena.slice(addr[pos * 3] as number, addr[pos * 3 + 1] as number, addr[pos * 3 + 2] as number),
    };
  }

  /**
   * Records from a data file may lack `Id` ([U] whether the API sent one, activities-api.md
   * §3.1). A content hash gives them one that does not depend on file order; a counter separates
   * byte-identical duplicates.
   */
  private syntheticId(activity: Activity): string {
    const digest = createHash('sha256').update(serializeRecord(activity, '')).digest('base64').slice(0, 27);
    const seen = this.idCounts.get(digest) ?? 0;
    this.idCounts.set(digest, seen + 1);
    return `AAMkEm${digest}${seen === 0 ? '' : `-${seen}`}`;
  }
}

/** The served JSON of a record: Id first, then the standard properties in their usual order. */
function serializeRecord(a: Activity, id: string): string {
  return JSON.stringify({
    Id: id,
    TimeStamp: a.TimeStamp,
    AppIdType: a.AppIdType ?? null,
    ActivityIdType: a.ActivityIdType,
    ActivityItemId: a.ActivityItemId ?? null,
    ActivityCreationTime: a.ActivityCreationTime ?? null,
    ClientSessionId: a.ClientSessionId ?? null,
    // Absent means "nothing recorded"; an explicit null is kept as the data file said it.
    CustomProperties: a.CustomProperties === undefined ? [] : a.CustomProperties,
  });
}

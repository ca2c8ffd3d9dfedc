/**
 * The per-record work of the `unicorn` fast path (unicorn-fast.ts), on the main thread: for each
 * record described by the chunk reader (unicorn-chunk-reader.ts), its ActivityIdType's flags
 * decide what is used; messages and sessions go into the compact index,
 * logon rows are written at once, and search, read and attachment rows go to the scratch file
 * (unicorn-deferred-rows.ts). No JS object is made per record.
 *
 * @module
 */
import type { UnicornCompactIndex } from '../../analyses/unicorn/compact-index.js';
import { BytePool, SmallInterner } from '../../analyses/unicorn/byte-pool.js';
import { normalizeIp } from '../../model/ip.js';
import { logonResult } from '../../sources/activities-api/operations.js';
import { escapeTsvValue, tsvLine } from '../../report/tsv.js';
import type { SpillFile } from './byte-files.js';
import {
  F_ATTACHMENT,
  F_DELETE,
  F_DELIVERY,
  F_HINT,
  F_MOVE,
  F_OPENS,
  F_OWA_LOGON,
  F_PROPS,
  F_READ,
  F_SEARCH,
  F_SERVER_LOGON,
  typeFlags,
} from './unicorn-activity-flags.js';
import {
  D_FIELDS,
  D_INFO,
  D_ITEM,
  D_SLOTS,
  I_DQ,
  I_NO_TIME,
  I_REPARSE,
  type ScannedChunk,
} from './unicorn-chunk-reader.js';
import { writeDeferredRow } from './unicorn-deferred-rows.js';
import type { FastOutputs } from './unicorn-report-files.js';
import { PropValues } from './unicorn-prop-values.js';
import { ALL_PROPS, PLAIN, PROP, TEXT } from './unicorn-props.js';

const EXCHANGE = Buffer.from('Exchange');

/** Per-record work: the index, logon rows, and the deferred rows in the scratch file. */
export class RowScanner {
  private readonly types = new SmallInterner(new BytePool());
  private readonly apps: SmallInterner;
  private readonly flagsOf: number[] = [];
  private readonly names: string[] = [];
  private readonly values: PropValues;

  constructor(
    private readonly idx: UnicornCompactIndex,
    private readonly out: FastOutputs,
    private readonly spill: SpillFile,
  ) {
    this.apps = new SmallInterner(idx.apps);
    this.values = new PropValues(idx);
  }

  /** The records of a chunk (unicorn-chunk-reader.ts), in order. */
  chunk(c: ScannedChunk): void {
    const buf = Buffer.from(c.data);
    const d = new Int32Array(c.desc);
    const ms = new Float64Array(c.ms);
    for (let r = 0, o = 0; r < c.count; r++) o = this.record(buf, d, o, ms[r]!);
  }

  /** The record described at d[o] (its TimeStamp is `ms`); returns the next descriptor's offset. */
  private record(buf: Buffer, d: Int32Array, o: number, ms: number): number {
    const info = d[o + D_INFO]!;
    const nSlots = d[o + D_SLOTS]!;
    const next = o + D_SLOTS + 1 + 3 * nSlots;
    if (info & I_NO_TIME) return next; // unreadable TimeStamp: no event (as liteEvent)
    const f = o + D_FIELDS;
    const tsS = d[f]!;
    const tsE = d[f + 1]!;
    const appS = d[f + 2]!;
    const appE = d[f + 3]!;
    const tyS = d[f + 4]!;
    const tyE = d[f + 5]!;
    const itS = d[f + 6]!;
    const itE = d[f + 7]!;
    const item = d[o + D_ITEM]!;
    const seS = d[f + 10]!;
    const seE = d[f + 11]!;
    const typeId = this.types.intern(buf, tyS, tyE);
    let flags = this.flagsOf[typeId];
    if (flags === undefined) {
      const name = buf.toString('utf8', tyS, tyE);
      this.names[typeId] = name;
      this.flagsOf[typeId] = flags = typeFlags(name);
    }
    const props = this.values.props;
    if (flags & F_PROPS) {
      if (info & I_REPARSE) props.read(buf, d[f + 12]!, d[f + 13]!, (info & I_DQ) !== 0, ALL_PROPS);
      else props.located(d, o + D_SLOTS + 1, nSlots);
    }
    const idx = this.idx;
    idx.events++;

    // Logons: their IP (sessions) and their row.
    let ip = -1;
    let logon = false;
    if (flags & (F_SERVER_LOGON | F_OWA_LOGON)) {
      const server = (flags & F_SERVER_LOGON) !== 0;
      const ipText = normalizeIp(props.string(buf, server ? PROP.ClientIP : PROP.IPAddress));
      if (ipText !== null) ip = idx.ips.internString(escapeTsvValue(ipText));
      // A ServerLogon whose Result names a failure is `auth.logon_failed`, not a logon (liteEvent).
      const rk = props.kind[PROP.Result];
      const resultIsString = rk === PLAIN || (rk === TEXT && props.isString[PROP.Result] === 1);
      logon = !server || !resultIsString || logonResult(props.string(buf, PROP.Result)) !== 'failure';
      const t = buf.toString('utf8', tsS, tsE);
      const tp = t.indexOf('T');
      this.out.logon.string(
        tsvLine([
          tp < 0 ? t : t.slice(0, tp),
          tp < 0 ? '' : t.slice(tp + 1),
          ipText ?? '',
          this.names[typeId]!,
          buf.toString('utf8', appS, appE),
          server ? (props.string(buf, PROP.UserName) ?? '') : '',
          props.string(buf, server ? PROP.UserAgent : PROP.Browser) ?? '',
        ]),
      );
      this.out.counts.logon++;
    }

    // Sessions (server-side Exchange records are not client sessions).
    let session = -1;
    if (seE > seS) {
      const isExchange = appE - appS === 8 && buf.compare(EXCHANGE, 0, 8, appS, appE) === 0;
      if (!isExchange) {
        const opens = (flags & F_OPENS) !== 0;
        session = opens ? idx.sessions.intern(buf, seS, seE) : idx.sessions.find(buf, seS, seE);
        if (session >= 0) idx.sessionEvent(session, this.apps.intern(buf, appS, appE), ms, opens, ip, logon);
      }
    }

    // Messages.
    if (flags & (F_DELIVERY | F_HINT)) this.message(buf, flags, ms, item, seS, seE);

    // Deferred rows.
    if (flags & (F_READ | F_SEARCH | F_ATTACHMENT)) {
      if (session < 0 && seE > seS) session = idx.sessions.intern(buf, seS, seE);
      writeDeferredRow(
        this.spill,
        idx,
        this.values,
        buf,
        flags,
        this.names[typeId]!,
        session,
        tsS,
        tsE,
        appS,
        appE,
        item,
        itS,
        itE,
      );
    }
    return next;
  }

  private message(buf: Buffer, flags: number, ms: number, item: number, seS: number, seE: number): void {
    const idx = this.idx;
    const v = this.values;
    const p = v.props;
    if (flags & F_DELIVERY) {
      idx.delivery(
        item,
        p.present(PROP.InternetMessageId) ? v.imid(buf) : -1,
        v.text(buf, PROP.Subject),
        v.sender(buf),
        v.text(buf, PROP.ReceivedTime),
      );
      return;
    }
    if (item < 0) return;
    if (flags & (F_MOVE | F_DELETE)) {
      const isMove = (flags & F_MOVE) !== 0;
      let toDeleted: boolean;
      if (isMove) {
        const target = p.present(PROP.TargetFolder) ? PROP.TargetFolder : PROP.DestinationFolder;
        toDeleted = p.equals(buf, PROP.MoveType, 'Delete') || p.equals(buf, target, 'DeletedItems');
      } else toDeleted = p.equals(buf, PROP.DeleteType, 'MoveToDeletedItems');
      // Pairs are looked for among records of one instant only: a transient key, not interned.
      idx.moveOrDelete(isMove, item, ms, seE > seS ? buf.toString('latin1', seS, seE) : '', toDeleted);
    }
    if (!idx.wantsHint(item)) return;
    idx.hint(
      item,
      p.present(PROP.InternetMessageId) ? v.imid(buf) : -1,
      v.sender(buf),
      v.text(buf, PROP.ReceivedTime),
      v.text(buf, PROP.Subject),
    );
  }
}

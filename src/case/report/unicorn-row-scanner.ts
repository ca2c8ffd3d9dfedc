/**
 * The per-record work of the `unicorn` fast path (unicorn-fast.ts): for each split record, its
 * ActivityIdType's flags decide what is read; messages and sessions go into the compact index,
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
import { CsvFields, FastScanUnsupported } from './csv-bytes.js';
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
import { writeDeferredRow } from './unicorn-deferred-rows.js';
import type { FastOutputs } from './unicorn-report-files.js';
import { PropValues } from './unicorn-prop-values.js';
import { ALL_PROPS, PLAIN, PROP, TEXT } from './unicorn-props.js';
import { timeMs } from './unicorn-timestamp.js';

const EXCHANGE = Buffer.from('Exchange');

/** Per-record work: the index, logon rows, and the deferred rows in the scratch file. */
export class RowScanner {
  readonly fields = new CsvFields();
  private header: Int32Array | null = null;
  private nCols = 0;
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

  /** A new file begins: its first record is a header. */
  startFile(): void {
    this.header = null;
  }

  /** The record just split (never a blank line). */
  record(buf: Buffer): void {
    const { starts, ends, dbl, count: fields } = this.fields;
    const h = this.header;
    if (h === null) {
      this.header = this.fields.activitiesHeader(buf);
      this.nCols = fields;
      return;
    }
    if (fields !== this.nCols) throw new FastScanUnsupported(`record with ${fields} fields`);
    const c0 = h[0]!;
    const c1 = h[1]!;
    const c2 = h[2]!;
    const c3 = h[3]!;
    const c5 = h[5]!;
    const c6 = h[6]!;
    if (dbl[c2]) throw new FastScanUnsupported('quoted ActivityIdType');
    const tyS = starts[c2]!;
    const tyE = ends[c2]!;
    const tsS = starts[c0]!;
    const tsE = ends[c0]!;
    if (tyE === tyS || tsE === tsS) throw new FastScanUnsupported('empty TimeStamp or ActivityIdType');
    if (dbl[c0] || dbl[c1] || dbl[c3] || dbl[c5])
      throw new FastScanUnsupported('doubled quotes in a standard field');
    const typeId = this.types.intern(buf, tyS, tyE);
    let flags = this.flagsOf[typeId];
    if (flags === undefined) {
      const name = buf.toString('utf8', tyS, tyE);
      this.names[typeId] = name;
      this.flagsOf[typeId] = flags = typeFlags(name);
    }
    const props = this.values.props;
    if (flags & F_PROPS) props.read(buf, starts[c6]!, ends[c6]!, dbl[c6] === 1, ALL_PROPS);
    const ms = timeMs(buf, tsS, tsE);
    if (ms === null) return; // unreadable TimeStamp: no event (as liteEvent)
    const idx = this.idx;
    idx.events++;
    const appS = starts[c1]!;
    const appE = ends[c1]!;
    const itS = starts[c3]!;
    const itE = ends[c3]!;
    const seS = starts[c5]!;
    const seE = ends[c5]!;

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
    if (flags & (F_DELIVERY | F_HINT)) this.message(buf, flags, ms, itS, itE, seS, seE);

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
        itS,
        itE,
      );
    }
  }

  private message(
    buf: Buffer,
    flags: number,
    ms: number,
    itS: number,
    itE: number,
    seS: number,
    seE: number,
  ): void {
    const idx = this.idx;
    const v = this.values;
    const p = v.props;
    const item = itE > itS ? idx.items.intern(buf, itS, itE) : -1;
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

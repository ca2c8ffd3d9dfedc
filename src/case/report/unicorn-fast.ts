/**
 * The Magic Unicorn reports of CrowdStrike CSVs in one pass over the bytes (the `unicorn` fast
 * path). Each record is split with a byte loop, its ActivityIdType decides what is read, and
 * only the wanted CustomProperties are located (unicorn-props.ts). Messages and sessions go
 * into a compact, typed-array index of interned byte strings (analyses/unicorn/compact-index.ts);
 * logon rows are written at once; search, read and attachment rows wait in a binary scratch
 * file (their IP and message are known only at the end of the file) and are written after the
 * pass, the by-item table grouped in bounded windows. No JS object is made per record, and
 * memory grows only with messages and sessions, never with the number of records or rows.
 *
 * Anything the scan is unsure of throws {@link FastScanUnsupported} and the caller uses the
 * general path instead, so the outputs are those of `emitUnicornRows` over `createIndexPass`.
 *
 * @module
 */
import { open } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { UnicornCompactIndex } from '../../analyses/unicorn/compact-index.js';
import { BytePool, SmallInterner } from '../../analyses/unicorn/byte-pool.js';
import { UNICORN_OPERATIONS } from '../../analyses/unicorn/unicorn-tables.js';
import type { SessionOptions } from '../../analyses/sessions/sessions.js';
import { normalizeIp } from '../../model/ip.js';
import { STANDARD_PROPERTIES } from '../../sources/activities-api/activity.js';
import { kindOfActivity, logonResult } from '../../sources/activities-api/operations.js';
import { escapeTsvValue, tsvLine } from '../../report/tsv.js';
import { SpillFile } from './byte-files.js';
import { FastScanUnsupported } from './csv-scan.js';
import { fastInstant } from './lite-event.js';
import { ALL_PROPS, PLAIN, PROP, PropSlots, TEXT } from './unicorn-props.js';
import { PASS1_TYPES, PASS2_TYPES, RowWriter, type FastOutputs } from './unicorn-fast-output.js';

export interface FastScanOptions {
  readonly sessions?: SessionOptions;
  readonly signal?: AbortSignal;
  /** Scratch bytes kept in memory before spilling to disk (tests make it tiny). */
  readonly spillBytes?: number;
  /** Largest by-item window held in memory (tests make it tiny). */
  readonly windowBytes?: number;
  /** Groups per by-item scratch file, as a power of two (tests make it tiny). */
  readonly bucketBits?: number;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const MAX_FIELDS = 16;
/** The bytes that end an unquoted field's scan: comma, line feed, quote. */
const STOP = new Uint8Array(256);
STOP[COMMA] = STOP[LF] = STOP[QUOTE] = 1;

// Per-ActivityIdType flags.
const F_PROPS = 1;
const F_OPENS = 2;
const F_SERVER_LOGON = 4;
const F_OWA_LOGON = 8;
const F_DELIVERY = 16;
const F_MOVE = 32;
const F_DELETE = 64;
const F_HINT = 128;
const F_READ = 256;
const F_SEARCH = 512;
const F_ATTACHMENT = 1024;

/** Flags of an ActivityIdType (see unicorn.ts PASS1_PROPS/PASS2_PROPS and emitUnicornRows). */
function typeFlags(type: string): number {
  let f = 0;
  if (PASS1_TYPES.has(type) || PASS2_TYPES.has(type)) f |= F_PROPS;
  if (UNICORN_OPERATIONS.has(type)) f |= F_OPENS;
  if (type === 'ServerLogon') f |= F_SERVER_LOGON;
  if (type === 'Logon') f |= F_OWA_LOGON;
  const kind = kindOfActivity(type);
  if (PASS1_TYPES.has(type)) {
    if (kind === 'mail.delivery') f |= F_DELIVERY;
    else {
      f |= F_HINT;
      if (kind === 'mail.move') f |= F_MOVE;
      if (kind === 'mail.delete') f |= F_DELETE;
    }
  }
  if (type === 'ReadingPaneDisplayStart' || type === 'ReadingPaneDisplayEnd') f |= F_READ;
  if (type === 'SearchResult' || type === 'SearchSuggestionsDisplay') f |= F_SEARCH;
  if (type === 'OpenedAnAttachment') f |= F_ATTACHMENT;
  return f;
}

/**
 * Writes the five reports of `inputs` (CrowdStrike CSVs, read in order as one stream) to
 * `outputs`. Throws FastScanUnsupported when an input is not plainly readable this way.
 */
export async function scanUnicornFast(
  inputs: readonly string[],
  outputs: FastOutputs,
  options: FastScanOptions = {},
): Promise<{ events: number }> {
  const idx = new UnicornCompactIndex(options.sessions);
  const spillPath = `${outputs.scratchPrefix}.${randomBytes(4).toString('hex')}`;
  const spill = new SpillFile(`${spillPath}.rows`, options.spillBytes);
  const writer = new RowWriter(idx, outputs, `${spillPath}.byitem`, {
    spillBytes: options.spillBytes,
    windowBytes: options.windowBytes,
    bucketBits: options.bucketBits,
  });
  try {
    const rows = new RowScanner(idx, outputs, spill);
    for (const input of inputs) await scanFile(input, rows, options.signal);
    idx.finish();
    writer.writeDeferred(spill);
    return { events: idx.events };
  } finally {
    spill.dispose();
    writer.dispose();
  }
}

/** Reads one CSV and hands each record's field offsets to `rows`. */
async function scanFile(path: string, rows: RowScanner, signal?: AbortSignal): Promise<void> {
  const fh = await open(path, 'r');
  try {
    // One byte more than is ever read: split() relies on a sentinel line feed at buf[len].
    let buf = Buffer.allocUnsafe((1 << 20) + 1);
    let len = 0;
    let eof = false;
    let first = true;
    rows.header = null;
    while (!eof || len > 0) {
      if (!eof) {
        if (len === buf.length - 1) {
          const bigger = Buffer.allocUnsafe((buf.length - 1) * 2 + 1);
          buf.copy(bigger, 0, 0, len);
          buf = bigger;
        }
        const { bytesRead } = await fh.read(buf, len, buf.length - 1 - len, null);
        if (bytesRead === 0) eof = true;
        len += bytesRead;
        buf[len] = LF;
        if (first && len >= 2) {
          if (buf[0] === 0x1f && buf[1] === 0x8b) throw new FastScanUnsupported('gzip input');
          first = false;
        }
        signal?.throwIfAborted();
      }
      let pos = 0;
      if (rows.header === null && len >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
      const regionStart = pos;
      for (;;) {
        if (pos >= len) break;
        const next = rows.split(buf, pos, len, eof);
        if (next === -1) break;
        rows.record(buf);
        pos = next;
      }
      // Bytes are copied to the reports as they are: they must be valid UTF-8 (records end at a
      // line feed, never inside a character).
      if (!isUtf8(buf.subarray(regionStart, pos))) throw new FastScanUnsupported('invalid UTF-8');
      if (pos < len) buf.copy(buf, 0, pos, len);
      len -= pos;
      if (eof && len > 0) throw new FastScanUnsupported('unterminated record at end of file');
    }
    if (rows.header === null) throw new FastScanUnsupported('empty file');
  } finally {
    await fh.close();
  }
}

const EXCHANGE = Buffer.from('Exchange');

/** Per-record work: the index, logon rows, and the deferred rows in the scratch file. */
class RowScanner {
  header: Int32Array | null = null;
  private nCols = 0;
  private nFields = 0;
  private readonly starts = new Int32Array(MAX_FIELDS);
  private readonly ends = new Int32Array(MAX_FIELDS);
  private readonly dbl = new Uint8Array(MAX_FIELDS);
  private readonly types = new SmallInterner(new BytePool());
  private readonly apps: SmallInterner;
  private readonly flagsOf: number[] = [];
  private readonly names: string[] = [];
  private readonly props = new PropSlots();

  constructor(
    private readonly idx: UnicornCompactIndex,
    private readonly out: FastOutputs,
    private readonly spill: SpillFile,
  ) {
    this.apps = new SmallInterner(idx.apps);
  }

  /**
   * Splits the record at `p` into fields (as csv-scan.ts scanRecord does); returns the offset
   * after its line terminator, or -1 when the buffer ends first and more input may come.
   */
  split(buf: Buffer, p: number, len: number, eof: boolean): number {
    const starts = this.starts;
    const ends = this.ends;
    const dbl = this.dbl;
    let f = 0;
    let i = p;
    for (;;) {
      if (f >= MAX_FIELDS) throw new FastScanUnsupported('too many fields');
      if (i < len && buf[i] === QUOTE) {
        let j = i + 1;
        let d = 0;
        for (;;) {
          const q = buf.indexOf(QUOTE, j);
          if (q < 0 || q >= len) {
            if (eof) throw new FastScanUnsupported('unterminated quote');
            return -1;
          }
          if (q + 1 >= len && !eof) return -1;
          if (buf[q + 1] === QUOTE) {
            d = 1;
            j = q + 2;
            continue;
          }
          starts[f] = i + 1;
          ends[f] = q;
          dbl[f] = d;
          f++;
          i = q + 1;
          break;
        }
        if (i >= len) {
          if (!eof) return -1;
          this.nFields = f;
          return i;
        }
        const c = buf[i];
        if (c === COMMA) {
          i++;
          continue;
        }
        if (c === LF) {
          this.nFields = f;
          return i + 1;
        }
        if (c === CR && i + 1 < len && buf[i + 1] === LF) {
          this.nFields = f;
          return i + 2;
        }
        if (c === CR && i + 1 >= len && !eof) return -1;
        throw new FastScanUnsupported('text after a closing quote');
      }
      // Up to the next comma, line feed or quote (buf[len] is a line feed: no bound check).
      let j = i;
      while (STOP[buf[j]!] === 0) j++;
      if (j >= len) {
        if (!eof) return -1;
        starts[f] = i;
        ends[f] = j > i && buf[j - 1] === CR ? j - 1 : j;
        dbl[f] = 0;
        this.nFields = f + 1;
        return len;
      }
      const c = buf[j]!;
      if (c === COMMA) {
        starts[f] = i;
        ends[f] = j;
        dbl[f] = 0;
        f++;
        i = j + 1;
        continue;
      }
      if (c === LF) {
        starts[f] = i;
        ends[f] = j > i && buf[j - 1] === CR ? j - 1 : j;
        dbl[f] = 0;
        this.nFields = f + 1;
        return j + 1;
      }
      throw new FastScanUnsupported('stray quote');
    }
  }

  /** The record just split. */
  record(buf: Buffer): void {
    const starts = this.starts;
    const ends = this.ends;
    const fields = this.nFields;
    if (fields === 1 && ends[0] === starts[0]) return; // blank line
    const h = this.header;
    if (h === null) return this.readHeader(buf, fields);
    if (fields !== this.nCols) throw new FastScanUnsupported(`record with ${fields} fields`);
    const dbl = this.dbl;
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
    const props = this.props;
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
      this.deferred(buf, flags, typeId, session, tsS, tsE, appS, appE, itS, itE);
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
    const p = this.props;
    const item = itE > itS ? idx.items.intern(buf, itS, itE) : -1;
    if (flags & F_DELIVERY) {
      idx.delivery(
        item,
        p.present(PROP.InternetMessageId) ? this.imid(buf) : -1,
        this.text(buf, PROP.Subject),
        this.sender(buf),
        this.text(buf, PROP.ReceivedTime),
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
      p.present(PROP.InternetMessageId) ? this.imid(buf) : -1,
      this.sender(buf),
      this.text(buf, PROP.ReceivedTime),
      this.text(buf, PROP.Subject),
    );
  }

  private imid(buf: Buffer): number {
    const p = this.props;
    const s = PROP.InternetMessageId;
    return p.kind[s] === PLAIN
      ? this.idx.imids.intern(buf, p.start[s]!, p.end[s]!)
      : this.idx.imids.internString(p.text[s]!);
  }

  /**
   * Text id + 1 of a slot's value, TSV-escaped; 0 when absent or empty. `dedupe`: intern
   * (senders repeat); else append (subjects and received times mostly do not).
   */
  private text(buf: Buffer, slot: number, dedupe = false): number {
    const p = this.props;
    const k = p.kind[slot];
    const texts = this.idx.texts;
    if (k === PLAIN) {
      const s = p.start[slot]!;
      const e = p.end[slot]!;
      if (e === s) return 0;
      return (dedupe ? texts.intern(buf, s, e) : texts.append(buf, s, e)) + 1;
    }
    if (k === TEXT && p.text[slot] !== '') return texts.internString(escapeTsvValue(p.text[slot]!)) + 1;
    return 0;
  }

  private sender(buf: Buffer): number {
    const p = this.props;
    if (p.present(PROP.SenderSmtpAddress)) return this.text(buf, PROP.SenderSmtpAddress, true);
    if (p.present(PROP.SenderAddress)) return this.text(buf, PROP.SenderAddress, true);
    return this.text(buf, PROP.From, true);
  }

  /** A search, read or attachment row, kept until the end of the file (see RowWriter). */
  private deferred(
    buf: Buffer,
    flags: number,
    typeId: number,
    session: number,
    tsS: number,
    tsE: number,
    appS: number,
    appE: number,
    itS: number,
    itE: number,
  ): void {
    const sp = this.spill;
    const p = this.props;
    const tag = flags & F_SEARCH ? 1 : flags & F_READ ? 2 : 3;
    let t = tsS;
    while (t < tsE && buf[t] !== 0x54 /* T */) t++;
    const querySlot = this.names[typeId] === 'SearchResult' ? PROP.Query : PROP.SuggestionStimulus;
    // Worst case: every byte escaped (2×) plus the fixed fields.
    const maxText = tag === 1 ? this.slotMax(querySlot) : tag === 3 ? this.slotMax(PROP.AttachmentAction) : 0;
    sp.reserve(64 + 2 * (tsE - tsS + appE - appS + itE - itS + this.names[typeId]!.length) + 2 * maxText);
    const b = sp.buf;
    let o = sp.pos;
    b[o++] = tag;
    o = b.writeInt32LE(session, o);
    const item = tag !== 1 && itE > itS ? this.idx.items.intern(buf, itS, itE) : -1;
    if (tag !== 1) o = b.writeInt32LE(item, o);
    if (tag === 3) {
      o = b.writeInt32LE(p.present(PROP.InternetMessageId) ? this.imid(buf) : -1, o);
      o = b.writeInt32LE(this.text(buf, PROP.Subject), o);
      o = b.writeInt32LE(this.sender(buf), o);
    }
    const lenAt = o;
    o += 4;
    o = copyEscaped(buf, tsS, t, b, o);
    b[o++] = 0x09;
    o = copyEscaped(buf, t < tsE ? t + 1 : tsE, tsE, b, o);
    b[o++] = 0x09;
    if (tag === 2) {
      o += b.write(this.names[typeId]!, o, 'utf8');
      b[o++] = 0x09;
    }
    o = copyEscaped(buf, appS, appE, b, o);
    b[o++] = 0x09;
    if (tag === 1) {
      o = this.copySlot(buf, querySlot, b, o);
      b[o++] = 0x09;
    }
    b.writeUInt32LE(o - lenAt - 4, lenAt);
    if (tag === 3) {
      const actionAt = o;
      o += 4;
      o = this.copySlot(buf, PROP.AttachmentAction, b, o);
      b.writeUInt32LE(o - actionAt - 4, actionAt);
      const idAt = o;
      o += 4;
      o = copyEscaped(buf, itS, itE, b, o);
      b.writeUInt32LE(o - idAt - 4, idAt);
    }
    sp.pos = o;
  }

  /** Bytes a slot's value may take once escaped. */
  private slotMax(slot: number): number {
    const p = this.props;
    if (p.kind[slot] === PLAIN) return p.end[slot]! - p.start[slot]!;
    if (p.kind[slot] === TEXT) return p.text[slot]!.length * 3;
    return 0;
  }

  /** A slot's value as in the reports: the text, or '' when absent. */
  private copySlot(buf: Buffer, slot: number, b: Buffer, o: number): number {
    const p = this.props;
    if (p.kind[slot] === PLAIN) return copyEscaped(buf, p.start[slot]!, p.end[slot]!, b, o);
    if (p.kind[slot] === TEXT) return o + b.write(escapeTsvValue(p.text[slot]!), o, 'utf8');
    return o;
  }

  private readHeader(buf: Buffer, fields: number): void {
    const names: string[] = [];
    for (let i = 0; i < fields; i++) names.push(buf.toString('utf8', this.starts[i]!, this.ends[i]!));
    const h = STANDARD_PROPERTIES.map((p) => names.indexOf(p));
    if (h.some((i) => i < 0) || new Set(names).size !== names.length)
      throw new FastScanUnsupported('not a CrowdStrike activities header');
    this.header = Int32Array.from(h);
    this.nCols = fields;
  }
}

/** Copies buf[s, e) to b at o, TSV-escaped; returns the end. */
function copyEscaped(buf: Buffer, s: number, e: number, b: Buffer, o: number): number {
  for (let k = s; k < e; k++) {
    const c = buf[k]!;
    if (c === 0x09 || c === 0x0a || c === 0x0d || c === 0x5c)
      return o + b.write(escapeTsvValue(buf.toString('utf8', s, e)), o, 'utf8');
  }
  // Buffer#copy makes a view per call: a loop is cheaper up to about 64 bytes (measured).
  if (e - s > 64) return o + buf.copy(b, o, s, e);
  for (let k = s; k < e; k++) b[o++] = buf[k]!;
  return o;
}

let lastDay = -1;
let lastDayMs = 0;

/** Epoch ms of a TimeStamp (as fastInstant + toEpochMs), or null when it is unreadable. */
function timeMs(buf: Buffer, s: number, e: number): number | null {
  if (
    e - s === 24 &&
    buf[s + 4] === 0x2d &&
    buf[s + 7] === 0x2d &&
    buf[s + 10] === 0x54 &&
    buf[s + 13] === 0x3a &&
    buf[s + 16] === 0x3a &&
    buf[s + 19] === 0x2e &&
    buf[s + 23] === 0x5a
  ) {
    const y = d4(buf, s);
    const mo = d2(buf, s + 5);
    const d = d2(buf, s + 8);
    const h = d2(buf, s + 11);
    const mi = d2(buf, s + 14);
    const sec = d2(buf, s + 17);
    const msec = d2(buf, s + 20) * 10 + d1(buf, s + 22);
    if (
      y >= 1000 &&
      mo >= 1 &&
      mo <= 12 &&
      d >= 1 &&
      d <= 31 &&
      h >= 0 &&
      h < 24 &&
      mi >= 0 &&
      mi < 60 &&
      sec >= 0 &&
      sec < 60 &&
      msec >= 0
    ) {
      // Records come mostly in time order: the day's epoch is remembered, not recomputed (the
      // key is one-to-one for the ranges checked above).
      const day = y * 10000 + mo * 100 + d;
      if (day === lastDay) return lastDayMs + ((h * 60 + mi) * 60 + sec) * 1000 + msec;
      if (d <= daysIn(y, mo)) {
        lastDay = day;
        lastDayMs = Date.UTC(y, mo - 1, d);
        return lastDayMs + ((h * 60 + mi) * 60 + sec) * 1000 + msec;
      }
    }
  }
  const t = fastInstant(buf.toString('utf8', s, e));
  return t === null ? null : Date.parse(t);
}

function d1(buf: Buffer, i: number): number {
  const c = buf[i]! - 48;
  return c >= 0 && c <= 9 ? c : -100000;
}
function d2(buf: Buffer, i: number): number {
  return d1(buf, i) * 10 + d1(buf, i + 1);
}
function d4(buf: Buffer, i: number): number {
  return d2(buf, i) * 100 + d2(buf, i + 2);
}
function daysIn(y: number, mo: number): number {
  if (mo !== 2) return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

/**
 * The reading half of the `unicorn` fast path: CrowdStrike CSV bytes in chunks, each record split
 * into fields, its TimeStamp read and the wanted CustomProperties located, all written as a
 * compact integer descriptor beside the chunk's bytes. It has no state shared with the index, so
 * it runs in a worker thread (unicorn-scan-thread.ts) while the main thread builds the index from
 * the previous chunk; for small inputs it runs inline. Either way the main thread sees the same
 * chunks (unicorn-row-scanner.ts reads the descriptors).
 *
 * Every check that makes the fast path give up (FastScanUnsupported) is made here, in file
 * order, exactly as the single-threaded reader made it.
 *
 * @module
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { BytePool, SmallInterner } from '../../analyses/unicorn/byte-pool.js';
import { CsvFields, FastScanUnsupported } from './csv-bytes.js';
import { F_ATTACHMENT, F_DELIVERY, F_HINT, F_PROPS, F_READ, typeFlags } from './unicorn-activity-flags.js';
import { ALL_PROPS, PLAIN, PropSlots, ROW_SLOTS, TEXT } from './unicorn-props.js';
import { timeMs } from './unicorn-timestamp.js';

/**
 * Descriptor of a record (Int32 words): info bits, the seven standard fields' spans (start, end)
 * in STANDARD_PROPERTIES order, the ActivityItemId's id in {@link ChunkReader.items} (-1: none),
 * the number of located slots, then (slot, start, end) for each slot (< ROW_SLOTS) whose value
 * is plain bytes.
 */
export const D_INFO = 0;
export const D_FIELDS = 1;
export const D_ITEM = 15;
export const D_SLOTS = 16;
/** Info: the CustomProperties field was CSV-quoted with doubled quotes inside. */
export const I_DQ = 1;
/** Info: a wanted slot's value is not plain bytes; the main thread reads the dict itself. */
export const I_REPARSE = 2;
/** Info: the TimeStamp is unreadable (no event). */
export const I_NO_TIME = 4;
const MAX_DESC = D_SLOTS + 1 + 3 * ROW_SLOTS;

/** The buffers of one chunk: bytes (one spare byte for the sentinel line feed), descriptors, times. */
export interface ChunkBuffers {
  data: ArrayBuffer;
  desc: ArrayBuffer;
  ms: ArrayBuffer;
}

/** A chunk of whole records: data[0, len) holds `count` records, data[len] is a line feed. */
export interface ScannedChunk extends ChunkBuffers {
  len: number;
  count: number;
}

/** Fresh chunk buffers for about `chunkBytes` of CSV. */
export function chunkBuffers(chunkBytes: number): ChunkBuffers {
  const words = Math.max(MAX_DESC * 4, chunkBytes >> 3);
  return {
    data: new ArrayBuffer(chunkBytes + 1),
    desc: new ArrayBuffer(words * 4),
    ms: new ArrayBuffer(Math.ceil(words / (D_SLOTS + 1)) * 8),
  };
}

const LF = 0x0a;

/** Records whose ActivityItemId names a message the reports use. */
const F_ITEM = F_DELIVERY | F_HINT | F_READ | F_ATTACHMENT;

/** Reads `paths` in order as one stream of chunks (each file's first record is its header). */
export class ChunkReader {
  /**
   * The ActivityItemIds of the records that use one (ids are keys for the index; the bytes are
   * the by-item table's group headings). Interned here, beside the reading, to spare the main
   * thread their hashing and probing.
   */
  readonly items = new BytePool();
  private readonly fields = new CsvFields();
  private readonly props = new PropSlots();
  private readonly types = new SmallInterner(new BytePool());
  private readonly flagsOf: number[] = [];
  private next = 0;
  private fd = -1;
  private eof = false;
  private first = true;
  private fileRecords = 0;
  private header: Int32Array | null = null;
  private nCols = 0;
  private carry = Buffer.allocUnsafe(0);
  private carryLen = 0;
  /**
   * Where the next backslash is in the chunk being described, at or after the last dict asked
   * about (-1: not looked for yet in this chunk; MAX_INT: none): dicts before it have no
   * escapes, so their literals end at the next quote. One native search serves many records.
   */
  private backslashAt = -1;

  constructor(private readonly paths: readonly string[]) {}

  /** Fills `set` with the next records (it may replace set.data by a larger buffer); null at the end. */
  fill(set: ChunkBuffers): ScannedChunk | null {
    for (;;) {
      if (this.fd < 0) {
        if (this.next >= this.paths.length) return null;
        this.fd = openSync(this.paths[this.next++]!, 'r');
        this.eof = false;
        this.first = true;
        this.fileRecords = 0;
        this.header = null;
        this.carryLen = 0;
      }
      if (set.data.byteLength - 1 < this.carryLen + 1)
        set.data = new ArrayBuffer(Math.max(2 * (set.data.byteLength - 1), this.carryLen + 1) + 1);
      const buf = Buffer.from(set.data);
      const cap = buf.length - 1;
      this.backslashAt = -1;
      this.carry.copy(buf, 0, 0, this.carryLen);
      let len = this.carryLen;
      while (!this.eof && len < cap) {
        const n = readSync(this.fd, buf, len, cap - len, null);
        if (n === 0) this.eof = true;
        len += n;
      }
      buf[len] = LF;
      if (this.first && len >= 2) {
        if (buf[0] === 0x1f && buf[1] === 0x8b) throw new FastScanUnsupported('gzip input');
      }
      let pos = 0;
      if (this.first && len >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
      const regionStart = pos;
      const d = new Int32Array(set.desc);
      const ms = new Float64Array(set.ms);
      let o = 0;
      let count = 0;
      const fields = this.fields;
      while (pos < len && o + MAX_DESC <= d.length && count < ms.length) {
        const next = fields.split(buf, pos, len, this.eof);
        if (next === -1) break; // need more data
        if (!fields.blank()) {
          this.fileRecords++;
          if (this.header === null) {
            this.header = fields.activitiesHeader(buf);
            this.nCols = fields.count;
          } else {
            o = this.describe(buf, d, o, ms, count);
            count++;
          }
        }
        pos = next;
      }
      if (pos > regionStart) this.first = false;
      // Bytes copied as they are must be valid UTF-8 (records end at a line feed).
      if (!isUtf8(buf.subarray(regionStart, pos))) throw new FastScanUnsupported('invalid UTF-8');
      this.carryLen = len - pos;
      if (this.carry.length < this.carryLen) this.carry = Buffer.allocUnsafe(2 * this.carryLen);
      buf.copy(this.carry, 0, pos, len);
      if (this.eof && this.carryLen === 0) {
        closeSync(this.fd);
        this.fd = -1;
        if (this.fileRecords === 0) throw new FastScanUnsupported('empty file');
      } else if (pos === 0 && len === cap) {
        // One record longer than the buffer: a larger one next time round.
        set.data = new ArrayBuffer(2 * cap + 1);
      }
      if (count > 0) return { ...set, len: pos, count };
    }
  }

  /** Closes the file being read (after an error or an abort). */
  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  /** The descriptor of the record just split, at d[o]; returns the next free word. */
  private describe(buf: Buffer, d: Int32Array, o: number, msOut: Float64Array, r: number): number {
    const { starts, ends, dbl, count: fields } = this.fields;
    const h = this.header!;
    if (fields !== this.nCols) throw new FastScanUnsupported(`record with ${fields} fields`);
    const c0 = h[0]!;
    const c2 = h[2]!;
    const c6 = h[6]!;
    if (dbl[c2]) throw new FastScanUnsupported('quoted ActivityIdType');
    const tyS = starts[c2]!;
    const tyE = ends[c2]!;
    if (tyE === tyS || ends[c0] === starts[c0])
      throw new FastScanUnsupported('empty TimeStamp or ActivityIdType');
    if (dbl[c0] || dbl[h[1]!] || dbl[h[3]!] || dbl[h[5]!])
      throw new FastScanUnsupported('doubled quotes in a standard field');
    for (let k = 0; k < 7; k++) {
      d[o + D_FIELDS + 2 * k] = starts[h[k]!]!;
      d[o + D_FIELDS + 2 * k + 1] = ends[h[k]!]!;
    }
    const typeId = this.types.intern(buf, tyS, tyE);
    let flags = this.flagsOf[typeId];
    if (flags === undefined) this.flagsOf[typeId] = flags = typeFlags(buf.toString('utf8', tyS, tyE));
    let info = dbl[c6] === 1 ? I_DQ : 0;
    let n = 0;
    if (flags & F_PROPS) {
      const p = this.props;
      const s6 = starts[c6]!;
      const e6 = ends[c6]!;
      if (this.backslashAt < s6) {
        const b = buf.indexOf(0x5c, s6);
        this.backslashAt = b < 0 ? 0x7fffffff : b;
      }
      p.read(buf, s6, e6, dbl[c6] === 1, ALL_PROPS, this.backslashAt >= e6);
      const kind = p.kind;
      for (let slot = 0; slot < ROW_SLOTS; slot++) {
        const k = kind[slot];
        if (k === PLAIN) {
          const w = o + D_SLOTS + 1 + 3 * n++;
          d[w] = slot;
          d[w + 1] = p.start[slot]!;
          d[w + 2] = p.end[slot]!;
        } else if (k === TEXT) info |= I_REPARSE;
      }
    }
    const t = timeMs(buf, starts[c0]!, ends[c0]!);
    if (t === null) info |= I_NO_TIME;
    msOut[r] = t ?? 0;
    const itS = starts[h[3]!]!;
    const itE = ends[h[3]!]!;
    d[o + D_ITEM] = t !== null && flags & F_ITEM && itE > itS ? this.items.intern(buf, itS, itE) : -1;
    d[o + D_INFO] = info;
    d[o + D_SLOTS] = n;
    return o + D_SLOTS + 1 + 3 * n;
  }
}

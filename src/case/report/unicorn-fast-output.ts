/**
 * The second half of the fast `unicorn` path (unicorn-fast.ts): once the file is read and the
 * compact index finished, the deferred search, read and attachment rows are read back from the
 * scratch file in their original order, completed with their session's IP and their message's
 * subject, sender and received text, and written. Read rows also go, with their group
 * (ActivityItemId in first-read order), in batches to the by-item table's writer
 * (unicorn-by-item.ts), which may run in another thread.
 *
 * @module
 */
import type { UnicornCompactIndex } from '../../analyses/unicorn/compact-index.js';
import { IntColumn } from '../../analyses/unicorn/byte-pool.js';
import { NO_DATA } from '../../analyses/unicorn/unicorn-tables.js';
import type { SpillFile } from './byte-files.js';
import { HEAD_BIT } from './unicorn-by-item.js';
import type { FastOutputs } from './unicorn-report-files.js';
import { copy, rowRecordEnd } from './unicorn-scratch-records.js';

export type { FastOutputs } from './unicorn-report-files.js';

const NO_DATA_BYTES = Buffer.from(NO_DATA);
/** Bytes of a by-item batch. */
const SIDE_BATCH = 256 << 10;

/**
 * Where the by-item batches go (unicorn-by-item.ts): given a full batch buf[0, len), returns the
 * buffer to fill next (the same one once consumed, or another while a thread consumes it).
 */
export type SideSink = (buf: Buffer, len: number) => Buffer;

export class RowWriter {
  private readonly resolved = new Int32Array(3);
  private readonly groupOf = new IntColumn();
  private groups = 0;
  private emptyGroup = 0;
  private side: Buffer = Buffer.from(new ArrayBuffer(SIDE_BATCH));
  private sidePos = 0;

  constructor(
    private readonly idx: UnicornCompactIndex,
    private readonly out: FastOutputs,
    private readonly sink: SideSink,
  ) {}

  /** Writes the deferred rows (the by-item ones to the sink, whose last batch is sent too). */
  writeDeferred(rows: SpillFile): void {
    rows.replay(rowRecordEnd, (buf, p) => this.row(buf, p));
    if (this.sidePos > 0) this.sink(this.side, this.sidePos);
    this.sidePos = 0;
  }

  private row(buf: Buffer, p: number): void {
    const idx = this.idx;
    const tag = buf[p];
    const ip = idx.sessionIp(buf.readInt32LE(p + 1));
    const ipLen = ip === 0 ? NO_DATA_BYTES.length : idx.ips.length(ip - 1);
    if (tag === 1) {
      const len = buf.readUInt32LE(p + 5);
      const f = this.out.search;
      f.reserve(len + ipLen + 1);
      f.pos = copy(buf, p + 9, p + 9 + len, f.buf, f.pos);
      f.pos = this.ip(ip, f.buf, f.pos);
      f.buf[f.pos++] = 0x0a;
      this.out.counts.search++;
      return;
    }
    const item = buf.readInt32LE(p + 5);
    const r = this.resolved;
    if (tag === 2) idx.resolve(item, -1, 0, 0, r);
    else idx.resolve(item, buf.readInt32LE(p + 9), buf.readInt32LE(p + 13), buf.readInt32LE(p + 17), r);
    const textLen = this.textLen(r[0]!) + this.textLen(r[1]!) + this.textLen(r[2]!);
    let o = p + (tag === 2 ? 9 : 21);
    const len = buf.readUInt32LE(o);
    const prefix = o + 4;
    o = prefix + len;
    const f = tag === 2 ? this.out.byTime : this.out.attachments;
    let max = len + textLen + 3 + ipLen + 1;
    let actionAt = 0;
    let idAt = 0;
    if (tag === 3) {
      actionAt = o;
      idAt = o + 4 + buf.readUInt32LE(o);
      max += buf.readUInt32LE(actionAt) + 1 + buf.readUInt32LE(idAt) + 1;
    }
    f.reserve(max);
    const b = f.buf;
    const start = f.pos;
    let w = copy(buf, prefix, prefix + len, b, start);
    for (let k = 0; k < 3; k++) {
      w = this.text(r[k]!, b, w);
      b[w++] = 0x09;
    }
    if (tag === 3) {
      const n = buf.readUInt32LE(actionAt);
      w = copy(buf, actionAt + 4, actionAt + 4 + n, b, w);
      b[w++] = 0x09;
      w = this.ip(ip, b, w);
      b[w++] = 0x09;
      const m = buf.readUInt32LE(idAt);
      w = copy(buf, idAt + 4, idAt + 4 + m, b, w);
      b[w++] = 0x0a;
      f.pos = w;
      this.out.counts.attachments++;
      return;
    }
    w = this.ip(ip, b, w);
    b[w++] = 0x0a;
    f.pos = w;
    this.out.counts.read++;
    // By item: group in first-read order (items without an id form one group).
    let g = item < 0 ? this.emptyGroup : this.groupOf.get(item);
    if (g === 0) {
      g = ++this.groups;
      if (item < 0) this.emptyGroup = g;
      else this.groupOf.set(item, g);
      const at = this.sideReserve(12);
      this.side.writeUInt32LE(HEAD_BIT + g, at);
      this.side.writeUInt32LE(4, at + 4);
      this.side.writeInt32LE(item, at + 8);
    }
    const n = w - start;
    const at = this.sideReserve(n + 8);
    const sb = this.side;
    sb.writeUInt32LE(g, at);
    sb.writeUInt32LE(n, at + 4);
    copy(b, start, w, sb, at + 8);
  }

  /** Room for `n` bytes in the side batch (sending it when full); returns where they go. */
  private sideReserve(n: number): number {
    if (this.sidePos + n > this.side.length) {
      if (this.sidePos > 0) this.side = this.sink(this.side, this.sidePos);
      this.sidePos = 0;
      if (n > this.side.length) this.side = Buffer.from(new ArrayBuffer(n));
    }
    const at = this.sidePos;
    this.sidePos += n;
    return at;
  }

  private textLen(id: number): number {
    return id === 0 ? NO_DATA_BYTES.length : this.idx.texts.length(id - 1);
  }

  private text(id: number, b: Buffer, w: number): number {
    if (id === 0) return copy(NO_DATA_BYTES, 0, NO_DATA_BYTES.length, b, w);
    return this.idx.texts.copyTo(id - 1, b, w);
  }

  private ip(ip: number, b: Buffer, w: number): number {
    if (ip === 0) return copy(NO_DATA_BYTES, 0, NO_DATA_BYTES.length, b, w);
    return this.idx.ips.copyTo(ip - 1, b, w);
  }
}

/**
 * The second half of the fast `unicorn` path (unicorn-fast.ts): once the file is read and the
 * compact index finished, the deferred search, read and attachment rows are read back from the
 * scratch file in their original order, completed with their session's IP and their message's
 * subject, sender and received text, and written. Read rows also go to a second scratch file
 * with their group (ActivityItemId in first-read order); the by-item table is then assembled in
 * windows of whole groups of bounded size (one sequential read of that file per window; a group
 * larger than a window is copied straight through), so memory stays bounded.
 *
 * @module
 */
import type { UnicornCompactIndex } from '../../analyses/unicorn/compact-index.js';
import { FloatColumn, IntColumn } from '../../analyses/unicorn/byte-pool.js';
import { NO_DATA, UNICORN_TABLES } from '../../analyses/unicorn/unicorn-tables.js';
import { tsvLine } from '../../report/tsv.js';
import { SpillFile } from './byte-files.js';
import type { FastOutputs } from './unicorn-report-files.js';
import {
  BUCKET_BITS,
  BUCKET_BYTES,
  MAX_BUCKETS,
  copy,
  rowRecordEnd,
  sideRecordEnd,
} from './unicorn-scratch-records.js';

export type { FastOutputs } from './unicorn-report-files.js';

const NO_DATA_BYTES = Buffer.from(NO_DATA);
const BY_ITEM_HEADER = Buffer.from(tsvLine(UNICORN_TABLES['read-activity-by-item']));

export class RowWriter {
  private readonly resolved = new Int32Array(3);
  private readonly groupOf = new IntColumn();
  private readonly itemOfGroup = new IntColumn();
  private readonly groupBytes = new FloatColumn();
  private groups = 0;
  private emptyItem = -1;

  private readonly buckets: SpillFile[] = [];
  private head = Buffer.allocUnsafe(1024);

  private readonly spillBytes: number;
  private readonly windowBytes: number;
  private readonly bucketBits: number;

  /**
   * `sidePath`: prefix of the by-item scratch files. Options (tests make them tiny): scratch
   * bytes held in memory per file, the largest by-item window, groups per scratch file (log 2).
   */
  constructor(
    private readonly idx: UnicornCompactIndex,
    private readonly out: FastOutputs,
    private readonly sidePath: string,
    options: {
      spillBytes?: number | undefined;
      windowBytes?: number | undefined;
      bucketBits?: number | undefined;
    } = {},
  ) {
    this.spillBytes = Math.min(options.spillBytes ?? BUCKET_BYTES, BUCKET_BYTES);
    this.windowBytes = options.windowBytes ?? 4 << 20;
    this.bucketBits = options.bucketBits ?? BUCKET_BITS;
  }

  /** Removes the scratch files. */
  dispose(): void {
    for (const b of this.buckets) b.dispose();
  }

  private bucket(g: number): SpillFile {
    const k = Math.min((g - 1) >>> this.bucketBits, MAX_BUCKETS - 1);
    while (this.buckets.length <= k)
      this.buckets.push(new SpillFile(`${this.sidePath}.${this.buckets.length}`, this.spillBytes));
    return this.buckets[k]!;
  }

  writeDeferred(rows: SpillFile): void {
    rows.replay(rowRecordEnd, (buf, p) => this.row(buf, p));
    this.writeByItem();
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
    // By item: group in first-read order.
    let key = item;
    if (key < 0) key = this.emptyItem >= 0 ? this.emptyItem : (this.emptyItem = idx.items.intern(b, 0, 0));
    let g = this.groupOf.get(key);
    if (g === 0) {
      g = ++this.groups;
      this.groupOf.set(key, g);
      this.itemOfGroup.set(g, key);
    }
    const n = w - start;
    this.groupBytes.set(g, this.groupBytes.get(g) + n);
    const side = this.bucket(g);
    side.reserve(n + 8);
    side.buf.writeUInt32LE(g, side.pos);
    side.buf.writeUInt32LE(n, side.pos + 4);
    copy(b, start, w, side.buf, side.pos + 8);
    side.pos += n + 8;
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

  /**
   * The group line of group g (its ActivityItemId, TSV-escaped) and the header, in `this.head`;
   * returns its length.
   */
  private headOf(g: number): number {
    const items = this.idx.items;
    const item = this.itemOfGroup.get(g);
    const n = items.length(item);
    if (this.head.length < 2 * n + 1 + BY_ITEM_HEADER.length)
      this.head = Buffer.allocUnsafe(2 * (2 * n + 1 + BY_ITEM_HEADER.length));
    const h = this.head;
    let w = items.copyTo(item, h, 0);
    for (let k = 0; k < w; k++) {
      const c = h[k]!;
      if (c === 0x09 || c === 0x0a || c === 0x0d || c === 0x5c) {
        w = h.write(tsvLine([items.text(item)]), 0, 'utf8') - 1;
        break;
      }
    }
    h[w++] = 0x0a;
    return w + BY_ITEM_HEADER.copy(h, w);
  }

  private writeByItem(): void {
    const out = this.out.byItem;
    const budget = this.windowBytes;
    let window: Buffer | null = null;
    const cursor = new FloatColumn();
    for (let b = 0; b < this.buckets.length; b++) {
      const side = this.buckets[b]!;
      const first = (b << this.bucketBits) + 1;
      const end = b === MAX_BUCKETS - 1 ? this.groups : Math.min(this.groups, (b + 1) << this.bucketBits);
      for (let g = first; g <= end;) {
        let hn = this.headOf(g);
        if (hn + this.groupBytes.get(g) > budget) {
          // One big group: its rows straight through, in order.
          out.bytes(this.head, 0, hn);
          const only = g;
          side.replay(sideRecordEnd, (buf, p) => {
            if (buf.readUInt32LE(p) === only) out.bytes(buf, p + 8, p + 8 + buf.readUInt32LE(p + 4));
          });
          g++;
          continue;
        }
        // Groups g … last fit in one window: their heads now, their rows from one read of the bucket.
        window ??= Buffer.allocUnsafe(Math.min(budget, 4 << 20));
        let total = 0;
        let last = g;
        for (let k = g; k <= end; k++) {
          if (k > g) hn = this.headOf(k);
          const size = hn + this.groupBytes.get(k);
          if (total + size > budget) break;
          if (window.length < total + size) {
            const bigger = Buffer.allocUnsafe(Math.min(budget, Math.max(2 * window.length, total + size)));
            window.copy(bigger, 0, 0, total);
            window = bigger;
          }
          this.head.copy(window, total, 0, hn);
          cursor.set(k, total + hn);
          total += size;
          last = k;
        }
        const win = window;
        side.replay(sideRecordEnd, (buf, p) => {
          const k = buf.readUInt32LE(p);
          if (k < g || k > last) return;
          const n = buf.readUInt32LE(p + 4);
          const at = cursor.get(k);
          copy(buf, p + 8, p + 8 + n, win, at);
          cursor.set(k, at + n);
        });
        out.bytes(win, 0, total);
        g = last + 1;
      }
      side.dispose();
    }
  }
}

/**
 * The read-activity-by-item table of the `unicorn` fast path. RowWriter (unicorn-fast-output.ts)
 * sends it, in batches, each group's heading line (its ActivityItemId, in first-read order) and
 * each read row with its group; the rows go to scratch files bucketed by group, and at the end
 * the table is assembled in windows of whole groups of bounded size (one sequential read of a
 * bucket per window; a group larger than a window is copied straight through), so memory stays
 * bounded. It needs nothing of the index, so it runs in the scan worker thread
 * (unicorn-scan-thread.ts) while the main thread writes the other tables, or inline.
 *
 * Batch records: u32 word, u32 length, bytes; word = group number, with {@link HEAD_BIT} set for
 * a new group, whose bytes are then its ActivityItemId's id in the reader's pool (Int32, -1 for
 * records without one; unicorn-chunk-reader.ts).
 *
 * @module
 */
import { FloatColumn, IntColumn, type BytePool } from '../../analyses/unicorn/byte-pool.js';
import { UNICORN_TABLES } from '../../analyses/unicorn/unicorn-tables.js';
import { tsvLine } from '../../report/tsv.js';
import { SpillFile, type FdWriter } from './byte-files.js';
import { BUCKET_BITS, BUCKET_BYTES, MAX_BUCKETS, copy, sideRecordEnd } from './unicorn-scratch-records.js';

export const HEAD_BIT = 0x80000000;
const BY_ITEM_HEADER = Buffer.from(tsvLine(UNICORN_TABLES['read-activity-by-item']));

export interface ByItemOptions {
  /** Scratch bytes held in memory per bucket file. */
  readonly spillBytes?: number | undefined;
  /** Largest window held in memory. */
  readonly windowBytes?: number | undefined;
  /** Groups per bucket file, as a power of two. */
  readonly bucketBits?: number | undefined;
}

export class ByItemWriter {
  private readonly itemOfGroup = new IntColumn();
  private readonly groupBytes = new FloatColumn();
  private groups = 0;
  private readonly buckets: SpillFile[] = [];
  private head = Buffer.allocUnsafe(1024);
  private readonly spillBytes: number;
  private readonly windowBytes: number;
  private readonly bucketBits: number;

  /** `items`: the reader's ActivityItemIds; `sidePath`: prefix of the bucket files. */
  constructor(
    private readonly items: BytePool,
    private readonly sidePath: string,
    options: ByItemOptions = {},
  ) {
    this.spillBytes = Math.min(options.spillBytes ?? BUCKET_BYTES, BUCKET_BYTES);
    this.windowBytes = options.windowBytes ?? 4 << 20;
    this.bucketBits = options.bucketBits ?? BUCKET_BITS;
  }

  /** The batch records in buf[0, len). */
  consume(buf: Buffer, len: number): void {
    for (let p = 0; p < len;) {
      const word = buf.readUInt32LE(p);
      const n = buf.readUInt32LE(p + 4);
      const s = p + 8;
      p = s + n;
      if (word >= HEAD_BIT) {
        this.groups = word - HEAD_BIT;
        this.itemOfGroup.set(this.groups, buf.readInt32LE(s));
        continue;
      }
      this.groupBytes.set(word, this.groupBytes.get(word) + n);
      const side = this.bucket(word);
      side.reserve(n + 8);
      side.buf.writeUInt32LE(word, side.pos);
      side.buf.writeUInt32LE(n, side.pos + 4);
      copy(buf, s, p, side.buf, side.pos + 8);
      side.pos += n + 8;
    }
  }

  /** Writes the table to `out` (groups in first-read order, rows in order within each). */
  finish(out: FdWriter): void {
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
    out.flush();
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

  /** Group g's heading line (its ActivityItemId, TSV-escaped) and the header, in `this.head`; returns its length. */
  private headOf(g: number): number {
    const items = this.items;
    const item = this.itemOfGroup.get(g);
    const n = item < 0 ? 0 : items.length(item);
    if (this.head.length < 2 * n + 1 + BY_ITEM_HEADER.length)
      this.head = Buffer.allocUnsafe(2 * (2 * n + 1 + BY_ITEM_HEADER.length));
    const h = this.head;
    let w = item < 0 ? 0 : items.copyTo(item, h, 0);
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
}

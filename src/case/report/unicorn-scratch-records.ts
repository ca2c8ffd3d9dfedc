/**
 * The layout of the `unicorn` fast path's scratch records (written by unicorn-deferred-rows.ts
 * and RowWriter, read back by RowWriter) and how the by-item scratch is bucketed.
 *
 * @module
 */

/**
 * By-item scratch records go to one file per 4096 consecutive groups (at most 64 files, the last
 * taking every later group), so assembling a window reads only its groups' file, not all rows
 * (one read of everything per window made the by-item table cost a tenth of the run).
 */
export const BUCKET_BITS = 12;
export const MAX_BUCKETS = 64;
/** In-memory buffer of each bucket file (smaller when the caller's scratch limit is). */
export const BUCKET_BYTES = 64 << 10;

/** Length of the scratch record at p, or -1 when buf[p, end) does not hold all of it. */
export function rowRecordEnd(buf: Buffer, p: number, end: number): number {
  const tag = buf[p];
  let o = p + (tag === 1 ? 5 : tag === 2 ? 9 : 21);
  for (let fields = tag === 3 ? 3 : 1; fields > 0; fields--) {
    if (o + 4 > end) return -1;
    o += 4 + buf.readUInt32LE(o);
  }
  return o <= end ? o : -1;
}

/** buf[s, e) → b at w (a loop for short spans: Buffer#copy costs more than it copies). */
export function copy(buf: Buffer, s: number, e: number, b: Buffer, w: number): number {
  if (e - s > 64) return w + buf.copy(b, w, s, e);
  for (let k = s; k < e; k++) b[w++] = buf[k]!;
  return w;
}

export function sideRecordEnd(buf: Buffer, p: number, end: number): number {
  if (p + 8 > end) return -1;
  const o = p + 8 + buf.readUInt32LE(p + 4);
  return o <= end ? o : -1;
}

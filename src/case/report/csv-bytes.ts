/**
 * The byte-level CSV reading shared by the fast readers (csv-scan.ts and the `unicorn` fast
 * path): a file is read in chunks into a buffer that always holds a sentinel line feed after its
 * last byte, each record is split into field offsets with a byte loop, and anything unusual (a
 * stray quote, gzip input, an unterminated record) throws {@link FastScanUnsupported} so the
 * caller falls back to the full reader.
 *
 * @module
 */
import { open } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { STANDARD_PROPERTIES } from '../../sources/activities-api/activity.js';

export class FastScanUnsupported extends Error {
  override name = 'FastScanUnsupported';
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const MAX_FIELDS = 16;
/** The bytes that end an unquoted field's scan: comma, line feed, quote. */
const STOP = new Uint8Array(256);
STOP[COMMA] = STOP[LF] = STOP[QUOTE] = 1;

/** The field offsets of the record last split. */
export class CsvFields {
  readonly starts = new Int32Array(MAX_FIELDS);
  readonly ends = new Int32Array(MAX_FIELDS);
  /** 1 when the field was quoted with doubled quotes inside. */
  readonly dbl = new Uint8Array(MAX_FIELDS);
  count = 0;

  /**
   * Splits the record at `p` into fields; returns the offset after its line terminator, or -1
   * when the buffer ends first and more input may come. buf[len] must be a line feed.
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
          this.count = f;
          return i;
        }
        const c = buf[i];
        if (c === COMMA) {
          i++;
          continue;
        }
        if (c === LF) {
          this.count = f;
          return i + 1;
        }
        if (c === CR && i + 1 < len && buf[i + 1] === LF) {
          this.count = f;
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
        this.count = f + 1;
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
        this.count = f + 1;
        return j + 1;
      }
      throw new FastScanUnsupported('stray quote');
    }
  }

  /** The record just split is a blank line. */
  blank(): boolean {
    return this.count === 1 && this.ends[0] === this.starts[0];
  }

  /** Column of each standard property in the header record just split. */
  activitiesHeader(buf: Buffer): Int32Array {
    const names: string[] = [];
    for (let i = 0; i < this.count; i++) names.push(buf.toString('utf8', this.starts[i]!, this.ends[i]!));
    const h = STANDARD_PROPERTIES.map((p) => names.indexOf(p));
    if (h.some((i) => i < 0) || new Set(names).size !== names.length)
      throw new FastScanUnsupported('not a CrowdStrike activities header');
    return Int32Array.from(h);
  }
}

export interface CsvReadOptions {
  /** Initial read buffer size (it grows to hold the longest record). */
  readonly bufferBytes: number;
  readonly signal?: AbortSignal | undefined;
  /** Throw unless the records' bytes are valid UTF-8. */
  readonly checkUtf8?: boolean;
}

/**
 * Reads one CSV and calls `onRecord` after `fields` holds each non-blank record (the header
 * first). Returns the bytes read and the number of records (header included).
 */
export async function readCsvRecords(
  path: string,
  fields: CsvFields,
  onRecord: (buf: Buffer) => void,
  opts: CsvReadOptions,
): Promise<{ bytes: number; records: number }> {
  const fh = await open(path, 'r');
  try {
    // One byte more than is ever read: split() relies on a sentinel line feed at buf[len].
    let buf = Buffer.allocUnsafe(opts.bufferBytes + 1);
    let len = 0;
    let eof = false;
    let first = true;
    let total = 0;
    let records = 0;
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
        total += bytesRead;
        buf[len] = LF;
        if (first && len >= 2) {
          if (buf[0] === 0x1f && buf[1] === 0x8b) throw new FastScanUnsupported('gzip input');
          first = false;
        }
        opts.signal?.throwIfAborted();
      }
      let pos = 0;
      if (records === 0 && len >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
      const regionStart = pos;
      for (;;) {
        if (pos >= len) break;
        const next = fields.split(buf, pos, len, eof);
        if (next === -1) break; // need more data
        if (!fields.blank()) {
          records++;
          onRecord(buf);
        }
        pos = next;
      }
      // Bytes copied as they are must be valid UTF-8 (records end at a line feed, never inside
      // a character).
      if (opts.checkUtf8 && !isUtf8(buf.subarray(regionStart, pos)))
        throw new FastScanUnsupported('invalid UTF-8');
      if (pos < len) buf.copy(buf, 0, pos, len);
      len -= pos;
      if (eof && len > 0) throw new FastScanUnsupported('unterminated record at end of file');
    }
    if (records === 0) throw new FastScanUnsupported('empty file');
    return { bytes: total, records };
  } finally {
    await fh.close();
  }
}

/**
 * An RFC 4180 record splitter over raw bytes, tuned for the CrowdStrike CSV. It works on bytes
 * rather than decoded text because every CSV structural character is ASCII, so it can report the
 * exact bytes of each record (for `rawSha256`), its physical line and byte offset, and check
 * UTF-8 validity per record, without a second pass. Memory is bounded by the chunk size plus the
 * longest record (capped by `maxRecordBytes`).
 *
 * Dialect: comma, `"` quotes with `""` doubling, records end at LF or CRLF (a lone CR is data,
 * because the retriever never wrote one as a terminator), blank lines are skipped. Quoting errors
 * are tolerated the way Python's csv reader tolerates them (a stray quote is kept as text) and
 * flagged, so the caller can raise an issue.
 *
 * @module
 */
import { isUtf8 } from 'node:buffer';
import { hash } from 'node:crypto';

/** One record as found in the file. */
export interface CsvRecord {
  readonly type: 'record';
  readonly fields: string[];
  /** The record's text without its line terminator (invalid UTF-8 read as U+FFFD). */
  readonly text: string;
  /** SHA-256 (hex) of the record's exact bytes without its line terminator. */
  readonly sha256: string;
  /** The record's bytes, when they are not plain ASCII (for pinpointing invalid UTF-8). */
  readonly bytes: Buffer | undefined;
  /** 1-based physical line where the record starts. */
  readonly line: number;
  /** Byte offset of the record in the (decompressed) input. */
  readonly offset: number;
  /** A quote inside an unquoted field, or text after a closing quote. */
  readonly strayQuote: boolean;
  readonly validUtf8: boolean;
}

/** A quoted field that never closed (at end of input or within `maxRecordBytes`). */
export interface CsvUnterminated {
  readonly type: 'unterminated';
  /** The first physical line of the broken record; reading resumes on the next line. */
  readonly bytes: Buffer;
  readonly line: number;
  readonly offset: number;
}

export interface CsvRecordOptions {
  /** Bytes skipped at the very start (a BOM). */
  readonly skip?: number;
  /** A record longer than this is treated as an unterminated quote. Default 16 MiB. */
  readonly maxRecordBytes?: number;
}

export type CsvItem = CsvRecord | CsvUnterminated;

/**
 * Splits byte chunks into CSV records, one batch (array) per input chunk: handing records over
 * in batches rather than one by one keeps async-iteration overhead off the per-record path.
 * Never throws for malformed input.
 */
export async function* csvRecordBatches(
  chunks: AsyncIterable<Buffer>,
  opts: CsvRecordOptions = {},
): AsyncGenerator<CsvItem[]> {
  const maxRecord = opts.maxRecordBytes ?? 16 * 1024 * 1024;
  let skip = opts.skip ?? 0;
  let buf: Buffer = Buffer.alloc(0);
  let base = 0; // file offset of buf[0]
  let line = 1;
  for await (const chunk of chunks) {
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    if (skip > 0) {
      const n = Math.min(skip, buf.length);
      buf = buf.subarray(n);
      base += n;
      skip -= n;
    }
    const batch: CsvItem[] = [];
    let pos = 0;
    for (;;) {
      const r = scanRecord(buf, pos, false);
      if (r === null) break;
      if (r.end > pos) batch.push(toRecord(buf, pos, r, base, line));
      line += r.newlines;
      pos = r.next;
    }
    if (buf.length - pos > maxRecord) {
      const resume = unterminated(buf, pos, base, line);
      batch.push(resume.item);
      line += 1;
      pos = resume.next;
    }
    buf = buf.subarray(pos);
    base += pos;
    if (batch.length > 0) yield batch;
  }
  const batch: CsvItem[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const r = scanRecord(buf, pos, true);
    if (r === null) {
      const resume = unterminated(buf, pos, base, line);
      batch.push(resume.item);
      line += 1;
      pos = resume.next;
      continue;
    }
    if (r.end > pos) batch.push(toRecord(buf, pos, r, base, line));
    line += r.newlines;
    pos = r.next;
  }
  if (batch.length > 0) yield batch;
}

/** {@link csvRecordBatches}, one record at a time. */
export async function* csvRecords(
  chunks: AsyncIterable<Buffer>,
  opts: CsvRecordOptions = {},
): AsyncGenerator<CsvItem> {
  for await (const batch of csvRecordBatches(chunks, opts)) yield* batch;
}

// --- Internal helpers ---

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

const NON_ASCII = /[\x80-\xff]/; // on latin1-decoded text

/** Field flags in {@link Scanned.ranges}. */
const PLAIN = 0;
const DOUBLED = 1; // quoted, with "" inside
const STRAY = 2; // quote in an unquoted field, or text after the closing quote

interface Scanned {
  /** Per field: content start, content end, flag (byte offsets into the buffer). */
  ranges: number[];
  end: number;
  next: number;
  /** Line terminators inside and after the record. */
  newlines: number;
  stray: boolean;
}

/**
 * A scanned, non-blank record. Plain-ASCII records (nearly all) are decoded once and cut into
 * fields as substrings, and hashed from that text (same bytes); others decode per field.
 */
function toRecord(buf: Buffer, pos: number, r: Scanned, base: number, line: number): CsvRecord {
  const latin = buf.toString('latin1', pos, r.end);
  const ascii = !NON_ASCII.test(latin);
  const bytes = ascii ? undefined : buf.subarray(pos, r.end);
  const rg = r.ranges;
  const fields: string[] = new Array<string>(rg.length / 3);
  for (let k = 0, f = 0; k < rg.length; k += 3, f++) {
    const s = rg[k]!;
    const e = rg[k + 1]!;
    const flag = rg[k + 2]!;
    if (flag === STRAY) fields[f] = strayField(buf, s, e);
    else {
      const v = ascii ? latin.substring(s - pos, e - pos) : buf.toString('utf8', s, e);
      fields[f] = flag === DOUBLED ? v.replace(/""/g, '"') : v;
    }
  }
  return {
    type: 'record',
    fields,
    text: ascii ? latin : bytes!.toString('utf8'),
    sha256: hash('sha256', bytes ?? latin, 'hex'),
    bytes,
    line,
    offset: base + pos,
    strayQuote: r.stray,
    validUtf8: ascii || isUtf8(bytes!),
  };
}

/**
 * A field with misplaced quotes, read the way Python's csv reader (non-strict) does: a leading
 * quoted part with `""` as `"`, then everything up to the delimiter taken literally.
 */
function strayField(buf: Buffer, s: number, e: number): string {
  if (buf[s] !== QUOTE) return buf.toString('utf8', s, e);
  let value = '';
  let j = s + 1;
  let seg = j;
  while (j < e) {
    if (buf[j] === QUOTE) {
      if (buf[j + 1] === QUOTE && j + 1 < e) {
        value += buf.toString('utf8', seg, j + 1);
        j += 2;
        seg = j;
        continue;
      }
      return value + buf.toString('utf8', seg, j) + buf.toString('utf8', j + 1, e);
    }
    j++;
  }
  return value + buf.toString('utf8', seg, e);
}

function unterminated(
  buf: Buffer,
  pos: number,
  base: number,
  line: number,
): { item: CsvUnterminated; next: number } {
  const nl = buf.indexOf(LF, pos);
  const end = nl === -1 ? buf.length : nl;
  const textEnd = end > pos && buf[end - 1] === CR ? end - 1 : end;
  return {
    item: { type: 'unterminated', bytes: buf.subarray(pos, textEnd), line, offset: base + pos },
    next: nl === -1 ? buf.length : nl + 1,
  };
}

/**
 * Scans one record starting at `start`. Returns null when the buffer ends inside the record and
 * more input may follow (`final` false), or when a quote is still open at the end of input.
 */
function scanRecord(buf: Buffer, start: number, final: boolean): Scanned | null {
  const n = buf.length;
  const ranges: number[] = [];
  let newlines = 0;
  let stray = false;
  let i = start;
  // Position of the next LF at or after the scan position (-1: none left in the buffer).
  let nextLf = buf.indexOf(LF, start);
  for (;;) {
    let j = i;
    let flag = PLAIN;
    let contentStart = i;
    let contentEnd = -1;
    if (j < n && buf[j] === QUOTE) {
      j++;
      contentStart = j;
      for (;;) {
        // Jump to the next quote natively; count the line breaks skipped over on the way.
        const q = buf.indexOf(QUOTE, j);
        if (q < 0) return null;
        for (; nextLf >= 0 && nextLf < q; nextLf = buf.indexOf(LF, nextLf + 1)) newlines++;
        j = q;
        if (j + 1 >= n && !final) return null;
        if (buf[j + 1] === QUOTE) {
          flag = DOUBLED;
          j += 2;
          continue;
        }
        contentEnd = j;
        j++;
        break;
      }
    }
    // Unquoted field, or text after a closing quote (kept, as Python's reader does).
    const after = j;
    for (;;) {
      if (j >= n) {
        if (!final) return null;
        break;
      }
      const b = buf[j];
      if (b === COMMA || b === LF) break;
      if (b === CR) {
        if (j + 1 >= n && !final) return null;
        if (buf[j + 1] === LF) break;
      }
      if (b === QUOTE) flag = STRAY;
      j++;
    }
    if (contentEnd >= 0 && j > after) flag = STRAY;
    if (flag === STRAY) {
      stray = true;
      ranges.push(i, j, STRAY);
    } else ranges.push(contentStart, contentEnd >= 0 ? contentEnd : j, flag);
    if (j >= n) return { ranges, end: n, next: n, newlines, stray };
    if (buf[j] === COMMA) {
      i = j + 1;
      continue;
    }
    if (buf[j] === LF) return { ranges, end: j, next: j + 1, newlines: newlines + 1, stray };
    return { ranges, end: j, next: j + 2, newlines: newlines + 1, stray }; // CR LF
  }
}

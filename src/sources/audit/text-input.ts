/**
 * Text input for audit evidence: encoding sniffing and UTF-8 byte streams. PowerShell writes
 * whatever its version and parameters say (ual-formats.md §1.1): UTF-8 with or without BOM,
 * UTF-16 LE (Out-File, `>`, `-Encoding Unicode`) or BE (`-Encoding BigEndianUnicode`) with a BOM,
 * or lossy ASCII (Windows PowerShell 5.1 Export-Csv). Every reader works on UTF-8 bytes: UTF-16
 * is transcoded on the fly, so the byte-level CSV splitter and line splitter serve all encodings.
 * gzip is decompressed first (evidence-stream.ts), whatever the file is called.
 *
 * @module
 */
import { isUtf8 } from 'node:buffer';
import { FormatError } from '../../errors.js';
import type { IssueSeverity, Locator } from '../../model/issue.js';
import { evidenceChunks, readHead } from '../activities-files/evidence-stream.js';
import type { AuditReadItem, AuditTextEncoding } from './types.js';

/** How many (decompressed) bytes detection looks at. */
export const SNIFF_HEAD_BYTES = 64 * 1024;

/** Largest decompressed file read as one JSON text (JSON.parse needs several times its size). */
export const MAX_WHOLE_AUDIT_JSON_BYTES = 256 * 1024 * 1024;

/** Issue texts longer than this are shortened (the record hash still covers all of it). */
export const MAX_ISSUE_RAW_CHARS = 64 * 1024;

/** The encoding of `head` (the first bytes of a file) and the length of its byte order mark. */
export function sniffEncoding(head: Uint8Array): { encoding: AuditTextEncoding; bomBytes: number } {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { encoding: 'utf-8', bomBytes: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomBytes: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomBytes: 2 };
  // No BOM: UTF-16 text of mostly ASCII characters has a NUL in every other byte.
  const n = Math.min(head.length & ~1, 1024);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (pairs >= 2 && oddNul > pairs * 0.4 && evenNul < pairs * 0.05)
    return { encoding: 'utf-16le', bomBytes: 0 };
  if (pairs >= 2 && evenNul > pairs * 0.4 && oddNul < pairs * 0.05)
    return { encoding: 'utf-16be', bomBytes: 0 };
  return { encoding: 'utf-8', bomBytes: 0 };
}

/** The head of the file decoded as text (BOM removed), with its encoding. */
export async function readHeadText(
  path: string,
  max = SNIFF_HEAD_BYTES,
): Promise<{ text: string; encoding: AuditTextEncoding; bomBytes: number; bytes: Buffer }> {
  const bytes = await readHead(path, max);
  const { encoding, bomBytes } = sniffEncoding(bytes);
  const body = bytes.subarray(bomBytes);
  const text =
    encoding === 'utf-8'
      ? body.toString('utf8')
      : new TextDecoder(encoding, { ignoreBOM: true }).decode(body.subarray(0, body.length & ~1));
  return { text, encoding, bomBytes, bytes };
}

/**
 * The file's content as UTF-8 byte chunks, without the byte order mark. UTF-16 is transcoded
 * (unpaired surrogates become U+FFFD); UTF-8 passes through untouched, so record hashes and byte
 * offsets there are those of the file (offsets counted after the BOM: add `bomBytes`).
 */
export async function* utf8Chunks(
  path: string,
  encoding: AuditTextEncoding,
  bomBytes: number,
  signal?: AbortSignal,
): AsyncGenerator<Buffer> {
  let skip = bomBytes;
  const decoder = encoding === 'utf-8' ? null : new TextDecoder(encoding, { ignoreBOM: true });
  for await (let chunk of evidenceChunks(path, signal)) {
    if (skip > 0) {
      const n = Math.min(skip, chunk.length);
      chunk = chunk.subarray(n);
      skip -= n;
    }
    if (chunk.length === 0) continue;
    if (decoder === null) yield chunk;
    else {
      const text = decoder.decode(chunk, { stream: true });
      if (text.length > 0) yield Buffer.from(text, 'utf8');
    }
  }
  if (decoder !== null) {
    const tail = decoder.decode();
    if (tail.length > 0) yield Buffer.from(tail, 'utf8');
  }
}

/**
 * The whole file as text, for whole-file JSON. Refuses (FormatError) beyond `maxBytes` of UTF-8,
 * suggesting the streaming one-object-per-line form instead.
 */
export async function readWholeAuditText(
  path: string,
  file: string,
  encoding: AuditTextEncoding,
  bomBytes: number,
  signal?: AbortSignal,
  maxBytes = MAX_WHOLE_AUDIT_JSON_BYTES,
): Promise<{ text: string; validUtf8: boolean }> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of utf8Chunks(path, encoding, bomBytes, signal)) {
    size += chunk.length;
    if (size > maxBytes) {
      throw new FormatError(
        `[audit] ${file} is larger than ${Math.round(maxBytes / 1048576)} MiB of JSON, too large to read as ` +
          "one document: convert it to one record per line (for an array: jq -c '.[]'; for pages: " +
          "jq -c '.value[]') and read it with --format ual-jsonl",
      );
    }
    parts.push(chunk);
  }
  const buf = Buffer.concat(parts);
  return { text: buf.toString('utf8'), validUtf8: encoding !== 'utf-8' || isUtf8(buf) };
}

/** One line of a byte stream, without its LF or CRLF terminator. */
export interface ByteLine {
  readonly bytes: Buffer;
  /** 1-based physical line. */
  readonly line: number;
  /** Byte offset in the UTF-8 stream. */
  readonly offset: number;
  /** The line was longer than the limit; `bytes` holds only its start. */
  readonly tooLong: boolean;
}

/** A line longer than this is reported and skipped instead of being buffered. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** Splits UTF-8 chunks on LF (dropping a CR before it). */
export async function* byteLines(
  chunks: AsyncIterable<Buffer>,
  maxLine = MAX_LINE_BYTES,
): AsyncGenerator<ByteLine> {
  let buf: Buffer = Buffer.alloc(0);
  let base = 0;
  let line = 1;
  let skipping: ByteLine | null = null;
  const cut = (end: number): Buffer => buf.subarray(0, end > 0 && buf[end - 1] === 0x0d ? end - 1 : end);
  for await (const chunk of chunks) {
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    for (let nl = buf.indexOf(0x0a); nl >= 0; nl = buf.indexOf(0x0a)) {
      yield skipping ?? { bytes: cut(nl), line, offset: base, tooLong: false };
      skipping = null;
      line++;
      buf = buf.subarray(nl + 1);
      base += nl + 1;
    }
    if (buf.length > maxLine && !skipping) {
      skipping = { bytes: Buffer.from(buf.subarray(0, 200)), line, offset: base, tooLong: true };
    }
    if (skipping) {
      base += buf.length;
      buf = Buffer.alloc(0);
    }
  }
  if (skipping) yield skipping;
  else if (buf.length > 0) yield { bytes: cut(buf.length), line, offset: base, tooLong: false };
}

/** Builds an issue item, shortening very long raw text. */
export function issueItem(
  code: string,
  severity: IssueSeverity,
  locator: Locator,
  message: string,
  raw?: string,
): AuditReadItem {
  const shortened =
    raw !== undefined && raw.length > MAX_ISSUE_RAW_CHARS
      ? `${raw.slice(0, MAX_ISSUE_RAW_CHARS)}…[shortened]`
      : raw;
  return {
    type: 'issue',
    issue: { code, severity, message, locator, ...(shortened !== undefined ? { raw: shortened } : {}) },
  };
}

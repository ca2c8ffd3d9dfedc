/**
 * CSV rows of an audit export in any of the encodings and delimiters PowerShell and the portals
 * write. Comma-separated files (nearly all) go through the fast byte-level splitter of
 * activities-files/csv-records.ts, which gives each record's exact bytes, line and offset;
 * `Export-Csv -UseCulture` files (`;`, tab) go through a small text-level splitter with the same
 * RFC 4180 rules. A first line starting with `#TYPE` (Windows PowerShell 5.1 without
 * `-NoTypeInformation`) is skipped; the next non-blank record is the header.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { csvRecordBatches } from '../activities-files/csv-records.js';
import { readHeadText, utf8Chunks } from './text-input.js';
import type { AuditFileInfo, AuditTextEncoding } from './types.js';

/** A data row (or the header) as found in the file. */
export interface TabularRow {
  readonly type: 'row';
  readonly fields: string[];
  /** The record text without its line terminator. */
  readonly text: string;
  /** SHA-256 (hex) of the record's UTF-8 bytes without the terminator. */
  readonly sha256: string;
  /** 1-based physical line where the record starts. */
  readonly line: number;
  /** Byte offset in the file (UTF-8 files through the byte splitter only). */
  readonly offset: number | undefined;
  readonly validUtf8: boolean;
  readonly strayQuote: boolean;
  /** The record is plain ASCII (for the lossy-ASCII heuristic). */
  readonly ascii: boolean;
}

/** A quoted field that never closed; reading resumes on the next line. */
export interface TabularBroken {
  readonly type: 'unterminated';
  readonly text: string;
  readonly line: number;
  readonly offset: number | undefined;
}

export type TabularItem =
  | TabularRow
  | TabularBroken
  | { readonly type: 'header'; readonly names: string[]; readonly row: TabularRow }
  | { readonly type: 'type-line'; readonly text: string };

/** Streams the file's CSV records in batches, the header (and a `#TYPE` line) marked as such. */
export async function* csvTable(
  path: string,
  info: AuditFileInfo,
  signal?: AbortSignal,
): AsyncGenerator<TabularItem[]> {
  const chunks = utf8Chunks(path, info.encoding, info.bomBytes, signal);
  const delimiter = info.delimiter ?? ',';
  const source = delimiter === ',' ? byteSplitter(chunks, info) : textSplitter(chunks, delimiter);
  let state: 'start' | 'header' | 'data' = 'start';
  for await (const batch of source) {
    const out: TabularItem[] = [];
    for (const item of batch) {
      if (state !== 'data' && item.type === 'row') {
        if (state === 'start' && item.fields[0]?.startsWith('#TYPE')) {
          out.push({ type: 'type-line', text: item.text });
          state = 'header';
          continue;
        }
        const names = item.fields.map((n, i) => (i === 0 ? n.replace(/^\uFEFF/, '') : n).trim());
        out.push({ type: 'header', names, row: item });
        state = 'data';
        continue;
      }
      out.push(item);
    }
    if (out.length > 0) yield out;
  }
}

// --- Internal helpers ---

async function* byteSplitter(
  chunks: AsyncIterable<Buffer>,
  info: AuditFileInfo,
): AsyncGenerator<(TabularRow | TabularBroken)[]> {
  const utf8 = info.encoding === 'utf-8';
  for await (const batch of csvRecordBatches(chunks)) {
    yield batch.map((r) =>
      r.type === 'unterminated'
        ? {
            type: 'unterminated',
            text: r.bytes.toString('utf8'),
            line: r.line,
            offset: utf8 ? r.offset + info.bomBytes : undefined,
          }
        : {
            type: 'row',
            fields: r.fields,
            text: r.text,
            sha256: r.sha256,
            line: r.line,
            offset: utf8 ? r.offset + info.bomBytes : undefined,
            validUtf8: r.validUtf8,
            strayQuote: r.strayQuote,
            ascii: r.bytes === undefined,
          },
    );
  }
}

const NON_ASCII = /[\u0080-\uffff]/;

async function* textSplitter(
  chunks: AsyncIterable<Buffer>,
  delimiter: string,
): AsyncGenerator<(TabularRow | TabularBroken)[]> {
  const decoder = new TextDecoder('utf-8');
  let buf = '';
  let line = 1;
  const drain = (final: boolean): (TabularRow | TabularBroken)[] => {
    const out: (TabularRow | TabularBroken)[] = [];
    let pos = 0;
    while (pos < buf.length) {
      const r = scanText(buf, pos, delimiter, final);
      if (r === null) break;
      if (r === 'open') {
        const nl = buf.indexOf('\n', pos);
        const end = nl < 0 ? buf.length : nl;
        out.push({
          type: 'unterminated',
          text: buf.slice(pos, end).replace(/\r$/, ''),
          line,
          offset: undefined,
        });
        line++;
        pos = nl < 0 ? buf.length : nl + 1;
        continue;
      }
      if (r.end > pos) {
        const text = buf.slice(pos, r.end);
        out.push({
          type: 'row',
          fields: r.fields,
          text,
          sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
          line,
          offset: undefined,
          validUtf8: !text.includes('\uFFFD'),
          strayQuote: r.stray,
          ascii: !NON_ASCII.test(text),
        });
      }
      line += r.newlines;
      pos = r.next;
    }
    buf = buf.slice(pos);
    return out;
  };
  for await (const chunk of chunks) {
    buf += decoder.decode(chunk, { stream: true });
    const out = drain(false);
    if (out.length > 0) yield out;
  }
  buf += decoder.decode();
  const out = drain(true);
  if (out.length > 0) yield out;
}

interface ScannedText {
  fields: string[];
  end: number;
  next: number;
  newlines: number;
  stray: boolean;
}

/** One record at `start`; null when more input is needed, 'open' when a quote never closes. */
function scanText(buf: string, start: number, delim: string, final: boolean): ScannedText | null | 'open' {
  const n = buf.length;
  const fields: string[] = [];
  let newlines = 0;
  let stray = false;
  let i = start;
  for (;;) {
    let value = '';
    let quoted = false;
    if (buf[i] === '"') {
      quoted = true;
      let j = i + 1;
      for (;;) {
        const q = buf.indexOf('"', j);
        if (q < 0) return final ? 'open' : null;
        const part = buf.slice(j, q);
        for (let k = part.indexOf('\n'); k >= 0; k = part.indexOf('\n', k + 1)) newlines++;
        value += part;
        if (q + 1 >= n && !final) return null;
        if (buf[q + 1] === '"') {
          value += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
    }
    let k = i;
    for (;;) {
      if (k >= n) {
        if (!final) return null;
        break;
      }
      const c = buf[k];
      if (c === delim || c === '\n') break;
      if (c === '\r') {
        if (k + 1 >= n && !final) return null;
        if (buf[k + 1] === '\n') break;
      }
      if (c === '"') stray = true;
      k++;
    }
    if (quoted) {
      if (k > i) stray = true;
      value += buf.slice(i, k);
    } else value = buf.slice(i, k);
    fields.push(value);
    if (k >= n) return { fields, end: n, next: n, newlines, stray };
    if (buf[k] === delim) {
      i = k + 1;
      continue;
    }
    if (buf[k] === '\n') return { fields, end: k, next: k + 1, newlines: newlines + 1, stray };
    return { fields, end: k, next: k + 2, newlines: newlines + 1, stray };
  }
}

/**
 * The delimiter of a CSV header line: the most frequent of `,` `;` tab outside quotes (ties and
 * none: `,`).
 */
export function headerDelimiter(headerLine: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let inQuote = false;
  for (const c of headerLine) {
    if (c === '"') inQuote = !inQuote;
    else if (!inQuote && (c === ',' || c === ';' || c === '\t')) counts[c]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

/** Header names of a header line (split on `delimiter`, quotes removed, trimmed). */
export function headerNames(headerLine: string, delimiter: string): string[] {
  const r = scanText(headerLine, 0, delimiter, true);
  if (r === null || r === 'open') return [];
  return r.fields.map((f) => f.trim());
}

/** The header line of CSV text (after a `#TYPE` line and blank lines), or undefined. */
export function headerLineOf(text: string): string | undefined {
  for (const l of text.split('\n')) {
    const t = l.replace(/\r$/, '');
    if (t.trim() === '' || t.startsWith('#TYPE')) continue;
    return t;
  }
  return undefined;
}

/** Encoding, BOM length and delimiter of a CSV file, from its head. */
export async function sniffCsv(
  path: string,
): Promise<{ encoding: AuditTextEncoding; bomBytes: number; delimiter: ',' | ';' | '\t' }> {
  const head = await readHeadText(path);
  const header = headerLineOf(head.text);
  return {
    encoding: head.encoding,
    bomBytes: head.bomBytes,
    delimiter: header === undefined ? ',' : headerDelimiter(header),
  };
}

/**
 * Readers for the JSON forms of the Unified Audit Log:
 *
 * - `ual-json` / `ual-graph-json` (whole file): an array of AuditData (Management Activity API
 *   content blob, Hawk), of Search-UnifiedAuditLog result objects (Extractor-Suite `-Output
 *   JSON`, Hawk's raw JSON), of Graph auditLogRecords (Extractor-Suite Get-UALGraph), Graph
 *   `{"value": […]}` pages, a single object, or several of these concatenated (per-window files
 *   appended to one another). Both formats accept all of these; they differ only in the adapter
 *   name their events record.
 * - `ual-jsonl` (streaming): one such object per line.
 *
 * Locators: `row` = 1-based record number in the file; `line` = the line the record (JSONL) or
 * its enclosing top-level document (whole-file JSON) starts on; issues add the JSON path as
 * `column`. gzip, BOMs and UTF-16 are handled by text-input.ts.
 *
 * @module
 */
import type { JsonValue } from '../../model/event.js';
import { sha256Hex } from '../../model/ids.js';
import type { Locator } from '../../model/issue.js';
import { splitJsonDocuments } from '../activities-files/json-documents.js';
import { field, isObject, text } from '../audit/json-fields.js';
import {
  byteLines,
  issueItem,
  MAX_LINE_BYTES,
  readHeadText,
  readWholeAuditText,
  utf8Chunks,
} from '../audit/text-input.js';
import type { AuditFileInfo, AuditReadItem, AuditReadOptions } from '../audit/types.js';
import { CompletenessTracker, moreGraphPagesIssue } from './completeness.js';
import { unwrapAuditRecord } from './unwrap.js';

type Opts = AuditReadOptions & { readonly info?: AuditFileInfo };

/** Reads whole-file UAL JSON (blobs, arrays, wrapper objects, concatenations). */
export async function* readUalJson(path: string, opts: Opts = {}): AsyncGenerator<AuditReadItem> {
  yield* readWholeJson(path, 'ual-json', opts);
}

/** Reads Graph audit log query `records` pages (or arrays of auditLogRecords). */
export async function* readUalGraphJson(path: string, opts: Opts = {}): AsyncGenerator<AuditReadItem> {
  yield* readWholeJson(path, 'ual-graph-json', opts);
}

/** Streams one UAL JSON object per line. Blank lines are skipped. */
export async function* readUalJsonl(path: string, opts: Opts = {}): AsyncGenerator<AuditReadItem> {
  const file = opts.displayName ?? path;
  const info = opts.info ?? (await sniffInfo(path, 'ual-jsonl'));
  const utf8 = info.encoding === 'utf-8';
  const completeness = new CompletenessTracker();
  let row = 0;
  for await (const l of byteLines(utf8Chunks(path, info.encoding, info.bomBytes, opts.signal))) {
    if (!l.tooLong && isBlank(l.bytes)) continue;
    row++;
    const locator: Locator = {
      file,
      row,
      line: l.line,
      ...(utf8 ? { offset: l.offset + info.bomBytes } : {}),
    };
    const lineText = l.bytes.toString('utf8');
    if (l.tooLong) {
      completeness.observe(undefined, row);
      yield issueItem(
        'ual.jsonl.line_too_long',
        'error',
        locator,
        `Line is longer than ${MAX_LINE_BYTES} bytes; skipped`,
        lineText,
      );
      continue;
    }
    let value: JsonValue;
    try {
      value = JSON.parse(lineText) as JsonValue;
    } catch (e) {
      completeness.observe(undefined, row);
      yield issueItem(
        'ual.jsonl.invalid_json',
        'error',
        locator,
        `Not valid JSON: ${(e as Error).message}; line skipped`,
        lineText,
      );
      continue;
    }
    completeness.observe(isObject(value) ? value : undefined, row);
    const u = unwrapAuditRecord(value);
    if (!u.ok) {
      yield issueItem(`ual.jsonl.${u.code}`, 'error', locator, `${u.message}; line skipped`, lineText);
      continue;
    }
    yield {
      type: 'record',
      record: {
        kind: 'ual',
        format: 'ual-jsonl',
        data: u.data,
        raw: u.raw,
        rawSha256: sha256Hex(l.bytes),
        locator,
      },
    };
  }
  yield* completeness.finish(file, 'records');
}

// --- Internal helpers ---

async function sniffInfo(path: string, format: AuditFileInfo['format']): Promise<AuditFileInfo> {
  const head = await readHeadText(path, 4096);
  return { format, encoding: head.encoding, bomBytes: head.bomBytes };
}

function isBlank(b: Buffer): boolean {
  for (const c of b) if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) return false;
  return true;
}

async function* readWholeJson(
  path: string,
  format: 'ual-json' | 'ual-graph-json',
  opts: Opts,
): AsyncGenerator<AuditReadItem> {
  const file = opts.displayName ?? path;
  const info = opts.info ?? (await sniffInfo(path, format));
  const { text: body, validUtf8 } = await readWholeAuditText(
    path,
    file,
    info.encoding,
    info.bomBytes,
    opts.signal,
  );
  if (!validUtf8)
    yield issueItem(
      'ual.json.invalid_utf8',
      'warning',
      { file },
      'File is not valid UTF-8; invalid bytes were read as U+FFFD',
    );
  const completeness = new CompletenessTracker();
  let row = 0;
  let doc = 0;
  let lastNextLink: string | undefined;
  for (const span of splitJsonDocuments(body)) {
    doc++;
    const docText = body.slice(span.start, span.end);
    const where: Locator = { file, line: span.line };
    if (span.unterminated) {
      yield issueItem(
        'ual.json.invalid_json',
        'error',
        where,
        `Document ${doc}: JSON text ends inside an object or array; skipped`,
        docText,
      );
      continue;
    }
    let value: JsonValue;
    try {
      value = JSON.parse(docText) as JsonValue;
    } catch (e) {
      yield issueItem(
        'ual.json.invalid_json',
        'error',
        where,
        `Document ${doc}: not valid JSON: ${(e as Error).message}; skipped`,
        docText,
      );
      continue;
    }
    for (const c of candidates(value)) {
      if (c.nextLink !== undefined) {
        lastNextLink = c.nextLink ?? undefined;
        continue;
      }
      row++;
      const locator: Locator = { ...where, row };
      completeness.observe(isObject(c.value) ? c.value : undefined, row);
      const u = unwrapAuditRecord(c.value);
      const recordText = JSON.stringify(c.value);
      if (!u.ok) {
        yield issueItem(
          `ual.json.${u.code}`,
          'error',
          { ...locator, column: c.path },
          `Document ${doc}, ${c.path}: ${u.message}; skipped`,
          recordText,
        );
        continue;
      }
      yield {
        type: 'record',
        record: { kind: 'ual', format, data: u.data, raw: u.raw, rawSha256: sha256Hex(recordText), locator },
      };
    }
  }
  yield* completeness.finish(file, 'records');
  if (lastNextLink !== undefined) yield moreGraphPagesIssue(file, lastNextLink, 'ual.graph.more_pages');
}

type Candidate =
  | { readonly value: JsonValue; readonly path: string; readonly nextLink?: undefined }
  | { readonly nextLink: string | null; readonly value?: undefined; readonly path?: undefined };

/** A `{"value": [...]}` page (not itself a record). */
function isPage(v: JsonValue): v is { value: JsonValue[] } & { [k: string]: JsonValue } {
  return isObject(v) && Array.isArray(v.value) && field(v, 'Operation') === undefined;
}

/** The records of one top-level document, and for each page its `@odata.nextLink` (or null). */
function* candidates(value: JsonValue): Generator<Candidate> {
  const page = function* (
    p: { value: JsonValue[] } & { [k: string]: JsonValue },
    base: string,
  ): Generator<Candidate> {
    for (let j = 0; j < p.value.length; j++) yield { value: p.value[j]!, path: `${base}.value[${j}]` };
    yield { nextLink: text(p['@odata.nextLink']) ?? null };
  };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const el = value[i]!;
      if (isPage(el)) yield* page(el, `$[${i}]`);
      else yield { value: el, path: `$[${i}]` };
    }
  } else if (isPage(value)) yield* page(value, '$');
  else yield { value, path: '$' };
}

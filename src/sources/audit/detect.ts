/**
 * Tells the audit evidence formats apart by content (the first 64 KiB after gzip and the BOM,
 * decoded in the sniffed encoding), never by file name, and dispatches to the reader. Rules,
 * first match wins:
 *
 * 1. JSON text (starts with `{` or `[`): a *sample* record is found — the first line if it is a
 *    complete object (then a record per line is assumed), else the first element of the
 *    top-level array, of its `value` (Graph page) or `records` (diagnostic settings) array, or
 *    the object itself — and classified:
 *    - a Graph `auditLogRecord` (`auditData` + `auditLogRecordType`/`operation`) → `ual-graph-json`;
 *    - AuditData, or a wrapper with an `AuditData` member → `ual-jsonl` when the first line is
 *      the whole record, else `ual-json`;
 *    - a sign-in (`createdDateTime` + `userPrincipalName`/`ipAddress`/`status`/`appDisplayName`) or a
 *      diagnostic sign-in record (`category`, `properties`) → `entra-signin-json`.
 *    An empty page is told by its `@odata.context` (`auditLog/queries` vs `auditLogs/signIns`).
 * 2. Otherwise the header line of a CSV (after a `#TYPE` line; delimiter `,` `;` or tab):
 *    an `AuditData` column → `ual-csv`; `Id` + `CreationTime` + `Operation` columns →
 *    `ual-flat-csv`; sign-in columns (`Date (UTC)` or `createdDateTime`, with `Username`/`Request
 *    ID` and `IP address`/`Sign-in error code`/`Application`) → `entra-signin-csv`.
 *
 * @module
 */
import { FormatError } from '../../errors.js';
import type { JsonValue } from '../../model/event.js';
import { isSignInHeader } from '../entra/columns.js';
import { isDiagnosticRecord, looksLikeSignIn, readSignInCsv, readSignInJson } from '../entra/readers.js';
import { readUalCsv, readUalFlatCsv } from '../ual/csv-reader.js';
import { readUalGraphJson, readUalJson, readUalJsonl } from '../ual/json-readers.js';
import { auditDataKey, looksLikeAuditData } from '../ual/unwrap.js';
import { headerDelimiter, headerLineOf, headerNames } from './csv-input.js';
import { field, isObject, text, type JsonObject } from './json-fields.js';
import { readHeadText } from './text-input.js';
import {
  AUDIT_FILE_FORMATS,
  type AuditFileFormat,
  type AuditFileInfo,
  type AuditReadItem,
  type AuditReadOptions,
} from './types.js';

/** What detection found (format, encoding, BOM, delimiter), or null when nothing matches. */
export async function inspectAuditFile(path: string): Promise<AuditFileInfo | null> {
  const head = await readHeadText(path);
  const r = detectAuditText(head.text);
  return r === null ? null : { ...r, encoding: head.encoding, bomBytes: head.bomBytes };
}

/** The format of the file at `path`, or null when its content matches none. */
export async function detectAuditFileFormat(path: string): Promise<AuditFileFormat | null> {
  return (await inspectAuditFile(path))?.format ?? null;
}

/** Detection on decoded head text (exported for tests and callers holding the head). */
export function detectAuditText(
  head: string,
): { format: AuditFileFormat; delimiter?: ',' | ';' | '\t' } | null {
  const body = head.replace(/^\uFEFF/, '').trimStart();
  if (body === '' || body.includes('\u0000')) return null;
  const c = body[0];
  if (c === '{' || c === '[') {
    const format = detectJson(body);
    return format === null ? null : { format };
  }
  const header = headerLineOf(body);
  if (header === undefined) return null;
  const delimiter = headerDelimiter(header);
  const names = headerNames(header, delimiter);
  const lower = new Set(names.map((n) => n.toLowerCase()));
  if (lower.has('auditdata')) return { format: 'ual-csv', delimiter };
  if (lower.has('id') && lower.has('creationtime') && lower.has('operation'))
    return { format: 'ual-flat-csv', delimiter };
  if (isSignInHeader(names)) return { format: 'entra-signin-csv', delimiter };
  return null;
}

/**
 * Reads an audit evidence file in the given format, or the detected one when `format` is
 * undefined. Throws FormatError (on first iteration) when the format cannot be told.
 */
export async function* readAuditFile(
  path: string,
  format: AuditFileFormat | undefined,
  opts: AuditReadOptions = {},
): AsyncGenerator<AuditReadItem> {
  const detected = await inspectAuditFile(path);
  const f = format ?? detected?.format;
  if (f === undefined) {
    throw new FormatError(
      `[audit] Cannot tell the format of ${opts.displayName ?? path}: expected a Unified Audit Log export ` +
        '(a CSV with an AuditData column from Purview or Search-UnifiedAuditLog | Export-Csv; AuditData JSON ' +
        'one per line; a Management Activity API blob or other JSON array of AuditData; Graph audit log query ' +
        'records pages) or Entra sign-in logs (Graph signIns JSON, diagnostic-settings records, the portal CSV ' +
        'or JSON download), optionally gzip-compressed, in UTF-8 or UTF-16. ' +
        `Pass --format ${AUDIT_FILE_FORMATS.join('|')} if the file is one of these`,
    );
  }
  // The detected encoding and delimiter are handed on when the reader is the detected one;
  // a reader for a format forced by the caller sniffs for itself.
  const o = detected !== null && detected.format === f ? { ...opts, info: detected } : opts;
  const readers = {
    'ual-csv': readUalCsv,
    'ual-flat-csv': readUalFlatCsv,
    'ual-json': readUalJson,
    'ual-graph-json': readUalGraphJson,
    'ual-jsonl': readUalJsonl,
    'entra-signin-json': readSignInJson,
    'entra-signin-csv': readSignInCsv,
  } as const satisfies Record<AuditFileFormat, unknown>;
  yield* readers[f](path, o);
}

// --- Internal helpers ---

function tryParse(t: string): JsonValue | undefined {
  try {
    return JSON.parse(t) as JsonValue;
  } catch {
    return undefined;
  }
}

function detectJson(body: string): AuditFileFormat | null {
  const nl = body.indexOf('\n');
  const firstLine = tryParse(nl < 0 ? body : body.slice(0, nl));
  if (isObject(firstLine)) {
    const perLine = nl >= 0 && !isContainer(firstLine);
    const sample = sampleOf(firstLine);
    if (sample === undefined) return emptyPage(firstLine);
    return classify(sample, perLine);
  }
  const whole = tryParse(body);
  if (whole !== undefined) {
    const sample = sampleOf(whole);
    return sample === undefined ? (isObject(whole) ? emptyPage(whole) : null) : classify(sample, false);
  }
  // The head cut a document: find the first record-like object in it.
  const sample = firstObjectSample(body);
  if (sample !== undefined) return classify(sample, false);
  const ctx = /"@odata\.context"\s*:\s*"([^"]*)"/.exec(body)?.[1];
  return ctx === undefined ? null : contextFormat(ctx);
}

function isContainer(obj: JsonObject): boolean {
  return Array.isArray(obj.value) || Array.isArray(obj.records);
}

/** The first record of a parsed value (array element, page/records element, or itself). */
function sampleOf(v: JsonValue): JsonObject | undefined {
  if (Array.isArray(v)) return v.length === 0 ? undefined : sampleOf(v[0]!);
  if (!isObject(v)) return undefined;
  if (Array.isArray(v.value)) return v.value.length === 0 ? undefined : sampleOf(v.value[0]!);
  if (Array.isArray(v.records)) return v.records.length === 0 ? undefined : sampleOf(v.records[0]!);
  return v;
}

function emptyPage(obj: JsonObject): AuditFileFormat | null {
  const ctx = text(obj['@odata.context']);
  return ctx === undefined ? null : contextFormat(ctx);
}

function contextFormat(ctx: string): AuditFileFormat | null {
  if (/auditLog\/queries/i.test(ctx) || /auditLogRecord/i.test(ctx)) return 'ual-graph-json';
  if (/auditLogs\/signIns/i.test(ctx) || /#signIn/i.test(ctx)) return 'entra-signin-json';
  return null;
}

function classify(obj: JsonObject, perLine: boolean): AuditFileFormat | null {
  if (
    Object.hasOwn(obj, 'auditData') &&
    (field(obj, 'auditLogRecordType') !== undefined || field(obj, 'operation') !== undefined)
  )
    return perLine ? 'ual-jsonl' : 'ual-graph-json';
  if (auditDataKey(obj) !== undefined || looksLikeAuditData(obj)) return perLine ? 'ual-jsonl' : 'ual-json';
  if (isDiagnosticRecord(obj)) {
    const props = field(obj, 'properties');
    const category = text(field(obj, 'category')) ?? '';
    return /signin/i.test(category) || (isObject(props) && looksLikeSignIn(props))
      ? 'entra-signin-json'
      : null;
  }
  if (looksLikeSignIn(obj)) return 'entra-signin-json';
  return null;
}

/** The first complete `{…}` at depth ≤ 3 that parses and is not a page, in possibly cut text. */
function firstObjectSample(body: string): JsonObject | undefined {
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '"') {
      i = skipString(body, i);
      if (i < 0) return undefined;
      continue;
    }
    if (ch === '{') {
      const end = matchingEnd(body, i);
      if (end > 0) {
        const v = tryParse(body.slice(i, end));
        if (isObject(v) && !isContainer(v)) return v;
      }
      depth++;
      if (depth > 3) return undefined;
    } else if (ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
  }
  return undefined;
}

/** Index of the closing quote of the string starting at `i`, or -1. */
function skipString(t: string, i: number): number {
  let j = i + 1;
  while (j < t.length) {
    if (t[j] === '\\') j += 2;
    else if (t[j] === '"') return j;
    else j++;
  }
  return -1;
}

/** Index after the bracket closing the one at `i`, or -1 when the text ends first. */
function matchingEnd(t: string, i: number): number {
  let depth = 0;
  for (let j = i; j < t.length; j++) {
    const ch = t[j];
    if (ch === '"') {
      j = skipString(t, j);
      if (j < 0) return -1;
    } else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}

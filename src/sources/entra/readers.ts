/**
 * Readers for Entra ID sign-in logs (ual-formats.md §4.1):
 *
 * - `entra-signin-json`: Graph `auditLogs/signIns` pages (`{"value": […], "@odata.nextLink"}`,
 *   v1.0 or beta), bare arrays of sign-ins (the portal's JSON download, Extractor-Suite, Hawk's
 *   Graph SDK output with PascalCase names), diagnostic-settings / Event Hub records
 *   (`{"records": […]}` or one record per line, each `{time, category, properties{…}}`), and
 *   concatenations of these. A diagnostic record's `properties` is the sign-in; the envelope is
 *   kept as `raw`. Records of other categories (AuditLogs, …) are reported and skipped.
 * - `entra-signin-csv`: the portal's CSV download; columns map to Graph property paths through
 *   the table in columns.ts, and the row (every column, verbatim) is `raw`.
 *
 * @module
 */
import { FormatError } from '../../errors.js';
import type { JsonValue } from '../../model/event.js';
import { sha256Hex } from '../../model/ids.js';
import type { Locator } from '../../model/issue.js';
import { splitJsonDocuments } from '../activities-files/json-documents.js';
import { csvTable, sniffCsv } from '../audit/csv-input.js';
import { field, firstField, isObject, setOwn, text, type JsonObject } from '../audit/json-fields.js';
import { issueItem, readHeadText, readWholeAuditText } from '../audit/text-input.js';
import type { AuditFileInfo, AuditReadItem, AuditReadOptions } from '../audit/types.js';
import { moreGraphPagesIssue } from '../ual/completeness.js';
import { signInPathOfColumn } from './columns.js';

type Opts = AuditReadOptions & { readonly info?: AuditFileInfo };

/** Diagnostic-settings categories that hold sign-ins. */
export const SIGNIN_CATEGORIES: ReadonlySet<string> = new Set([
  'signinlogs',
  'noninteractiveusersigninlogs',
  'serviceprincipalsigninlogs',
  'managedidentitysigninlogs',
  'adfssigninlogs',
]);

/** True when `obj` is a diagnostic-settings record (an envelope with `properties`). */
export function isDiagnosticRecord(obj: JsonObject): boolean {
  return (
    isObject(field(obj, 'properties')) &&
    (field(obj, 'category') !== undefined || field(obj, 'operationName') !== undefined)
  );
}

/** True when `obj` has the fields of a sign-in (Graph, portal JSON, SDK output). */
export function looksLikeSignIn(obj: JsonObject): boolean {
  return (
    field(obj, 'createdDateTime') !== undefined &&
    (field(obj, 'userPrincipalName') !== undefined ||
      field(obj, 'ipAddress') !== undefined ||
      field(obj, 'status') !== undefined ||
      field(obj, 'appDisplayName') !== undefined)
  );
}

/** Reads sign-ins from whole-file JSON (see the module comment). */
export async function* readSignInJson(path: string, opts: Opts = {}): AsyncGenerator<AuditReadItem> {
  const file = opts.displayName ?? path;
  const info = opts.info ?? (await sniff(path));
  const { text: body, validUtf8 } = await readWholeAuditText(
    path,
    file,
    info.encoding,
    info.bomBytes,
    opts.signal,
  );
  if (!validUtf8)
    yield issueItem(
      'signin.json.invalid_utf8',
      'warning',
      { file },
      'File is not valid UTF-8; invalid bytes were read as U+FFFD',
    );
  let row = 0;
  let doc = 0;
  let lastNextLink: string | undefined;
  for (const span of splitJsonDocuments(body)) {
    doc++;
    const docText = body.slice(span.start, span.end);
    const where: Locator = { file, line: span.line };
    let value: JsonValue;
    try {
      if (span.unterminated) throw new Error('JSON text ends inside an object or array');
      value = JSON.parse(docText) as JsonValue;
    } catch (e) {
      yield issueItem(
        'signin.json.invalid_json',
        'error',
        where,
        `Document ${doc}: not valid JSON: ${(e as Error).message}; skipped`,
        docText,
      );
      continue;
    }
    for (const c of candidates(value, '$')) {
      if ('nextLink' in c) {
        lastNextLink = c.nextLink;
        continue;
      }
      row++;
      const locator: Locator = { ...where, row };
      const recordText = JSON.stringify(c.value);
      const bad = (code: string, message: string) =>
        issueItem(
          code,
          'error',
          { ...locator, column: c.path },
          `Document ${doc}, ${c.path}: ${message}; skipped`,
          recordText,
        );
      if (!isObject(c.value)) {
        yield bad('signin.json.not_object', 'expected a sign-in object');
        continue;
      }
      let data: JsonObject = c.value;
      if (isDiagnosticRecord(c.value)) {
        const category = text(field(c.value, 'category'));
        if (category !== undefined && !SIGNIN_CATEGORIES.has(category.toLowerCase())) {
          yield issueItem(
            'signin.json.not_signin',
            'warning',
            { ...locator, column: c.path },
            `Document ${doc}, ${c.path}: diagnostic record of category ${category}, not a sign-in; skipped`,
            recordText,
          );
          continue;
        }
        data = field(c.value, 'properties') as JsonObject;
      } else if (!looksLikeSignIn(c.value)) {
        yield bad(
          'signin.json.not_signin',
          'object has none of the sign-in fields (createdDateTime with userPrincipalName, ipAddress, status or appDisplayName)',
        );
        continue;
      }
      yield {
        type: 'record',
        record: {
          kind: 'signin',
          format: 'entra-signin-json',
          data,
          raw: c.value,
          rawSha256: sha256Hex(recordText),
          locator,
        },
      };
    }
  }
  if (lastNextLink !== undefined) yield moreGraphPagesIssue(file, lastNextLink, 'signin.graph.more_pages');
}

/** Reads the portal's sign-in CSV download. */
export async function* readSignInCsv(path: string, opts: Opts = {}): AsyncGenerator<AuditReadItem> {
  const file = opts.displayName ?? path;
  const info: AuditFileInfo = opts.info ?? { format: 'entra-signin-csv', ...(await sniffCsv(path)) };
  let names: string[] | null = null;
  let paths: string[] = [];
  let row = 0;
  const out: AuditReadItem[] = [];
  for await (const batch of csvTable(path, info, opts.signal)) {
    for (const item of batch) {
      if (item.type === 'type-line') continue;
      if (item.type === 'header') {
        names = uniqueNames(item.names);
        paths = names.map((n) => signInPathOfColumn(n.replace(/ \(\d+\)$/, '')));
        if (!paths.includes('createdDateTime'))
          throw new FormatError(
            `[entra] ${file} is not a sign-in CSV: no "Date (UTC)" or createdDateTime column (header: ${item.names.join(',').slice(0, 300)})`,
          );
        continue;
      }
      if (names === null) continue;
      row++;
      const locator: Locator = {
        file,
        row,
        line: item.line,
        ...(item.offset !== undefined ? { offset: item.offset } : {}),
      };
      if (item.type === 'unterminated') {
        out.push(
          issueItem(
            'signin.csv.unterminated_quote',
            'error',
            locator,
            'A quoted field never closes; this line is skipped',
            item.text,
          ),
        );
        continue;
      }
      if (item.fields.length !== names.length) {
        out.push(
          issueItem(
            'signin.csv.field_count',
            'error',
            locator,
            `Row has ${item.fields.length} fields, the header has ${names.length}; row skipped`,
            item.text,
          ),
        );
        continue;
      }
      const raw: { [key: string]: JsonValue } = {};
      const data: { [key: string]: JsonValue } = {};
      for (let i = 0; i < names.length; i++) {
        const v = item.fields[i]!;
        setOwn(raw, names[i]!, v);
        if (v !== '') setPath(data, paths[i]!, v);
      }
      out.push({
        type: 'record',
        record: { kind: 'signin', format: 'entra-signin-csv', data, raw, rawSha256: item.sha256, locator },
      });
    }
    for (const it of out) yield it;
    out.length = 0;
  }
  if (names === null) throw new FormatError(`[entra] ${file} is empty: expected a CSV header`);
}

// --- Internal helpers ---

async function sniff(path: string): Promise<AuditFileInfo> {
  const head = await readHeadText(path, 4096);
  return { format: 'entra-signin-json', encoding: head.encoding, bomBytes: head.bomBytes };
}

type Candidate = { readonly value: JsonValue; readonly path: string } | { readonly nextLink: string };

/** Records of a document: arrays, `value` pages, `records` envelopes, or the object itself. */
function* candidates(value: JsonValue, base: string): Generator<Candidate> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const el = value[i]!;
      if (isObject(el) && (Array.isArray(el.value) || Array.isArray(el.records)))
        yield* candidates(el, `${base}[${i}]`);
      else yield { value: el, path: `${base}[${i}]` };
    }
    return;
  }
  if (isObject(value)) {
    const list = Array.isArray(value.value) ? 'value' : Array.isArray(value.records) ? 'records' : undefined;
    if (list !== undefined) {
      const arr = value[list] as JsonValue[];
      for (let j = 0; j < arr.length; j++) yield { value: arr[j]!, path: `${base}.${list}[${j}]` };
      const next = text(firstField(value, '@odata.nextLink'));
      if (next !== undefined) yield { nextLink: next };
      return;
    }
  }
  yield { value, path: base };
}

/** Repeated header names get ` (2)`, ` (3)` so no column is lost from `raw`. */
function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = n.toLowerCase();
    const c = (seen.get(k) ?? 0) + 1;
    seen.set(k, c);
    return c === 1 ? n : `${n} (${c})`;
  });
}

/** Sets a dotted path; the first column mapped to a path wins. */
function setPath(obj: { [key: string]: JsonValue }, dotted: string, value: string): void {
  const steps = dotted.split('.');
  let cur = obj;
  for (let i = 0; i < steps.length - 1; i++) {
    const s = steps[i]!;
    const next = cur[s];
    if (!isObject(next)) {
      if (next !== undefined) return;
      const created: { [key: string]: JsonValue } = {};
      setOwn(cur, s, created);
      cur = created;
    } else cur = next as { [key: string]: JsonValue };
  }
  const last = steps[steps.length - 1]!;
  if (!Object.hasOwn(cur, last)) setOwn(cur, last, value);
}

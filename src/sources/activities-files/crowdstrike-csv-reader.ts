/**
 * Reads CSV written by the CrowdStrike retriever or LMG's fork (activities-api.md §6.1): BOM or
 * not, LF or CRLF (mixed too), columns in any order (mapped by header name), gzip or plain.
 * Streams with bounded memory; each data row becomes an {@link ActivityRecord} or an issue.
 *
 * `rawSha256` is the SHA-256 of the record's bytes without the line terminator.
 *
 * Row policy: a row that cannot be read faithfully (wrong field count, unterminated quote,
 * CustomProperties that is not a Python dict literal, empty TimeStamp/ActivityIdType) becomes an
 * error issue carrying its raw text, and no record. A row that can be read but looks damaged
 * (invalid UTF-8, stray quotes) is yielded *and* reported as a warning.
 *
 * @module
 */
import { FormatError } from '../../errors.js';
import type { JsonValue } from '../../model/event.js';
import type { Locator } from '../../model/issue.js';
import { STANDARD_PROPERTIES } from '../activities-api/activity.js';
import { textOrNull } from './activity-fields.js';
import { csvRecordBatches, type CsvRecord } from './csv-records.js';
import { bomLength, evidenceChunks, readHead } from './evidence-stream.js';
import { parsePythonLiteral } from './python-literal.js';
import { issue } from './read-issue.js';
import type { ReadItem, ReadOptions } from './types.js';

/**
 * Streams the records of a CrowdStrike CSV. Throws FormatError (on first iteration) when the
 * file has no header or the header lacks one of the seven standard columns or repeats a column;
 * never throws for a bad row.
 */
export async function* readCrowdStrikeCsv(path: string, opts: ReadOptions = {}): AsyncGenerator<ReadItem> {
  const file = opts.displayName ?? path;
  const skip = bomLength(await readHead(path, 3));
  let columns: Columns | null = null;
  let row = 0;
  const out: ReadItem[] = [];
  for await (const batch of csvRecordBatches(evidenceChunks(path, opts.signal), { skip })) {
    for (const rec of batch) {
      if (rec.type === 'unterminated') {
        if (columns === null)
          throw new FormatError(`[activities-files] ${file}: the header has an unterminated quote`);
        row++;
        out.push(
          issue(
            'activities.csv.unterminated_quote',
            'error',
            { file, row, line: rec.line, offset: rec.offset },
            'A quoted field never closes; this line is skipped and reading resumes on the next line',
            rec.bytes.toString('utf8'),
          ),
        );
      } else if (columns === null) {
        columns = headerColumns(rec.fields, file);
      } else {
        row++;
        readRow(rec, columns, { file, row, line: rec.line, offset: rec.offset }, out);
      }
    }
    for (const item of out) yield item;
    out.length = 0;
  }
  if (columns === null) throw new FormatError(`[activities-files] ${file} is empty: expected a CSV header`);
}

// --- Internal helpers ---

interface Columns {
  readonly names: readonly string[];
  /** Index of each standard column in the row. */
  readonly at: Readonly<Record<(typeof STANDARD_PROPERTIES)[number], number>>;
}

function headerColumns(names: string[], file: string): Columns {
  const at: Partial<Record<(typeof STANDARD_PROPERTIES)[number], number>> = {};
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name))
      throw new FormatError(`[activities-files] ${file}: column ${name} appears twice in the header`);
    seen.add(name);
  }
  const missing = STANDARD_PROPERTIES.filter((p) => {
    at[p] = names.indexOf(p);
    return at[p] < 0;
  });
  if (missing.length > 0) {
    throw new FormatError(
      `[activities-files] ${file} is not a CrowdStrike activities CSV: missing column ${missing.join(', ')} ` +
        `(header: ${names.join(',').slice(0, 300)})`,
    );
  }
  return { names, at: at as Columns['at'] };
}

/** Reads one data row into `out`: a record, or an error issue, plus any warnings. */
function readRow(rec: CsvRecord, columns: Columns, locator: Locator, out: ReadItem[]): void {
  const f = rec.fields;
  if (f.length !== columns.names.length) {
    out.push(
      issue(
        'activities.csv.field_count',
        'error',
        locator,
        `Row has ${f.length} fields, the header has ${columns.names.length}; row skipped`,
        rec.text,
      ),
    );
    return;
  }
  if (!rec.validUtf8) {
    const raw = rec.bytes ?? Buffer.from(rec.text);
    const bad = firstInvalidUtf8(raw);
    const bytes = [...raw.subarray(bad, bad + 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    out.push(
      issue(
        'activities.csv.invalid_utf8',
        'warning',
        locator,
        `Row is not valid UTF-8 (bytes ${bytes} at byte ${bad} of the row); read with U+FFFD in their place. ` +
          'Retriever versions before 2018-06-22 wrote the platform encoding (cp1252 on Windows)',
        rec.text,
      ),
    );
  }
  if (rec.strayQuote) {
    out.push(
      issue(
        'activities.csv.stray_quote',
        'warning',
        locator,
        'Row has a quote inside an unquoted field or text after a closing quote; read as Python csv would',
        rec.text,
      ),
    );
  }
  const at = columns.at;
  const timeStamp = f[at.TimeStamp]!;
  const activityIdType = f[at.ActivityIdType]!;
  if (timeStamp === '' || activityIdType === '') {
    const column = timeStamp === '' ? 'TimeStamp' : 'ActivityIdType';
    out.push(
      issue(
        'activities.csv.required_field',
        'error',
        { ...locator, column },
        `${column} is empty; row skipped`,
        rec.text,
      ),
    );
    return;
  }
  const cpText = f[at.CustomProperties]!;
  let properties: { [key: string]: JsonValue } = {};
  if (cpText !== '') {
    const parsed = parsePythonLiteral(cpText);
    const v = parsed.ok ? parsed.value : null;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      const why = parsed.ok
        ? 'a Python literal but not a dict'
        : `not a Python dict literal: ${parsed.error.message} at offset ${parsed.error.offset}`;
      out.push(
        issue(
          'activities.csv.custom_properties',
          'error',
          { ...locator, column: 'CustomProperties' },
          `CustomProperties is ${why}; row skipped`,
          rec.text,
        ),
      );
      return;
    }
    properties = v;
  }
  const raw: { [key: string]: JsonValue } = {};
  const names = columns.names;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const value = i === at.CustomProperties ? properties : f[i]!;
    if (name === '__proto__')
      Object.defineProperty(raw, name, { value, enumerable: true, writable: true, configurable: true });
    else raw[name] = value;
  }
  out.push({
    type: 'record',
    record: {
      fields: {
        TimeStamp: timeStamp,
        AppIdType: textOrNull(f[at.AppIdType]),
        ActivityIdType: activityIdType,
        ActivityItemId: textOrNull(f[at.ActivityItemId]),
        ActivityCreationTime: textOrNull(f[at.ActivityCreationTime]),
        ClientSessionId: textOrNull(f[at.ClientSessionId]),
        properties,
      },
      raw,
      rawSha256: rec.sha256,
      locator,
    },
  });
}

/** Byte index of the first invalid UTF-8 sequence (structure and continuation bytes only). */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    const len =
      c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > b.length) return i;
    for (let k = 1; k < len; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    i += len;
  }
  return 0;
}

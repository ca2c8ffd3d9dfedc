/**
 * CSV, one file per table (RFC 4180 quoting, `\n` line ends, UTF-8). Values are exact by
 * default: a field is quoted when it holds a comma, a double quote, CR or LF, and quotes are
 * doubled; nothing else changes. Lists and objects are JSON text; times are the report's UTC
 * instants.
 *
 * `excelSafe` neutralises text a spreadsheet would execute as a formula: a text cell starting
 * with `=`, `+`, `-`, `@`, tab or CR gets a leading `'` (OWASP's CSV-injection advice), and the
 * file starts with a UTF-8 byte order mark so that Excel reads it as UTF-8. Numbers are never
 * altered. This alters values, so it is opt-in (docs/report-formats.md).
 *
 * @module
 */
import { cellText, cellValue, type ReportTable } from '../tables/index.js';

export interface CsvOptions {
  readonly excelSafe?: boolean;
}

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field, quoted when needed. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A text value made inert for spreadsheets (see the module comment). */
export function excelSafeText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One line of fields, ending with `\n`. */
export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',') + '\n';
}

/** The table as CSV text chunks: the header (column keys), then one line per row. */
export function* csvChunks(t: ReportTable, options: CsvOptions = {}): Generator<string> {
  const safe = options.excelSafe === true;
  yield (safe ? '\uFEFF' : '') + csvLine(t.columns.map((c) => c.key));
  let buf = '';
  for (const row of t.rows) {
    const fields = t.columns.map((c) => {
      const v = cellValue(row, c.key);
      const text = cellText(v);
      return safe && typeof v === 'string' ? excelSafeText(text) : text;
    });
    buf += csvLine(fields);
    if (buf.length > 1 << 16) {
      yield buf;
      buf = '';
    }
  }
  if (buf !== '') yield buf;
}

/**
 * Readers for the CSV forms of the Unified Audit Log.
 *
 * `ual-csv` treats every CSV flavour as a wrapper around one `AuditData` column, found by name
 * (any case): the Purview 4-column (`CreationDate,UserIds,Operations,AuditData`) and 8-column
 * (`RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,…`)
 * layouts, `Search-UnifiedAuditLog | Export-Csv` with all its object properties (RunspaceId,
 * ResultIndex, ResultCount, Identity, IsValid, ObjectState, PSComputerName, …), Microsoft's
 * 4-column recipe, and Extractor-Suite's Get-UAL/Get-UALGraph CSV (camelCase `auditData`,
 * pretty-printed over several lines). Only AuditData is interpreted; the other columns are kept
 * in `raw` (CreationDate is culture-formatted and never used for time).
 *
 * `ual-flat-csv` reads CSV whose columns *are* AuditData's top-level fields (`-AuditDataOnly`,
 * Hawk): each row becomes an AuditData object of strings, and nested values that Export-Csv
 * flattened to type names (`System.Object[]`) are reported once per file.
 *
 * Row policy: a row that cannot be read (field count, unterminated quote, AuditData missing or
 * not a JSON object) becomes an error issue with file, row, line, column and raw text; a row
 * read with damage (invalid UTF-8, stray quotes) is yielded and reported as a warning.
 *
 * @module
 */
import { FormatError } from '../../errors.js';
import type { JsonValue } from '../../model/event.js';
import type { Locator } from '../../model/issue.js';
import { csvTable, sniffCsv, type TabularRow } from '../audit/csv-input.js';
import { isObject, setOwn } from '../audit/json-fields.js';
import { LossyAsciiDetector } from '../audit/lossy-ascii.js';
import { issueItem } from '../audit/text-input.js';
import type { AuditFileFormat, AuditFileInfo, AuditReadItem, AuditReadOptions } from '../audit/types.js';
import { CompletenessTracker } from './completeness.js';

/** Values Export-Csv writes for nested objects and arrays: the data itself is gone. */
const FLATTENED = /^(?:System\.[\w.`[\]]+|@\{.*\}|Microsoft\.[\w.]+)$/s;

/** Reads a CSV with an AuditData column. */
export async function* readUalCsv(
  path: string,
  opts: AuditReadOptions & { readonly info?: AuditFileInfo } = {},
): AsyncGenerator<AuditReadItem> {
  yield* readCsv(path, 'ual-csv', opts);
}

/** Reads a CSV whose columns are AuditData's own fields (nested values flattened by Export-Csv). */
export async function* readUalFlatCsv(
  path: string,
  opts: AuditReadOptions & { readonly info?: AuditFileInfo } = {},
): AsyncGenerator<AuditReadItem> {
  yield* readCsv(path, 'ual-flat-csv', opts);
}

// --- Internal helpers ---

interface Layout {
  readonly names: readonly string[];
  /** Index of the AuditData column (`ual-csv`), -1 for flat CSV. */
  readonly auditData: number;
}

async function* readCsv(
  path: string,
  format: 'ual-csv' | 'ual-flat-csv',
  opts: AuditReadOptions & { readonly info?: AuditFileInfo },
): AsyncGenerator<AuditReadItem> {
  const file = opts.displayName ?? path;
  const info: AuditFileInfo = opts.info ?? { format, ...(await sniffCsv(path)) };
  const lossy = new LossyAsciiDetector(info.encoding === 'utf-8' && info.bomBytes === 0);
  const completeness = new CompletenessTracker();
  const flattened = new Map<string, number>();
  let layout: Layout | null = null;
  let row = 0;
  const out: AuditReadItem[] = [];
  for await (const batch of csvTable(path, info, opts.signal)) {
    for (const item of batch) {
      if (item.type === 'type-line') continue;
      if (item.type === 'header') {
        layout = layoutOf(item.names, format, file);
        continue;
      }
      if (layout === null) {
        if (item.type === 'unterminated')
          throw new FormatError(`[ual] ${file}: the CSV header has an unterminated quote`);
        continue;
      }
      row++;
      const locator: Locator = {
        file,
        row,
        line: item.line,
        ...(item.offset !== undefined ? { offset: item.offset } : {}),
      };
      if (item.type === 'unterminated') {
        completeness.observe(undefined, row);
        out.push(
          issueItem(
            'ual.csv.unterminated_quote',
            'error',
            locator,
            'A quoted field never closes; this line is skipped and reading resumes on the next line',
            item.text,
          ),
        );
        continue;
      }
      lossy.observe(item.text, item.ascii, row);
      readRow(item, layout, format, locator, out, completeness, flattened);
    }
    for (const it of out) yield it;
    out.length = 0;
  }
  if (layout === null) throw new FormatError(`[ual] ${file} is empty: expected a CSV header`);
  yield* completeness.finish(file);
  const l = lossy.finish(file);
  if (l) yield l;
  if (flattened.size > 0) {
    const cols = [...flattened].map(([c, n]) => `${c} (${n} rows)`).join(', ');
    yield issueItem(
      'ual.flat_csv.nested_values_lost',
      'warning',
      { file },
      `Columns hold PowerShell type names instead of values: ${cols}. Export-Csv flattened nested AuditData ` +
        '(Folders, OperationProperties, Parameters, AffectedItems, …), so per-message reads, rule actions and ' +
        "similar details are not in this file. Import the tool's JSON output instead (Hawk writes a .json " +
        'beside each .csv; Extractor-Suite: -Output JSON or JSONL)',
    );
  }
}

function layoutOf(names: string[], format: AuditFileFormat, file: string): Layout {
  const seen = new Set<string>();
  for (const n of names) {
    const l = n.toLowerCase();
    if (seen.has(l)) throw new FormatError(`[ual] ${file}: column ${n} appears twice in the header`);
    seen.add(l);
  }
  const lower = names.map((n) => n.toLowerCase());
  if (format === 'ual-csv') {
    const at = lower.indexOf('auditdata');
    if (at < 0)
      throw new FormatError(
        `[ual] ${file} is not a UAL export CSV: no AuditData column (header: ${names.join(',').slice(0, 300)}). ` +
          'If its columns are AuditData fields (Id, CreationTime, Operation, …), use --format ual-flat-csv',
      );
    return { names, auditData: at };
  }
  const missing = ['id', 'creationtime', 'operation'].filter((n) => !lower.includes(n));
  if (missing.length > 0)
    throw new FormatError(
      `[ual] ${file} is not a flattened AuditData CSV: missing column ${missing.join(', ')} ` +
        `(header: ${names.join(',').slice(0, 300)})`,
    );
  return { names, auditData: -1 };
}

function readRow(
  rec: TabularRow,
  layout: Layout,
  format: 'ual-csv' | 'ual-flat-csv',
  locator: Locator,
  out: AuditReadItem[],
  completeness: CompletenessTracker,
  flattened: Map<string, number>,
): void {
  const f = rec.fields;
  const names = layout.names;
  if (f.length !== names.length) {
    completeness.observe(undefined, locator.row!);
    out.push(
      issueItem(
        'ual.csv.field_count',
        'error',
        locator,
        `Row has ${f.length} fields, the header has ${names.length}; row skipped`,
        rec.text,
      ),
    );
    return;
  }
  if (!rec.validUtf8)
    out.push(
      issueItem(
        'ual.csv.invalid_utf8',
        'warning',
        locator,
        'Row is not valid UTF-8; invalid bytes were read as U+FFFD',
        rec.text,
      ),
    );
  if (rec.strayQuote)
    out.push(
      issueItem(
        'ual.csv.stray_quote',
        'warning',
        locator,
        'Row has a quote inside an unquoted field or text after a closing quote; read leniently',
        rec.text,
      ),
    );
  const raw: { [key: string]: JsonValue } = {};
  for (let i = 0; i < names.length; i++) setOwn(raw, names[i]!, f[i]!);
  completeness.observe(raw, locator.row!);
  let data: { [key: string]: JsonValue };
  if (format === 'ual-csv') {
    const column = names[layout.auditData]!;
    const cell = f[layout.auditData]!;
    const where = { ...locator, column };
    if (cell.trim() === '') {
      out.push(
        issueItem('ual.csv.audit_data_empty', 'error', where, `${column} is empty; row skipped`, rec.text),
      );
      return;
    }
    let parsed: JsonValue;
    try {
      parsed = JSON.parse(cell) as JsonValue;
    } catch (e) {
      out.push(
        issueItem(
          'ual.csv.audit_data_invalid_json',
          'error',
          where,
          `${column} is not valid JSON (${(e as Error).message}); row skipped. A cell cut at 32,767 characters ` +
            '(the file was saved from Excel) or a shallow ConvertTo-Json does this',
          rec.text,
        ),
      );
      return;
    }
    if (!isObject(parsed)) {
      out.push(
        issueItem(
          'ual.csv.audit_data_not_object',
          'error',
          where,
          `${column} is not a JSON object; row skipped`,
          rec.text,
        ),
      );
      return;
    }
    data = parsed as { [key: string]: JsonValue };
    setOwn(raw, column, parsed);
  } else {
    data = raw;
    for (let i = 0; i < names.length; i++) {
      if (FLATTENED.test(f[i]!)) flattened.set(names[i]!, (flattened.get(names[i]!) ?? 0) + 1);
    }
  }
  out.push({
    type: 'record',
    record: { kind: 'ual', format, data, raw, rawSha256: rec.sha256, locator },
  });
}

/**
 * The contract between today's audit evidence files (Unified Audit Log exports in all their
 * forms, Entra ID sign-in logs) and the case importer. Readers stream {@link AuditReadItem}s: a
 * record, or an issue for a record that could not be read. They never throw for a bad record;
 * they throw a FormatError only when the file as a whole is not what its format says.
 *
 * A record carries the payload the normalizers need (`data`: the AuditData object, or the
 * sign-in object) *and* everything that was read (`raw`: the whole CSV row, wrapper object or
 * diagnostic envelope), so wrapper columns (CreationDate, ResultIndex, RecordId, …) are kept as
 * provenance without ever being trusted for time.
 *
 * @module
 */
import type { JsonValue } from '../../model/event.js';
import type { Issue, Locator } from '../../model/issue.js';

/** Every file format the audit readers accept; see docs/ual-formats-supported.md. */
export type AuditFileFormat =
  /**
   * CSV with an `AuditData` column: Purview export (4- or 8-column layout), `Search-UnifiedAuditLog |
   * Export-Csv` (with or without `#TYPE`, extra columns), Extractor-Suite `Get-UAL -Output CSV` and
   * `Get-UALGraph -Output CSV` (camelCase `auditData`). UTF-8 (BOM or not), UTF-16 LE/BE, `,`/`;`/tab.
   */
  | 'ual-csv'
  /**
   * CSV whose columns are AuditData's own top-level fields (Extractor-Suite `-AuditDataOnly -Output CSV`,
   * Hawk's `MailItemsAccessed_<user>.csv`): nested values were flattened to type names by Export-Csv.
   */
  | 'ual-flat-csv'
  /**
   * Whole-file JSON: a Management Activity API content blob (array of AuditData), Hawk's JSON,
   * Extractor-Suite `-Output JSON` (wrapper objects with `AuditData`), arrays or concatenations of these.
   */
  | 'ual-json'
  /** Graph audit log query `records`: `{"value":[auditLogRecord…]}` pages or arrays of records/pages. */
  | 'ual-graph-json'
  /** One JSON object per line: AuditData, a Search-UnifiedAuditLog wrapper or a Graph auditLogRecord. */
  | 'ual-jsonl'
  /**
   * Entra sign-ins as JSON: Graph `auditLogs/signIns` pages or arrays (v1.0/beta), the portal's JSON
   * download, diagnostic-settings records (`{"records":[…]}` or one per line), PowerShell SDK output.
   */
  | 'entra-signin-json'
  /** The Entra portal's sign-in CSV download (columns such as `Date (UTC)`, `Request ID`, `IP address`). */
  | 'entra-signin-csv';

/** Which normalizer a record goes to. */
export type AuditRecordKind = 'ual' | 'signin';

export interface AuditRecord {
  readonly kind: AuditRecordKind;
  /** The format of the file the record was read from. */
  readonly format: AuditFileFormat;
  /**
   * The payload: for `ual` the AuditData object (PascalCase or camelCase names as found); for
   * `signin` the sign-in object (Graph shape; for a diagnostic record its `properties`; for the
   * portal CSV an object built from the columns by the data-driven column table).
   */
  readonly data: { readonly [key: string]: JsonValue };
  /**
   * The record as read: the CSV row as a column → value object (with AuditData parsed), the
   * wrapper object, Graph record or diagnostic envelope. The same object as `data` when the file
   * held the payload bare.
   */
  readonly raw: JsonValue;
  /**
   * SHA-256 (hex) of the record's bytes: the CSV record text or JSONL line exactly as in the file
   * (UTF-16 files: as transcoded to UTF-8), or for whole-file JSON the `JSON.stringify` text of
   * the record object (its byte span is not tracked).
   */
  readonly rawSha256: string;
  readonly locator: Locator;
}

export type AuditReadItem =
  | { readonly type: 'record'; readonly record: AuditRecord }
  | { readonly type: 'issue'; readonly issue: Issue };

export interface AuditReadOptions {
  readonly signal?: AbortSignal;
  /** Name used for the file in locators and messages (defaults to the path). */
  readonly displayName?: string;
}

/** The text encodings the readers sniff (see docs/ual-formats-supported.md §Encodings). */
export type AuditTextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** What detection found out about a file. */
export interface AuditFileInfo {
  readonly format: AuditFileFormat;
  readonly encoding: AuditTextEncoding;
  /** Length in bytes of the byte order mark (0, 2 or 3). */
  readonly bomBytes: number;
  /** For CSV formats: the field delimiter found in the header line. */
  readonly delimiter?: ',' | ';' | '\t';
}

/** Every format, in the order `--format` lists them. */
export const AUDIT_FILE_FORMATS: readonly AuditFileFormat[] = [
  'ual-csv',
  'ual-flat-csv',
  'ual-json',
  'ual-graph-json',
  'ual-jsonl',
  'entra-signin-json',
  'entra-signin-csv',
];

/** The adapter name (`source.adapter`) each format records on its events. */
export const ADAPTER_OF_AUDIT_FORMAT = {
  'ual-csv': 'ual-csv',
  'ual-flat-csv': 'ual-flat-csv',
  'ual-json': 'ual-json',
  'ual-graph-json': 'ual-graph',
  'ual-jsonl': 'ual-jsonl',
  'entra-signin-json': 'entra-signin-json',
  'entra-signin-csv': 'entra-signin-csv',
} as const satisfies Record<AuditFileFormat, string>;

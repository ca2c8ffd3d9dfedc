/**
 * Record-level problems are data, not exceptions: a row that cannot be read becomes an
 * {@link Issue} that is stored with the import run and counted in its summary, so nothing is lost
 * silently. Broken runs (an unreadable file, a refused request) are thrown as errors instead.
 *
 * @module
 */

export type IssueSeverity = 'error' | 'warning' | 'info';

/** Where in the evidence a problem (or an event) came from. All parts are optional. */
export interface Locator {
  /** Evidence file path as given by the user, or the evidence file name inside the case. */
  readonly file?: string;
  /** 1-based data row (for CSV: the record number after the header; for JSON: the array index + 1). */
  readonly row?: number;
  /** 1-based physical line where the record starts, when it differs from the row. */
  readonly line?: number;
  /** Column or field name. */
  readonly column?: string;
  /** Byte offset of the record in the file. */
  readonly offset?: number;
  /** Request that returned the record (URL without credentials) and the index in its page. */
  readonly request?: string;
}

export interface Issue {
  /** Stable, dotted, machine-readable code, for example `activities.csv.custom_properties`. */
  readonly code: string;
  readonly severity: IssueSeverity;
  /** What was wrong, in words an investigator understands. */
  readonly message: string;
  readonly locator: Locator;
  /** The offending raw text, verbatim (possibly shortened for very long records). */
  readonly raw?: string;
}

/** Formats a locator as `file row 12, column CustomProperties` for messages. */
export function describeLocator(locator: Locator): string {
  const parts: string[] = [];
  if (locator.file) parts.push(locator.file);
  if (locator.request) parts.push(locator.request);
  if (locator.row !== undefined) parts.push(`row ${locator.row}`);
  if (locator.line !== undefined && locator.line !== locator.row) parts.push(`line ${locator.line}`);
  if (locator.offset !== undefined) parts.push(`offset ${locator.offset}`);
  const where = parts.join(' ');
  return locator.column ? `${where}${where ? ', ' : ''}column ${locator.column}` : where;
}

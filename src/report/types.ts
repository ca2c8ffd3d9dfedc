/**
 * The report.json contract (docs/report-json.md): the document's top-level members and the
 * meta block. Rows are plain JSON objects; every row that makes a claim carries `evidence`
 * (event ids). The renderer only formats; it does not know which analysis produced a table.
 *
 * @module
 */

/** Bump the major on any incompatible change to report.json. */
export const REPORT_SCHEMA = 'mailtrail.report/1.0';

export interface ReportMeta {
  readonly schema: typeof REPORT_SCHEMA;
  readonly tool: 'mailtrail';
  readonly version: string;
  /** ISO 8601 UTC with milliseconds and `Z`. */
  readonly generatedAt: string;
  readonly title: string;
  readonly inputs: readonly Readonly<Record<string, unknown>>[];
  readonly mailboxes: readonly Readonly<Record<string, unknown>>[];
  readonly period: { readonly start: string | null; readonly end: string | null };
  readonly geo: readonly Readonly<Record<string, unknown>>[];
  readonly options: Readonly<Record<string, unknown>>;
  readonly counts: Readonly<Record<string, number>>;
  /**
   * Acquisitions in the case whose evidence is known to be incomplete (added in 1.x; absent when
   * there are none): what they lack is not in this report.
   */
  readonly incompleteEvidence?: readonly IncompleteEvidence[];
}

/** An acquisition the case imported incomplete, and no later run completed. */
export interface IncompleteEvidence {
  /** The acquisition directory, relative to the case. */
  readonly acquisition: string;
  /** The import run (`case info`). */
  readonly run: string;
  /** What was not retrieved: time slices, per mailbox for Activities acquisitions. */
  readonly missing: readonly string[];
  /** Slices retrieved but short of the service's record count, not accepted. */
  readonly unverified: readonly string[];
}

export type ReportRow = Readonly<Record<string, unknown>> & { readonly evidence?: readonly string[] };

export interface ReportDocument {
  readonly meta: ReportMeta;
  readonly logons: readonly ReportRow[];
  readonly sessions: readonly ReportRow[];
  readonly searches: readonly ReportRow[];
  readonly reads: readonly ReportRow[];
  readonly attachments: readonly ReportRow[];
  readonly actions: readonly ReportRow[];
  readonly findings: readonly ReportRow[];
  readonly ruleSummaries: readonly ReportRow[];
  /** Sign-ins with a session id, joined to their mailbox session (added in 1.x; empty for Activities-only input). */
  readonly signIns?: readonly ReportRow[];
  /** Present when there are suspects (explicit or from findings). */
  readonly exposure?: Readonly<Record<string, unknown>>;
}

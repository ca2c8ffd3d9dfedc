/**
 * What an import reports: per evidence unit (a file or an acquisition), the records read, the
 * events that were new or already stored, and the issues per code.
 *
 * @module
 */
import type { MailtrailErrorCode } from '../errors.js';
import type { ActivityFileFormat } from '../sources/activities-files/types.js';
import type { AuditFileFormat } from '../sources/audit/index.js';

export interface ImportOptions {
  /** Skip detection and read every file in this format. */
  readonly format?: ActivityFileFormat | AuditFileFormat;
  /** Mailbox of files that do not name one (CSV, pages); the emulator data set's own names win. */
  readonly mailbox?: string;
  /** Any issue fails its file: nothing of it is stored. */
  readonly strict?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
  readonly input: string;
  readonly phase: 'copying' | 'inferring-mailbox' | 'reading' | 'committing';
  readonly records: number;
}

export type UnitStatus =
  /** Committed. */
  | 'imported'
  /** Refused by --strict because of issues: rolled back. */
  | 'rejected'
  /** Could not be imported (format, mailbox, I/O): rolled back. */
  | 'failed';

export interface UnitResult {
  /** The path as given. */
  readonly input: string;
  readonly kind: 'file' | 'acquisition';
  readonly status: UnitStatus;
  readonly runId: string;
  /** Case-relative evidence path (the copy of a file, or the acquisition directory). */
  readonly evidence?: string;
  readonly sha256?: string;
  readonly format?: string;
  readonly mailboxes: readonly string[];
  readonly records: number;
  readonly events: number;
  readonly inserted: number;
  readonly duplicates: number;
  readonly issues: Readonly<Record<string, number>>;
  readonly issueCount: number;
  /** The first issue, for messages (file, row, field). */
  readonly firstIssue?: string;
  /** False for an acquisition with missing slices. */
  readonly complete: boolean;
  readonly ms: number;
  /** Why the unit failed (status 'failed'), with the exit code the CLI uses for it. */
  readonly error?: { readonly message: string; readonly code: MailtrailErrorCode; readonly exitCode: number };
}

export interface ImportSummary {
  readonly caseDir: string;
  readonly units: readonly UnitResult[];
  readonly ms: number;
}

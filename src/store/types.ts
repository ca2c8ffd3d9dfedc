/**
 * What the case layer needs from an event store. One implementation exists (DuckDB, in
 * `duckdb/`); the interface keeps the import pipeline and the analyses independent of it.
 *
 * @module
 */
import type { MailboxEvent } from '../model/event.js';
import type { Issue } from '../model/issue.js';
import type { EventKind } from '../model/kinds.js';
import type { Instant } from '../model/time.js';

/** Which events {@link EventStore.readEvents} returns. `from` is inclusive, `to` exclusive. */
export interface EventFilter {
  readonly mailbox?: string;
  readonly from?: Instant;
  readonly to?: Instant;
  readonly kinds?: readonly EventKind[];
}

/** One import or acquisition run as the store keeps it (mirrored in the case manifest). */
export interface RunRecord {
  readonly id: string;
  readonly kind: 'import' | 'acquisition';
  readonly startedAt: string;
  readonly finishedAt: string;
  /** The command line, credentials redacted. */
  readonly command: readonly string[];
  /** What the run read: evidence paths, formats, mailboxes (free-form, JSON). */
  readonly inputs: readonly Readonly<Record<string, unknown>>[];
  /** Numbers the summary prints: records read, events new, duplicates, issues. */
  readonly counts: Readonly<Record<string, number>>;
  /** Issues per code. */
  readonly issues: Readonly<Record<string, number>>;
  /** False when the run's evidence is known to be incomplete (an acquisition with missing slices). */
  readonly complete: boolean;
}

/** One evidence file of the case, as the manifest lists it (synced into the store for SQL). */
export interface EvidenceRow {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
  readonly kind: string;
  readonly addedAt: string;
  readonly originalPath?: string;
}

/** How many of the staged events were new and how many were already in the store. */
export interface CommitResult {
  readonly inserted: number;
  readonly duplicates: number;
  readonly issues: number;
}

/**
 * The events and issues of one run, staged outside the event tables and made visible together
 * by {@link StoreWrite.commit} in one transaction, or not at all.
 */
export interface StoreWrite {
  readonly runId: string;
  /** Events staged so far. */
  readonly staged: number;
  addEvents(events: readonly MailboxEvent[]): Promise<void>;
  addIssues(issues: readonly Issue[]): Promise<void>;
  /**
   * Inserts the staged events that are not stored yet, the issues and the run, atomically. The
   * stored run's counts gain `inserted` and `duplicates`.
   */
  commit(run: RunRecord): Promise<CommitResult>;
  /** Drops everything staged; the store stays as it was before {@link EventStore.beginWrite}. */
  discard(): Promise<void>;
}

/** A result set for the `sql` command: column names and types, then rows in batches. */
export interface QueryStream {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly batches: AsyncIterable<readonly (readonly unknown[])[]>;
}

/** How a write behaves; see staged-write.ts. */
export interface WriteOptions {
  /**
   * Several staged events may share an id (an acquisition's pages may overlap): keep the first
   * staged. Costs a window over the staged rows, so it is off for single files, whose ids are
   * unique by construction (occurrence counting).
   */
  readonly dedupeStaged?: boolean;
  /** Interrupts a running commit; the transaction then rolls back. */
  readonly signal?: AbortSignal;
  /** Told of each event whose text had to be altered to be stored (lone UTF-16 surrogates). */
  readonly onLossy?: (event: MailboxEvent) => void;
}

export interface EventStore {
  readonly path: string;
  readonly readOnly: boolean;
  readonly schemaVersion: number;
  beginWrite(runId: string, opts?: WriteOptions): Promise<StoreWrite>;
  /** Events in (time, id) order, streamed in batches: ties stay stable across re-imports. */
  readEvents(filter?: EventFilter): AsyncIterable<MailboxEvent>;
  /** Runs in the order they were committed. */
  runs(): Promise<RunRecord[]>;
  /** Replaces the store's copy of the manifest's evidence list. */
  syncEvidence(rows: readonly EvidenceRow[]): Promise<void>;
  /** Rows of a query as plain JS values (BIGINT as number when safe), for summaries. */
  all(
    sql: string,
    params?: readonly (string | number | boolean | null)[],
  ): Promise<Record<string, unknown>[]>;
  /** Runs a statement of the user's and streams its result (the connection decides what is allowed). */
  stream(sql: string): Promise<QueryStream>;
  close(): void;
}

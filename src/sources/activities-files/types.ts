/**
 * The contract between Activities evidence files (CrowdStrike CSV, JSON pages, NDJSON, the
 * emulator's data set) and the case importer. Readers stream records; they never throw for a bad
 * record, they yield an issue for it and go on.
 *
 * @module
 */
import type { JsonValue } from '../../model/event.js';
import type { Issue, Locator } from '../../model/issue.js';
import type { ActivityFields } from '../activities-api/normalize.js';

export type ActivityFileFormat =
  /** CSV written by the CrowdStrike retriever or LMG's fork (BOM or not, LF or CRLF, either column order). */
  | 'crowdstrike-csv'
  /** `{"value": [...]}` pages (one or several concatenated/array of pages) or a bare JSON array of activities. */
  | 'activities-json'
  /** One activity JSON object per line. */
  | 'activities-ndjson'
  /** The emulator's data set file: `{"mailboxes": {"upn": [activity, ...]}}`. */
  | 'emulator-dataset';

export interface ActivityRecord {
  /** The activity with CustomProperties collapsed to a map (last duplicate name wins). */
  readonly fields: ActivityFields;
  /** The record as read: the JSON object, or for CSV an object of the columns with CustomProperties as a map. */
  readonly raw: JsonValue;
  /** SHA-256 (hex) of the record's bytes in the file: the CSV record text, or the JSON text of the object. */
  readonly rawSha256: string;
  readonly locator: Locator;
  /** Mailbox named by the file itself (the emulator data set's key); CSV and pages name none. */
  readonly mailbox?: string;
}

export type ReadItem =
  | { readonly type: 'record'; readonly record: ActivityRecord }
  | { readonly type: 'issue'; readonly issue: Issue };

export interface ReadOptions {
  readonly signal?: AbortSignal;
  /** Name used for the file in locators (defaults to the path). */
  readonly displayName?: string;
}

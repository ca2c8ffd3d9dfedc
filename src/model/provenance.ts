/**
 * Provenance: every event names the adapter that produced it, the evidence it was read from and
 * the SHA-256 of its raw record, so a report row can be traced back to bytes in the case.
 *
 * @module
 */
import type { Locator } from './issue.js';

export interface SourceRef {
  /** Adapter name, for example `activities-csv`, `activities-json`, `activities-api`. */
  readonly adapter: string;
  /** Identifier of the import or acquisition run that produced the event (assigned by the case). */
  readonly ingestId?: string;
  /** Where in the evidence the raw record sits. */
  readonly locator: Locator;
  /** Lower-case hex SHA-256 of the raw record's bytes (the CSV line, the JSON text of the record). */
  readonly rawSha256: string;
}

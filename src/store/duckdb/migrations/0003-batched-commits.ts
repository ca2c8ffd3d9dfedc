/**
 * Schema 3: imports commit their events in bounded batches, each in its own transaction, and
 * only the run's final transaction makes them visible (docs/case.md, "All or nothing").
 *
 * - The rows live in `event_rows`, which is `events` plus `write_id`: the run whose write
 *   inserted the row (NULL for rows stored before schema 3).
 * - `pending_writes` lists the writes that have begun and are neither committed nor discarded.
 *   A write inserts its row here before its first batch; its commit deletes it in the same
 *   transaction that records the run.
 * - `events` becomes a view of `event_rows` without the rows of pending writes and without
 *   `write_id`, with exactly the columns and types the table had. Every reader (the store's
 *   readEvents, `case info`, the analyst views, `mailtrail sql`) reads `events`, so rows of an
 *   import still in progress, interrupted or killed are never seen. The next writable open
 *   deletes the rows of writes left pending by a crash.
 *
 * @module
 */
export const version = 3;
export const description = 'batched commits: event_rows, pending_writes, events as a view';

const EVENT_COLUMNS = [
  'id',
  'time',
  'mailbox',
  'kind',
  'operation',
  'app',
  'ip',
  'user_agent',
  'actor',
  'result',
  'client_session_id',
  'session_id',
  'aad_session_id',
  'unique_token_id',
  'search_session_id',
  'correlation_id',
  'item_id',
  'internet_message_id',
  'subject',
  'sender',
  'received',
  'folder',
  'target_folder',
  'conversation_id',
  'size_bytes',
  'text',
  'recorded_time',
  'properties',
  'raw',
  'adapter',
  'ingest_id',
  'locator',
  'raw_sha256',
].join(', ');

export const sql = `
ALTER TABLE events RENAME TO event_rows;
ALTER TABLE event_rows ADD COLUMN write_id VARCHAR;

CREATE TABLE pending_writes (run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP NOT NULL);

CREATE VIEW events AS
SELECT ${EVENT_COLUMNS}
FROM event_rows
WHERE write_id IS NULL OR write_id NOT IN (SELECT run_id FROM pending_writes);
`;

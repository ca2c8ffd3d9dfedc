/**
 * Schema 1: the tables. Timestamps are UTC `TIMESTAMP`s with millisecond values; IP addresses
 * are VARCHAR (the `inet` extension cannot be installed offline). `events.id` is the event's
 * stable content id and is unique: the importer inserts only ids not yet stored, under the case's
 * single-writer lock. It is deliberately not a declared PRIMARY KEY: DuckDB keeps such an index
 * in memory, which for a few million events costs more than the whole import may use.
 *
 * @module
 */
export const version = 1;
export const description = 'events, issues, runs, evidence and meta tables';

export const sql = `
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);

CREATE TABLE events (
  id VARCHAR NOT NULL,
  time TIMESTAMP NOT NULL,
  mailbox VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  operation VARCHAR NOT NULL,
  app VARCHAR,
  ip VARCHAR,
  user_agent VARCHAR,
  actor VARCHAR,
  result VARCHAR,
  client_session_id VARCHAR,
  session_id VARCHAR,
  aad_session_id VARCHAR,
  unique_token_id VARCHAR,
  search_session_id VARCHAR,
  correlation_id VARCHAR,
  item_id VARCHAR,
  internet_message_id VARCHAR,
  subject VARCHAR,
  sender VARCHAR,
  received TIMESTAMP,
  folder VARCHAR,
  target_folder VARCHAR,
  conversation_id VARCHAR,
  size_bytes BIGINT,
  text VARCHAR,
  recorded_time TIMESTAMP,
  properties JSON NOT NULL,
  raw JSON,
  adapter VARCHAR NOT NULL,
  ingest_id VARCHAR,
  locator JSON NOT NULL,
  raw_sha256 VARCHAR NOT NULL
);

CREATE TABLE issues (
  run_id VARCHAR NOT NULL,
  seq INTEGER NOT NULL,
  code VARCHAR NOT NULL,
  severity VARCHAR NOT NULL,
  message VARCHAR NOT NULL,
  file VARCHAR,
  "row" INTEGER,
  column_name VARCHAR,
  locator JSON NOT NULL,
  raw VARCHAR
);

CREATE TABLE runs (
  seq INTEGER NOT NULL,
  id VARCHAR PRIMARY KEY,
  kind VARCHAR NOT NULL,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP NOT NULL,
  command JSON NOT NULL,
  inputs JSON NOT NULL,
  counts JSON NOT NULL,
  issues JSON NOT NULL,
  complete BOOLEAN NOT NULL
);

CREATE TABLE evidence (
  path VARCHAR PRIMARY KEY,
  sha256 VARCHAR NOT NULL,
  size BIGINT NOT NULL,
  kind VARCHAR NOT NULL,
  added_at TIMESTAMP NOT NULL,
  original_path VARCHAR
);
`;

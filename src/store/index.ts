/**
 * The event store: types and the DuckDB implementation.
 *
 * @module
 */
export type {
  CommitResult,
  EventFilter,
  EventStore,
  EvidenceRow,
  QueryStream,
  RunRecord,
  StoreWrite,
  WriteOptions,
} from './types.js';
export { openDuckDbStore, type OpenStoreOptions } from './duckdb/open-store.js';
export { SCHEMA_VERSION, MIGRATIONS, type Migration } from './duckdb/migrations/index.js';
export { migrate, readSchemaVersion } from './duckdb/migrate.js';
export type { PlainValue } from './duckdb/plain-value.js';

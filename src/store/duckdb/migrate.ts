/**
 * Applies the numbered migrations to a case database and refuses databases written by a newer
 * mailtrail: reading a schema it does not know could silently misread evidence.
 *
 * @module
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { StoreError } from '../../errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';

/** The schema version recorded in `meta`, or 0 for a database without one (a new file). */
export async function readSchemaVersion(conn: DuckDBConnection): Promise<number> {
  const tables = await conn.runAndReadAll(
    'SELECT count(*) FROM information_schema.tables ' +
      "WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = 'meta'",
  );
  if (Number(tables.getRows()[0]?.[0] ?? 0) === 0) return 0;
  const r = await conn.runAndReadAll("SELECT value FROM meta WHERE key = 'schema_version'");
  const v = r.getRows()[0]?.[0];
  const n = Number(v);
  if (v === undefined || !Number.isInteger(n) || n < 1) {
    throw new StoreError(`[store] Case database has an unreadable schema_version (${String(v)})`);
  }
  return n;
}

/** Throws the documented refusal when `found` is newer than this mailtrail's schema. */
export function assertNotNewer(found: number, path: string): void {
  if (found > SCHEMA_VERSION) {
    throw new StoreError(
      `[store] Case database is from a newer mailtrail (schema ${found} > ${SCHEMA_VERSION}): ` +
        `upgrade mailtrail or open a copy (${path})`,
    );
  }
}

/**
 * Brings the database up to `target` (default: the current schema), one transaction per
 * migration so a failure leaves the last complete version. Returns the version reached.
 */
export async function migrate(
  conn: DuckDBConnection,
  path: string,
  target = SCHEMA_VERSION,
): Promise<number> {
  let current = await readSchemaVersion(conn);
  assertNotNewer(current, path);
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > target) continue;
    await conn.run('BEGIN TRANSACTION');
    try {
      await conn.run(m.sql);
      await conn.run(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', $1), ('schema_description', $2)",
        [String(m.version), m.description],
      );
      await conn.run('COMMIT');
    } catch (err) {
      await conn.run('ROLLBACK');
      throw new StoreError(`[store] Migration ${m.version} (${m.description}) failed: ${path}`, {
        cause: err,
      });
    }
    current = m.version;
  }
  return current;
}

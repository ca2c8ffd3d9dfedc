/**
 * Opens a case database with DuckDB. One writer at a time: DuckDB's file lock refuses a second
 * process, and a registry refuses a second open in this process (POSIX locks are per process,
 * so closing a second handle would silently drop the first one's lock). Read-only opens run
 * users' SQL safely: DuckDB refuses writes to a read-only database, and `sandbox` also forbids
 * file access (COPY TO, reading other files) and further configuration changes.
 *
 * Memory: `memory_limit` (env `MAILTRAIL_DUCKDB_MEMORY`) bounds DuckDB's buffer pool, which
 * spills to `<db>.tmp`. The default is 128MB for a writer, lowered to 48MB while an import
 * commits (staged-write.ts), and 512MB for read-only opens (analytic queries);
 * `threads` (env `MAILTRAIL_DUCKDB_THREADS`, default 2). The
 * database is attached with row groups of {@link ROW_GROUP_SIZE} rows instead of DuckDB's 122,880:
 * an insert buffers a whole row group of uncompressed text before writing it, which for
 * events (~1.5 KB each with the raw record) costs ~180 MB per thread at the default size.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { StoreError } from '../../errors.js';
import type { EventStore } from '../types.js';
import { DuckDbStore } from './duckdb-store.js';
import { assertNotNewer, migrate, readSchemaVersion } from './migrate.js';
import { SCHEMA_VERSION } from './migrations/index.js';
import { COMMIT_MEMORY_LIMIT, recoverPendingWrites } from './staged-write.js';

export interface OpenStoreOptions {
  readonly readOnly?: boolean;
  /** Read-only and no file access or configuration changes: for queries typed by a user. */
  readonly sandbox?: boolean;
  /** DuckDB memory_limit, e.g. '512MB'. */
  readonly memoryLimit?: string;
  readonly threads?: number;
  /** Where MAILTRAIL_DUCKDB_* settings are read from (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
}

/** Rows per row group (see the module comment). */
export const ROW_GROUP_SIZE = 16_384;

/** The name the case database is attached under (queries use it through `USE`). */
export const DB_ALIAS = 'case_db';

/** Database files open in this process. */
const OPEN = new Set<string>();

/** Staging directory of a database (see staged-write.ts). */
export const stagingDirOf = (dbPath: string) => `${dbPath}.staging`;

export async function openDuckDbStore(path: string, opts: OpenStoreOptions = {}): Promise<EventStore> {
  const abs = resolve(path);
  if (OPEN.has(abs)) {
    throw new StoreError(`[store] The case database is already open in this process: ${abs}`);
  }
  const readOnly = opts.readOnly === true || opts.sandbox === true;
  if (readOnly && !existsSync(abs)) throw new StoreError(`[store] No case database at ${abs}`);
  const env = opts.env ?? process.env;
  const settings: Record<string, string> = {
    memory_limit: opts.memoryLimit ?? env.MAILTRAIL_DUCKDB_MEMORY ?? (readOnly ? '512MB' : '128MB'),
    threads: String(opts.threads ?? (Number(env.MAILTRAIL_DUCKDB_THREADS) || 2)),
    preserve_insertion_order: 'false',
    temp_directory: `${abs}.tmp`,
  };

  if (readOnly) {
    // An older schema is upgraded once through a short read-write open (the store is derived
    // data, not evidence; see docs/case.md), then opened read-only as asked.
    let { instance, conn } = await attach(abs, settings, true);
    const found = await closeOnError(instance, () => readSchemaVersion(conn));
    if (found < SCHEMA_VERSION) {
      assertNotNewer(found, abs);
      conn.closeSync();
      instance.closeSync();
      const rw = await attach(abs, settings, false);
      await closeOnError(rw.instance, () => migrate(rw.conn, abs));
      rw.conn.closeSync();
      rw.instance.closeSync();
      ({ instance, conn } = await attach(abs, settings, true));
    } else {
      closeOnErrorSync(instance, () => assertNotNewer(found, abs));
    }
    if (opts.sandbox) {
      await conn.run('SET enable_external_access = false; SET lock_configuration = true');
    }
    OPEN.add(abs);
    return new DuckDbStore(
      abs,
      instance,
      conn,
      true,
      SCHEMA_VERSION,
      stagingDirOf(abs),
      Number(settings.threads),
      () => OPEN.delete(abs),
    );
  }

  const { instance, conn } = await attach(abs, settings, false);
  const version = await closeOnError(instance, async () => {
    const v = await migrate(conn, abs);
    // Rows of imports a crash left uncommitted: hidden by the `events` view, deleted here.
    await recoverPendingWrites(conn);
    return v;
  });
  const configured = opts.memoryLimit !== undefined || env.MAILTRAIL_DUCKDB_MEMORY !== undefined;
  const batch = Number(env.MAILTRAIL_IMPORT_BATCH);
  // A crash during an import leaves its staging files; nothing else uses them (one writer).
  await rm(stagingDirOf(abs), { recursive: true, force: true });
  OPEN.add(abs);
  return new DuckDbStore(
    abs,
    instance,
    conn,
    false,
    version,
    stagingDirOf(abs),
    Number(settings.threads),
    () => OPEN.delete(abs),
    configured ? undefined : { commit: COMMIT_MEMORY_LIMIT, store: settings.memory_limit! },
    Number.isInteger(batch) && batch > 0 ? batch : undefined,
  );
}

/** An in-memory DuckDB with the case database attached and selected (`USE`). */
async function attach(
  path: string,
  settings: Record<string, string>,
  readOnly: boolean,
): Promise<{ instance: DuckDBInstance; conn: DuckDBConnection }> {
  const instance = await DuckDBInstance.create(':memory:', settings);
  try {
    const conn = await instance.connect();
    const options = [`ROW_GROUP_SIZE ${ROW_GROUP_SIZE}`, ...(readOnly ? ['READ_ONLY'] : [])].join(', ');
    await conn.run(`ATTACH '${path.replaceAll("'", "''")}' AS ${DB_ALIAS} (${options})`);
    await conn.run(`USE ${DB_ALIAS}`);
    return { instance, conn };
  } catch (err) {
    instance.closeSync();
    throw openError(path, err);
  }
}

function openError(path: string, err: unknown): StoreError {
  const message = (err as Error).message;
  if (/Could not set lock|Conflicting lock/i.test(message)) {
    const pid = /PID (\d+)/.exec(message)?.[1];
    return new StoreError(
      `[store] The case is open in another mailtrail process${pid ? ` (PID ${pid})` : ''}: ${path}. ` +
        'Wait for it to finish, or query a copy of the case',
      { cause: err },
    );
  }
  return new StoreError(`[store] Cannot open the case database ${path}: ${message}`, { cause: err });
}

async function closeOnError<T>(instance: DuckDBInstance, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    instance.closeSync();
    throw err;
  }
}

function closeOnErrorSync(instance: DuckDBInstance, f: () => void): void {
  try {
    f();
  } catch (err) {
    instance.closeSync();
    throw err;
  }
}

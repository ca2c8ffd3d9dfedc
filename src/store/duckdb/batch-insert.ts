/**
 * One batch of a staged write into `event_rows`: the duplicate matching (staged ids already
 * stored, or repeated within the batch) and the insert of the rest, plus the connection
 * settings the batch inserts run under while a write is open.
 *
 * @module
 */
import { rm } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { EVENT_CSV_COLUMNS, STAGED_CSV_SELECT } from './event-csv.js';
import { SMALL_LINE_BYTES, csvSource, sqlString, type LineFile } from './staging-file.js';

/** Columns of a batch's id file: each staged event's `seq` and id. */
export const ID_CSV_COLUMNS = { seq: 'BIGINT', id: 'VARCHAR' } as const;

/**
 * Inserts run on one DuckDB thread: each thread buffers its own row group of uncompressed text
 * before writing it, so threads multiply the import's peak memory, and Node reads the next
 * batch on the other core. `threads` is restored when the write ends.
 */
const WRITE_THREADS = 1;

/**
 * Freed memory DuckDB's allocator (jemalloc, linked into DuckDB) may keep in its caches while a
 * write is open. By default up to 128 MiB (512 MiB after bulk frees) stays outside
 * memory_limit; each batch frees its row groups' text. Measured on staged batches of 65,536
 * events under the 48MB write limit: at 4 MiB the process grew by ~25 MB per batch up to
 * ~100 MB more; at 0 it stays flat but the insert takes ~40% more CPU; 1 MiB stays flat at
 * the CPU of 4 MiB.
 */
const ALLOCATOR_FLUSH = '1MB';

/** The seqs of a batch's staged events not to insert (see insertBatch). */
const SKIP = 'temp.main.mailtrail_skip';

/** Memory limit during the write and the store's own, to restore. */
export interface WriteMemory {
  readonly commit: string;
  readonly store: string;
}

/** Sets the connection up for batch inserts (undone by {@link leaveWriteSettings}). */
export async function enterWriteSettings(
  conn: DuckDBConnection,
  memory: WriteMemory | undefined,
): Promise<void> {
  // Each join below builds its hash table on the side written second (the small one).
  await conn.run(`SET disabled_optimizers = 'build_side_probe_side'`);
  await conn.run(`SET threads = ${WRITE_THREADS}`);
  await conn.run(`SET allocator_flush_threshold = '${ALLOCATOR_FLUSH}'`);
  await conn.run(`SET allocator_bulk_deallocation_flush_threshold = '${ALLOCATOR_FLUSH}'`);
  if (memory) await conn.run(`SET memory_limit = '${memory.commit}'`);
}

/** Restores the store's settings and drops the batches' scratch table. */
export async function leaveWriteSettings(
  conn: DuckDBConnection,
  threads: number,
  memory: WriteMemory | undefined,
): Promise<void> {
  await conn.run(`DROP TABLE IF EXISTS ${SKIP}`);
  await conn.run('RESET disabled_optimizers');
  await conn.run('RESET allocator_flush_threshold');
  await conn.run('RESET allocator_bulk_deallocation_flush_threshold');
  await conn.run(`SET threads = ${threads}`);
  if (memory) await conn.run(`SET memory_limit = '${memory.store}'`);
}

/**
 * Inserts one closed batch; its rows stay hidden until the run commits. First the staged
 * events that are already stored (and, with `dedupeStaged`, the repeats of an id within the
 * batch) are found from the ids alone, with a hash table of the batch's ids probed by a scan
 * of the stored ids; then the batch's other events are inserted. Joining the staged rows
 * themselves against `event_rows` lets DuckDB hash the side holding the whole events (~1.5 KB
 * each), which ran out of memory below ~200MB. A batch of duplicates only (a re-import) is
 * never parsed, and one without duplicates is inserted without a join. A batch holding a line
 * longer than the CSV reader's usual buffer is inserted under the store's own memory limit (its
 * buffer is not spillable). Removes both files and returns the number of rows inserted.
 */
export async function insertBatch(
  conn: DuckDBConnection,
  runId: string,
  file: LineFile,
  idFile: LineFile,
  dedupeStaged: boolean | undefined,
  memory: WriteMemory | undefined,
): Promise<number> {
  let inserted = 0;
  const idSource = csvSource(idFile.path, ID_CSV_COLUMNS, idFile.longest);
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE ${SKIP} AS ` +
      `SELECT s.seq FROM event_rows e JOIN ${idSource} s ON e.id = s.id` +
      (dedupeStaged
        ? ` UNION SELECT seq FROM ${idSource} QUALIFY row_number() OVER (PARTITION BY id ORDER BY seq) > 1`
        : ''),
  );
  const skipped = Number(
    (await conn.runAndReadAll(`SELECT count(DISTINCT seq) FROM ${SKIP}`)).getRows()[0]![0],
  );
  if (skipped < file.lines) {
    const source = csvSource(file.path, EVENT_CSV_COLUMNS, file.longest);
    const long = memory !== undefined && file.longest + 2 > SMALL_LINE_BYTES;
    if (long) await conn.run(`SET memory_limit = '${memory.store}'`);
    try {
      const r = await conn.run(
        `INSERT INTO event_rows SELECT ${STAGED_CSV_SELECT}, ${sqlString(runId)} AS write_id ` +
          `FROM ${source} s` +
          (skipped > 0 ? ` ANTI JOIN ${SKIP} k ON s.seq = k.seq` : ''),
      );
      inserted = r.rowsChanged;
    } finally {
      if (long) await conn.run(`SET memory_limit = '${memory.commit}'`);
    }
  }
  await rm(file.path, { force: true });
  await rm(idFile.path, { force: true });
  return inserted;
}

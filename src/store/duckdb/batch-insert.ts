/**
 * One batch of a staged write into `event_rows`: the duplicate matching (staged ids already
 * stored, or repeated within the batch) and the insert of the rest, plus the connection
 * settings the batch inserts run under while a write is open.
 *
 * @module
 */
import { rm } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { EVENT_LINE_COLUMNS, STAGED_EVENT_SELECT } from './event-row.js';
import { MAX_LINE_BYTES, SMALL_LINE_BYTES, columnsSpec, sqlString, type LineFile } from './staging-file.js';

/**
 * Inserts run on one DuckDB thread: each thread buffers its own row group of uncompressed text
 * before writing it, so threads multiply the import's peak memory while the insert itself is
 * bound by JSON parsing either way (and Node reads the next batch on the other core).
 * `threads` is restored when the write ends.
 */
const WRITE_THREADS = 1;

/**
 * Freed memory DuckDB's allocator may keep while a write is open (see enterWriteSettings).
 * Measured with 65,536-event batches of the 750,000-row CSV: ~100 MB less RSS than the
 * defaults, at no measurable cost in time.
 */
const ALLOCATOR_FLUSH = '4MB';

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
  // DuckDB's allocator keeps up to 128 MiB (512 MiB after bulk frees) of freed memory for
  // reuse by default, outside memory_limit; each batch frees its row groups' text.
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
 * never parsed, and one without duplicates is inserted without a join. Removes both files
 * and returns the number of rows inserted.
 */
export async function insertBatch(
  conn: DuckDBConnection,
  runId: string,
  file: LineFile,
  idFile: LineFile,
  maxLine: number,
  dedupeStaged: boolean | undefined,
): Promise<number> {
  let inserted = 0;
  const idSource =
    `read_json(${sqlString(idFile.path)}, format = 'newline_delimited', ` +
    `columns = {seq: 'BIGINT', id: 'VARCHAR'})`;
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
    // A line of n UTF-16 code units has at most 3n UTF-8 bytes.
    const maxObject = maxLine * 3 < SMALL_LINE_BYTES ? SMALL_LINE_BYTES : MAX_LINE_BYTES;
    const source =
      `read_json(${sqlString(file.path)}, format = 'newline_delimited', ` +
      `columns = ${columnsSpec(EVENT_LINE_COLUMNS)}, maximum_object_size = ${maxObject})`;
    const r = await conn.run(
      `INSERT INTO event_rows SELECT ${STAGED_EVENT_SELECT}, ${sqlString(runId)} AS write_id ` +
        `FROM ${source} s` +
        (skipped > 0 ? ` ANTI JOIN ${SKIP} k ON s.seq = k.seq` : ''),
    );
    inserted = r.rowsChanged;
  }
  await rm(file.path, { force: true });
  await rm(idFile.path, { force: true });
  return inserted;
}

/**
 * Staged, all-or-nothing writes, committed in bounded batches. Events are written as CSV lines
 * to a staging file beside the database (cheap for Node, and no database memory is held while
 * a file is read; staging-file.ts says why CSV); every {@link DEFAULT_BATCH_EVENTS} events the
 * file is handed to DuckDB, which inserts it in its own transaction (`INSERT ... SELECT ... FROM
 * read_csv(batch)`, without the ids already stored) on its own thread while the next batch is
 * read. Each transaction stays small, so the import's memory is bounded by a batch,
 * not by the file (one insert of a whole 750,000-event file held ~220 MB), and inserting
 * overlaps reading.
 *
 * All or nothing as every reader sees it: the rows carry the run in `write_id`, and the run is
 * listed in `pending_writes` from before its first batch until the final transaction, which
 * stores its issues and its run and removes it from `pending_writes` at once. The `events` view
 * hides the rows of pending writes (migration 0003). A discard (error, interrupt, `--strict`)
 * deletes the run's rows; a crash leaves them hidden, and the next writable open deletes them
 * ({@link recoverPendingWrites}).
 *
 * Measured on a 2-core machine, staging a file is about three times faster than the row appender
 * for the 33-column events table (which spends ~0.7 µs per value crossing into the native
 * module, on the thread that reads), and the appender's inserts would not overlap reading.
 *
 * @module
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { StoreError } from '../../errors.js';
import type { CommitResult, RunRecord, StoreWrite, WriteOptions } from '../types.js';
import { eventToCsvLine } from './event-csv.js';
import { enterWriteSettings, insertBatch, leaveWriteSettings, type WriteMemory } from './batch-insert.js';
import { issueToCsvLine, insertIssues, insertRun, registerPendingWrite, removeRunRows } from './run-rows.js';
import { LineFile, MAX_LINE_BYTES, csvText } from './staging-file.js';

export { recoverPendingWrites } from './run-rows.js';

/**
 * DuckDB's memory limit while a write is open, unless MAILTRAIL_DUCKDB_MEMORY (or the open's
 * option) set one. Below the store's default: the batch inserts stream and spill (the rows a
 * batch has not written yet go to `<db>.tmp`), and their memory adds to the JS heap of the
 * reading that runs alongside. Measured on a staged batch of 65,536 events: 32MB works but
 * leaves no room for a larger CSV buffer; 48MB peaks ~15 MB higher.
 */
export const COMMIT_MEMORY_LIMIT = '48MB';

/**
 * Events per batch: four row groups (open-store.ts). Smaller batches hold less memory per
 * insert but repeat the anti-join's scan of the stored ids more often.
 */
export const DEFAULT_BATCH_EVENTS = 65_536;

export interface StagedWriteConfig {
  readonly conn: DuckDBConnection;
  readonly stagingRoot: string;
  /** The store's thread count, restored when the write ends. */
  readonly threads: number;
  /** Memory limit during the write and the store's own, to restore; absent: left alone. */
  readonly memory?: WriteMemory | undefined;
  /** Events per batch transaction (default {@link DEFAULT_BATCH_EVENTS}). */
  readonly batchEvents?: number | undefined;
  /** Called once the write is committed or discarded. */
  readonly onEnd?: () => void;
}

export async function beginStagedWrite(
  cfg: StagedWriteConfig,
  runId: string,
  opts: WriteOptions = {},
): Promise<StoreWrite> {
  const { conn, memory } = cfg;
  const batchEvents = Math.max(1, cfg.batchEvents ?? DEFAULT_BATCH_EVENTS);
  const dir = join(cfg.stagingRoot, runId.replace(/[^A-Za-z0-9._-]/g, '_'));
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const issues = new LineFile(join(dir, 'issues.csv'));
  let batchNo = 0;
  let events = new LineFile(join(dir, `events-${batchNo}.csv`));
  /** The current batch's `seq,id`, for the duplicate check (a few bytes per event). */
  let ids = new LineFile(join(dir, `ids-${batchNo}.csv`));
  let state: 'open' | 'done' = 'open';
  /** Events staged, over all batches. */
  let staged = 0;
  /** Events inserted by the batches that finished. */
  let inserted = 0;
  /** The batch insert running in DuckDB, if any. */
  let inflight: Promise<void> | undefined;
  let inflightDone = true;
  /** Rows of this run may be in event_rows (a batch ran or is running). */
  let registered = false;
  const onAbort = () => {
    if (!inflightDone) conn.interrupt();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  const assertOpen = () => {
    if (state !== 'open') throw new StoreError(`[store] Write ${runId} is already committed or discarded`);
  };

  const setUp = () => enterWriteSettings(conn, memory);
  const restore = () => leaveWriteSettings(conn, cfg.threads, memory);

  const fail = (err: unknown): never => {
    if (opts.signal?.aborted) throw opts.signal.reason ?? err;
    if (err instanceof StoreError) throw err;
    const message = (err as Error).message.split('\n')[0] ?? '';
    const hint = /Out of Memory/i.test(message)
      ? ' (nothing was stored; raise MAILTRAIL_DUCKDB_MEMORY, e.g. to 512MB, and import again)'
      : ' (nothing was stored)';
    throw new StoreError(`[store] Cannot commit run ${runId}: ${message}${hint}`, { cause: err });
  };

  /** Waits for the running batch; its failure fails the write. */
  const settle = async () => {
    const p = inflight;
    inflight = undefined;
    if (p) await p;
  };

  /** Hands the current batch to DuckDB (after the previous one finished) and starts a new file. */
  const rotate = async () => {
    const file = events;
    const idFile = ids;
    await file.close();
    await idFile.close();
    batchNo++;
    events = new LineFile(join(dir, `events-${batchNo}.csv`));
    ids = new LineFile(join(dir, `ids-${batchNo}.csv`));
    await settle();
    opts.signal?.throwIfAborted();
    if (!registered) {
      await registerPendingWrite(conn, runId);
      registered = true;
    }
    inflightDone = false;
    const p = insertBatch(conn, runId, file, idFile, opts.dedupeStaged, memory)
      .then((n) => {
        inserted += n;
      })
      .finally(() => {
        inflightDone = true;
      });
    // Observed by settle(); this only keeps an early failure from being reported as unhandled.
    p.catch(() => {});
    inflight = p;
  };

  /** Removes every trace of the run: staging files, inserted rows, pending entry. */
  const cleanup = async () => {
    state = 'done';
    opts.signal?.removeEventListener('abort', onAbort);
    try {
      if (inflight) {
        if (!inflightDone) conn.interrupt();
        await inflight.catch(() => {});
        inflight = undefined;
      }
      if (registered) await removeRunRows(conn, runId);
    } finally {
      events.destroy();
      ids.destroy();
      issues.destroy();
      await rm(dir, { recursive: true, force: true });
      await restore();
      cfg.onEnd?.();
    }
  };

  try {
    await setUp();
  } catch (err) {
    await cleanup();
    throw err;
  }

  const write: StoreWrite = {
    runId,
    get staged() {
      return staged;
    },
    async addEvents(list) {
      assertOpen();
      for (const e of list) {
        const { line, lossy } = eventToCsvLine(e, staged);
        if (line.length > MAX_LINE_BYTES / 3 && Buffer.byteLength(line) > MAX_LINE_BYTES) {
          throw new StoreError(
            `[store] Event ${e.id} is larger than ${MAX_LINE_BYTES} bytes and cannot be stored: ` +
              JSON.stringify(e.source.locator),
          );
        }
        if (lossy) opts.onLossy?.(e);
        await ids.add(`${staged},${csvText(e.id)}`);
        staged++;
        await events.add(line);
        if (events.lines >= batchEvents) {
          try {
            await rotate();
          } catch (err) {
            fail(err);
          }
        }
      }
    },
    async addIssues(list) {
      assertOpen();
      for (const i of list) {
        await issues.add(issueToCsvLine(i, issues.lines));
      }
    },
    async commit(run: RunRecord): Promise<CommitResult> {
      assertOpen();
      let began = false;
      let committed = false;
      try {
        await issues.close();
        if (events.lines > 0) await rotate();
        else {
          await events.close();
          await ids.close();
        }
        await settle();
        opts.signal?.throwIfAborted();
        await conn.run('BEGIN TRANSACTION');
        began = true;
        if (issues.lines > 0) await insertIssues(conn, runId, issues, memory);
        await insertRun(conn, run, inserted, staged - inserted);
        if (registered) await conn.run('DELETE FROM pending_writes WHERE run_id = $1', [runId]);
        opts.signal?.throwIfAborted();
        await conn.run('COMMIT');
        began = false;
        committed = true;
        return { inserted, duplicates: staged - inserted, issues: issues.lines };
      } catch (err) {
        if (began) await conn.run('ROLLBACK');
        return fail(err);
      } finally {
        if (committed) registered = false;
        await cleanup();
      }
    },
    async discard() {
      if (state === 'done') return;
      await cleanup();
    },
  };
  return write;
}

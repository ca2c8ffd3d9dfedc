/**
 * The run's bookkeeping in the database: the `pending_writes` entry that hides a write's rows
 * until it commits, the final transaction's inserts (issues, run record), and the removal of
 * a discarded or crashed write's rows.
 *
 * @module
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { StoreError } from '../../errors.js';
import type { Issue } from '../../model/issue.js';
import type { RunRecord } from '../types.js';
import type { WriteMemory } from './batch-insert.js';
import { jsonField } from './event-csv.js';
import { SMALL_LINE_BYTES, csvSource, csvText, sqlString, type LineFile } from './staging-file.js';

/** Column → `read_csv` type of a staged issue line. */
const ISSUE_CSV_COLUMNS = {
  seq: 'INTEGER',
  code: 'VARCHAR',
  severity: 'VARCHAR',
  message: 'VARCHAR',
  file: 'VARCHAR',
  row: 'INTEGER',
  column_name: 'VARCHAR',
  locator: 'VARCHAR',
  raw: 'VARCHAR',
};

/**
 * Deletes the rows of writes left pending by a crash (or a discard that could not finish), and
 * their `pending_writes` entries. Called by every writable open, before anything is written.
 */
export async function recoverPendingWrites(conn: DuckDBConnection): Promise<string[]> {
  const r = await conn.runAndReadAll('SELECT run_id FROM pending_writes ORDER BY run_id');
  const runs = r.getRows().map((row) => String(row[0]));
  if (runs.length === 0) return runs;
  await conn.run('BEGIN TRANSACTION');
  try {
    await conn.run('DELETE FROM event_rows WHERE write_id IN (SELECT run_id FROM pending_writes)');
    await conn.run('DELETE FROM pending_writes');
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK');
    throw new StoreError(`[store] Cannot remove the rows of interrupted imports (${runs.join(', ')})`, {
      cause: err,
    });
  }
  return runs;
}

/** Lists the run in `pending_writes`, before its first batch is inserted. */
export async function registerPendingWrite(conn: DuckDBConnection, runId: string): Promise<void> {
  await conn.run('INSERT INTO pending_writes VALUES ($1, now()::TIMESTAMP)', [runId]);
}

/**
 * Deletes a discarded run's rows and its pending entry. Best effort: if this fails the run
 * stays pending, so its rows stay hidden, and the next writable open deletes them.
 */
export async function removeRunRows(conn: DuckDBConnection, runId: string): Promise<void> {
  try {
    await conn.run('BEGIN TRANSACTION');
    await conn.run('DELETE FROM event_rows WHERE write_id = $1', [runId]);
    await conn.run('DELETE FROM pending_writes WHERE run_id = $1', [runId]);
    await conn.run('COMMIT');
  } catch {
    await conn.run('ROLLBACK').catch(() => {});
  }
}

/** A nullable text or integer of an issue as a CSV field. */
const field = (v: string | number | null | undefined): string =>
  v == null ? '' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : '') : csvText(v);

/**
 * The staged CSV line of an issue; `seq` orders the run's issues. Lone UTF-16 surrogates are
 * stored as U+FFFD (DuckDB takes UTF-8 only).
 */
export function issueToCsvLine(i: Issue, seq: number): string {
  const line = [
    String(seq),
    field(i.code),
    field(i.severity),
    field(i.message),
    field(i.locator.file),
    field(i.locator.row),
    field(i.locator.column),
    jsonField(JSON.stringify(i.locator)).field,
    field(i.raw),
  ].join(',');
  const w = line as unknown as { isWellFormed(): boolean; toWellFormed(): string };
  return w.isWellFormed() ? line : w.toWellFormed();
}

/**
 * Inserts the run's staged issues (inside the final transaction). An issue may carry a long
 * raw record: such a file is read under the store's own memory limit.
 */
export async function insertIssues(
  conn: DuckDBConnection,
  runId: string,
  file: LineFile,
  memory?: WriteMemory,
): Promise<void> {
  const long = memory !== undefined && file.longest + 2 > SMALL_LINE_BYTES;
  if (long) await conn.run(`SET memory_limit = '${memory.store}'`);
  try {
    await conn.run(
      `INSERT INTO issues SELECT ${sqlString(runId)}, s.seq, s.code, s.severity, s.message, s.file, s.row, ` +
        `s.column_name, s.locator::JSON, s.raw FROM ${csvSource(file.path, ISSUE_CSV_COLUMNS, file.longest)} s`,
    );
  } finally {
    if (long) await conn.run(`SET memory_limit = '${memory.commit}'`);
  }
}

/** Inserts the run record, with the write's counts (inside the final transaction). */
export async function insertRun(
  conn: DuckDBConnection,
  run: RunRecord,
  inserted: number,
  duplicates: number,
): Promise<void> {
  await conn.run(
    `INSERT INTO runs SELECT coalesce((SELECT max(seq) FROM runs), 0) + 1, $1, $2, $3::TIMESTAMP, ` +
      `$4::TIMESTAMP, $5, $6, $7, $8, $9`,
    [
      run.id,
      run.kind,
      run.startedAt.replace(/Z$/, ''),
      run.finishedAt.replace(/Z$/, ''),
      JSON.stringify(run.command),
      JSON.stringify(run.inputs),
      JSON.stringify({ ...run.counts, inserted, duplicates }),
      JSON.stringify(run.issues),
      run.complete,
    ],
  );
}

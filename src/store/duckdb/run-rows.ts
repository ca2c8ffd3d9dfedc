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
import { replaceLoneSurrogates } from './event-row.js';
import { MAX_LINE_BYTES, columnsSpec, sqlString } from './staging-file.js';

const ISSUE_LINE_COLUMNS = {
  seq: 'INTEGER',
  code: 'VARCHAR',
  severity: 'VARCHAR',
  message: 'VARCHAR',
  file: 'VARCHAR',
  row: 'INTEGER',
  column_name: 'VARCHAR',
  locator: 'JSON',
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

/** The staged JSON line of an issue; `seq` orders the run's issues. */
export function issueToLine(i: Issue, seq: number): string {
  return replaceLoneSurrogates(
    JSON.stringify({
      seq,
      code: i.code,
      severity: i.severity,
      message: i.message,
      file: i.locator.file ?? null,
      row: i.locator.row ?? null,
      column_name: i.locator.column ?? null,
      locator: i.locator,
      raw: i.raw ?? null,
    }),
  ).line;
}

/** Inserts the run's staged issues (inside the final transaction). */
export async function insertIssues(conn: DuckDBConnection, runId: string, issuesPath: string): Promise<void> {
  await conn.run(
    `INSERT INTO issues SELECT ${sqlString(runId)}, s.seq, s.code, s.severity, s.message, s.file, s.row, ` +
      `s.column_name, s.locator, s.raw FROM read_json(${sqlString(issuesPath)}, ` +
      `format = 'newline_delimited', columns = ${columnsSpec(ISSUE_LINE_COLUMNS)}, ` +
      `maximum_object_size = ${MAX_LINE_BYTES}) s`,
  );
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

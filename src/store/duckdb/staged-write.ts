/**
 * Staged, all-or-nothing writes. Events and issues of one run are first written as JSON lines
 * to a staging directory beside the database (cheap for Node: one `JSON.stringify` per event,
 * and no database memory is held while a large file is read). `commit` then moves them into the
 * tables with one transaction: `INSERT ... SELECT ... FROM read_json(staging) ANTI JOIN events`,
 * so only ids not stored yet are inserted, and a crash, an interrupt or an error at any point
 * leaves the tables exactly as before the run. Measured on a 2-core machine, this path is about
 * three times faster than the row appender for the 33-column events table (which spends ~0.7 µs
 * per value crossing into the native module).
 *
 * @module
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { StoreError } from '../../errors.js';
import type { CommitResult, RunRecord, StoreWrite, WriteOptions } from '../types.js';
import { EVENT_LINE_COLUMNS, STAGED_EVENT_SELECT, eventToLine, replaceLoneSurrogates } from './event-row.js';

/**
 * Largest staged line DuckDB's JSON reader is asked to accept. Its read buffers scale with
 * this, and they are not spillable, so it is kept well below the import's memory limit.
 */
const MAX_LINE_BYTES = 8 * 1024 * 1024;
/**
 * What DuckDB's JSON reader is told to accept when every staged line is short (nearly always):
 * its read buffers scale with `maximum_object_size`, so a smaller bound lowers the commit's
 * peak memory (measured: ~16 MB less than with 8 MiB). Longer lines get MAX_LINE_BYTES.
 */
const SMALL_LINE_BYTES = 1024 * 1024;
/**
 * DuckDB's memory limit while the commit runs, unless MAILTRAIL_DUCKDB_MEMORY (or the open's
 * option) set one. Below the store's default: the insert streams and
 * spills, and the commit's peak RSS adds to the JS heap left over from reading (measured on the
 * 750,000-row CSV: ~30 MB less peak RSS than at 128MB, for ~10% more commit time).
 */
export const COMMIT_MEMORY_LIMIT = '96MB';
/** Lines are buffered into writes of about this size. */
const WRITE_CHUNK = 1 << 20;

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

class LineFile {
  private readonly stream: WriteStream;
  private buffer = '';
  lines = 0;
  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
  }
  async add(line: string): Promise<void> {
    this.buffer += line + '\n';
    this.lines++;
    if (this.buffer.length >= WRITE_CHUNK) await this.flush();
  }
  private async flush(): Promise<void> {
    const chunk = this.buffer;
    this.buffer = '';
    if (chunk && !this.stream.write(chunk)) await once(this.stream, 'drain');
  }
  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'close');
  }
  destroy(): void {
    this.stream.destroy();
  }
}

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;
const columnsSpec = (cols: Readonly<Record<string, string>>) =>
  '{' +
  Object.entries(cols)
    .map(([k, v]) => `${k}: '${v}'`)
    .join(', ') +
  '}';

/**
 * The commit's INSERT runs on one DuckDB thread: each thread buffers its own row group of
 * uncompressed text before writing it, so threads multiply the import's peak memory while the
 * insert itself is bound by JSON parsing either way. `threads` is restored afterwards.
 */
const COMMIT_THREADS = 1;

export async function beginStagedWrite(
  conn: DuckDBConnection,
  stagingRoot: string,
  runId: string,
  threads: number,
  opts: WriteOptions = {},
  /** Memory limit during the commit and the store's own, to restore; absent: left alone. */
  memory?: { readonly commit: string; readonly store: string },
): Promise<StoreWrite> {
  const dir = join(stagingRoot, runId.replace(/[^A-Za-z0-9._-]/g, '_'));
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const events = new LineFile(join(dir, 'events.ndjson'));
  const issues = new LineFile(join(dir, 'issues.ndjson'));
  let state: 'open' | 'done' = 'open';
  /** Longest staged event line, in UTF-16 code units. */
  let longest = 0;
  const assertOpen = () => {
    if (state !== 'open') throw new StoreError(`[store] Write ${runId} is already committed or discarded`);
  };
  const cleanup = async () => {
    state = 'done';
    events.destroy();
    issues.destroy();
    await rm(dir, { recursive: true, force: true });
  };

  const write: StoreWrite = {
    runId,
    get staged() {
      return events.lines;
    },
    async addEvents(list) {
      assertOpen();
      for (const e of list) {
        const { line, lossy } = eventToLine(e, events.lines);
        if (line.length > MAX_LINE_BYTES / 3 && Buffer.byteLength(line) > MAX_LINE_BYTES) {
          throw new StoreError(
            `[store] Event ${e.id} is larger than ${MAX_LINE_BYTES} bytes and cannot be stored: ` +
              JSON.stringify(e.source.locator),
          );
        }
        if (lossy) opts.onLossy?.(e);
        if (line.length > longest) longest = line.length;
        await events.add(line);
      }
    },
    async addIssues(list) {
      assertOpen();
      for (const i of list) {
        const { line } = replaceLoneSurrogates(
          JSON.stringify({
            seq: issues.lines,
            code: i.code,
            severity: i.severity,
            message: i.message,
            file: i.locator.file ?? null,
            row: i.locator.row ?? null,
            column_name: i.locator.column ?? null,
            locator: i.locator,
            raw: i.raw ?? null,
          }),
        );
        await issues.add(line);
      }
    },
    async commit(run: RunRecord): Promise<CommitResult> {
      assertOpen();
      await events.close();
      await issues.close();
      const onAbort = () => conn.interrupt();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      let began = false;
      // A line of n UTF-16 code units has at most 3n UTF-8 bytes.
      const maxObject = longest * 3 < SMALL_LINE_BYTES ? SMALL_LINE_BYTES : MAX_LINE_BYTES;
      try {
        opts.signal?.throwIfAborted();
        await conn.run(`SET threads = ${COMMIT_THREADS}`);
        if (memory) await conn.run(`SET memory_limit = '${memory.commit}'`);
        await conn.run('BEGIN TRANSACTION');
        began = true;
        let inserted = 0;
        if (events.lines > 0) {
          const source =
            `read_json(${sqlString(events.path)}, format = 'newline_delimited', ` +
            `columns = ${columnsSpec(EVENT_LINE_COLUMNS)}, maximum_object_size = ${maxObject})`;
          // Keep the first staged copy of each id. The window is computed over (id, seq) alone and
          // joined back: a window over whole staged rows holds every row in memory at once.
          const staged = opts.dedupeStaged
            ? `(SELECT f.* FROM ${source} f SEMI JOIN (SELECT id, min(seq) AS seq FROM ${source} GROUP BY id) k ` +
              `ON k.id = f.id AND k.seq = f.seq)`
            : source;
          const r = await conn.run(
            `INSERT INTO events SELECT ${STAGED_EVENT_SELECT} FROM ${staged} s ANTI JOIN events e ON e.id = s.id`,
          );
          inserted = r.rowsChanged;
        }
        if (issues.lines > 0) {
          await conn.run(
            `INSERT INTO issues SELECT ${sqlString(runId)}, s.seq, s.code, s.severity, s.message, s.file, s.row, ` +
              `s.column_name, s.locator, s.raw FROM read_json(${sqlString(issues.path)}, ` +
              `format = 'newline_delimited', columns = ${columnsSpec(ISSUE_LINE_COLUMNS)}, ` +
              `maximum_object_size = ${MAX_LINE_BYTES}) s`,
          );
        }
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
            JSON.stringify({ ...run.counts, inserted, duplicates: events.lines - inserted }),
            JSON.stringify(run.issues),
            run.complete,
          ],
        );
        opts.signal?.throwIfAborted();
        await conn.run('COMMIT');
        began = false;
        return { inserted, duplicates: events.lines - inserted, issues: issues.lines };
      } catch (err) {
        if (began) await conn.run('ROLLBACK');
        if (opts.signal?.aborted) throw opts.signal.reason ?? err;
        if (err instanceof StoreError) throw err;
        const message = (err as Error).message.split('\n')[0] ?? '';
        const hint = /Out of Memory/i.test(message)
          ? ' (nothing was stored; raise MAILTRAIL_DUCKDB_MEMORY, e.g. to 512MB, and import again)'
          : ' (nothing was stored)';
        throw new StoreError(`[store] Cannot commit run ${runId}: ${message}${hint}`, { cause: err });
      } finally {
        await conn.run(`SET threads = ${threads}`);
        if (memory) await conn.run(`SET memory_limit = '${memory.store}'`);
        opts.signal?.removeEventListener('abort', onAbort);
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

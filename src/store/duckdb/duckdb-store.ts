/**
 * The DuckDB event store: one instance and one connection per open case. Reads stream in
 * batches so a case larger than memory can be walked; writes go through staged-write.ts.
 *
 * @module
 */
import type { DuckDBConnection, DuckDBInstance, DuckDBResult, DuckDBValue } from '@duckdb/node-api';
import { StoreError } from '../../errors.js';
import type { MailboxEvent } from '../../model/event.js';
import type {
  EventFilter,
  EventStore,
  EvidenceRow,
  QueryStream,
  RunRecord,
  StoreWrite,
  WriteOptions,
} from '../types.js';
import { EVENT_SELECT, eventFromRow } from './event-row.js';
import { plainValue } from './plain-value.js';
import { beginStagedWrite } from './staged-write.js';

/** DuckDB's refusals of INSERT, UPDATE and DELETE on a view. */
const VIEW_WRITE =
  /^(Binder Error: Can only (delete from|update) base table|Catalog Error: \S+ is not an table)/;

export class DuckDbStore implements EventStore {
  private closed = false;

  constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    readonly readOnly: boolean,
    readonly schemaVersion: number,
    private readonly stagingDir: string,
    private readonly threads: number,
    private readonly onClose: () => void,
    /** Memory limit of writes and the store's own (see staged-write.ts); absent: left alone. */
    private readonly commitMemory?: { readonly commit: string; readonly store: string },
    /** Events per batch transaction of a write (staged-write.ts); absent: its default. */
    private readonly batchEvents?: number,
  ) {}

  /** The write in progress: one at a time, as its batches are visible to its own anti-joins. */
  private activeWrite: string | undefined;

  async beginWrite(runId: string, opts: WriteOptions = {}): Promise<StoreWrite> {
    this.assertWritable();
    if (this.activeWrite !== undefined) {
      throw new StoreError(
        `[store] Write ${this.activeWrite} is still open: commit or discard it before beginning ${runId}`,
      );
    }
    this.activeWrite = runId;
    try {
      return await beginStagedWrite(
        {
          conn: this.conn,
          stagingRoot: this.stagingDir,
          threads: this.threads,
          memory: this.commitMemory,
          batchEvents: this.batchEvents,
          onEnd: () => {
            if (this.activeWrite === runId) this.activeWrite = undefined;
          },
        },
        runId,
        opts,
      );
    } catch (err) {
      this.activeWrite = undefined;
      throw err;
    }
  }

  async *readEvents(filter: EventFilter = {}): AsyncIterable<MailboxEvent> {
    const where: string[] = [];
    const params: string[] = [];
    const param = (v: string) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (filter.mailbox !== undefined) where.push(`mailbox = ${param(filter.mailbox.toLowerCase())}`);
    if (filter.from !== undefined)
      where.push(`time >= epoch_ms(${param(String(Date.parse(filter.from)))}::BIGINT)`);
    if (filter.to !== undefined)
      where.push(`time < epoch_ms(${param(String(Date.parse(filter.to)))}::BIGINT)`);
    if (filter.kinds !== undefined) {
      if (filter.kinds.length === 0) return;
      where.push(`kind IN (${filter.kinds.map((k) => param(k)).join(', ')})`);
    }
    const sql =
      `SELECT ${EVENT_SELECT} FROM events` +
      (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
      // Sort by (time, id) so ties stay stable across re-imports.
      ' ORDER BY time, id';
    const result = await this.conn.stream(sql, params);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (const row of chunk.getRows()) yield eventFromRow(row);
    }
  }

  async runs(): Promise<RunRecord[]> {
    const rows = await this.all(
      'SELECT id, kind, started_at, finished_at, command::VARCHAR AS command, inputs::VARCHAR AS inputs, ' +
        'counts::VARCHAR AS counts, issues::VARCHAR AS issues, complete FROM runs ORDER BY seq',
    );
    return rows.map((r) => ({
      id: String(r.id),
      kind: r.kind === 'acquisition' ? 'acquisition' : 'import',
      startedAt: String(r.started_at),
      finishedAt: String(r.finished_at),
      command: JSON.parse(String(r.command)) as string[],
      inputs: JSON.parse(String(r.inputs)) as Record<string, unknown>[],
      counts: JSON.parse(String(r.counts)) as Record<string, number>,
      issues: JSON.parse(String(r.issues)) as Record<string, number>,
      complete: r.complete === true,
    }));
  }

  async syncEvidence(rows: readonly EvidenceRow[]): Promise<void> {
    this.assertWritable();
    await this.conn.run('BEGIN TRANSACTION');
    try {
      await this.conn.run('DELETE FROM evidence');
      if (rows.length > 0) {
        const appender = await this.conn.createAppender('evidence');
        for (const r of rows) {
          appender.appendVarchar(r.path);
          appender.appendVarchar(r.sha256);
          appender.appendBigInt(BigInt(r.size));
          appender.appendVarchar(r.kind);
          appender.appendVarchar(r.addedAt.replace(/Z$/, ''));
          if (r.originalPath === undefined) appender.appendNull();
          else appender.appendVarchar(r.originalPath);
          appender.endRow();
        }
        appender.closeSync();
      }
      await this.conn.run('COMMIT');
    } catch (err) {
      await this.conn.run('ROLLBACK');
      throw new StoreError(`[store] Cannot record the evidence list in ${this.path}`, { cause: err });
    }
  }

  async all(
    sql: string,
    params: readonly (string | number | boolean | null)[] = [],
  ): Promise<Record<string, unknown>[]> {
    const reader = await this.conn.runAndReadAll(sql, [...params] as DuckDBValue[]);
    const names = reader.deduplicatedColumnNames();
    return reader.getRows().map((row) => Object.fromEntries(row.map((v, i) => [names[i]!, plainValue(v)])));
  }

  async stream(sql: string): Promise<QueryStream> {
    let result: DuckDBResult;
    try {
      result = await this.conn.stream(sql);
    } catch (err) {
      // `events` is a view (migration 0003): DuckDB rejects a write to it while binding, before
      // it gets to the read-only check. Say what the write would have met anyway.
      const message = (err as Error).message;
      if (this.readOnly && VIEW_WRITE.test(message)) {
        throw new Error(`Cannot write: the database is in read-only mode (${message.split('\n')[0]})`, {
          cause: err,
        });
      }
      throw err;
    }
    const columns = result
      .deduplicatedColumnNames()
      .map((name, i) => ({ name, type: result.columnType(i).toString() }));
    async function* batches() {
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) return;
        yield chunk.getRows().map((row) => row.map(plainValue));
      }
    }
    return { columns, batches: batches() };
  }

  close(): void {
    if (this.closed) return;
    // Closing the connection under a running batch insert crashes the native library: refuse
    // instead. Importers always commit or discard their write before closing.
    if (this.activeWrite !== undefined) {
      throw new StoreError(
        `[store] Write ${this.activeWrite} is still open: commit or discard it before closing ${this.path}`,
      );
    }
    this.closed = true;
    this.conn.closeSync();
    this.instance.closeSync();
    this.onClose();
  }

  private assertWritable(): void {
    if (this.readOnly) throw new StoreError(`[store] The case database is open read-only: ${this.path}`);
    if (this.closed) throw new StoreError(`[store] The case database is closed: ${this.path}`);
  }
}

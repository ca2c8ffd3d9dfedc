/**
 * The DuckDB event store: one instance and one connection per open case. Reads stream in
 * batches so a case larger than memory can be walked; writes go through staged-write.ts.
 *
 * @module
 */
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
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
    /** Memory limit of commits and the store's own (see staged-write.ts); absent: left alone. */
    private readonly commitMemory?: { readonly commit: string; readonly store: string },
  ) {}

  async beginWrite(runId: string, opts: WriteOptions = {}): Promise<StoreWrite> {
    this.assertWritable();
    return beginStagedWrite(this.conn, this.stagingDir, runId, this.threads, opts, this.commitMemory);
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
    const result = await this.conn.stream(sql);
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

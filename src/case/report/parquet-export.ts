/**
 * The Parquet dataset of the normalized events (see report/parquet): DuckDB writes it with
 * `COPY … PARTITION_BY (mailbox, day)` into a temporary directory beside the target, renamed
 * into place when complete. From a case it copies straight from the store's `events` table;
 * otherwise (events read from evidence files, or redacted events) the events are staged as JSON
 * lines in the store's own column shape (store/duckdb/event-row.ts) and copied through a
 * temporary in-memory DuckDB, so both paths give the same columns.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { MailboxEvent } from '../../model/event.js';
import { PARQUET_DIR, parquetCopySql, sqlString } from '../../report/parquet/index.js';
import { EVENT_LINE_COLUMNS, STAGED_EVENT_SELECT, eventToLine } from '../../store/duckdb/event-row.js';
import type { EventStore } from '../../store/index.js';

const tmpName = (outDir: string, name: string) =>
  join(outDir, `.${name}.${randomBytes(4).toString('hex')}.tmp`);

/** Moves a finished dataset directory over `final` (the old one, if any, is removed first). */
async function commitDir(tmp: string, final: string): Promise<void> {
  if (existsSync(final)) {
    const old = `${final}.${randomBytes(4).toString('hex')}.old`;
    await rename(final, old);
    await rename(tmp, final);
    await rm(old, { recursive: true, force: true });
  } else await rename(tmp, final);
}

/** Copies the events of a case store (optionally one mailbox) to `outDir/events.parquet`. */
export async function exportStoreParquet(
  store: EventStore,
  outDir: string,
  mailbox?: string,
): Promise<string> {
  const final = join(outDir, PARQUET_DIR);
  const tmp = tmpName(outDir, PARQUET_DIR);
  const source =
    mailbox !== undefined ? `(SELECT * FROM events WHERE mailbox = ${sqlString(mailbox)})` : 'events';
  try {
    await store.all(parquetCopySql(source, tmp));
    if (!existsSync(tmp)) await mkdir(tmp); // no events: COPY wrote nothing
    await commitDir(tmp, final);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  return final;
}

/**
 * Collects events (fed one at a time with {@link add}) and writes them as the Parquet dataset
 * on {@link finish}.
 */
export class StagedParquet {
  private readonly staging: string;
  private readonly out: WriteStream;
  private seq = 0;
  private buffer = '';

  constructor(private readonly outDir: string) {
    this.staging = tmpName(outDir, 'events.parquet-staging.jsonl');
    this.out = createWriteStream(this.staging);
  }

  async add(e: MailboxEvent): Promise<void> {
    this.buffer += eventToLine(e, this.seq++).line + '\n';
    if (this.buffer.length > 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffer === '') return;
    const ok = this.out.write(this.buffer);
    this.buffer = '';
    if (!ok) await once(this.out, 'drain');
  }

  async finish(): Promise<string> {
    await this.flush();
    this.out.end();
    await once(this.out, 'close');
    const final = join(this.outDir, PARQUET_DIR);
    const tmp = tmpName(this.outDir, PARQUET_DIR);
    if (this.seq === 0) {
      // No events: an empty dataset directory (COPY would write nothing at all).
      await rm(this.staging, { force: true });
      await mkdir(tmp);
      await commitDir(tmp, final);
      return final;
    }
    const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
    const conn = await instance.connect();
    try {
      const columns = `{${Object.entries(EVENT_LINE_COLUMNS)
        .map(([k, t]) => `${sqlString(k)}: ${sqlString(t)}`)
        .join(', ')}}`;
      const source =
        `(SELECT ${STAGED_EVENT_SELECT} FROM read_json(${sqlString(this.staging)}, ` +
        `format = 'newline_delimited', columns = ${columns}, maximum_object_size = 268435456) s)`;
      await conn.run(parquetCopySql(source, tmp));
      await commitDir(tmp, final);
    } catch (err) {
      await rm(tmp, { recursive: true, force: true });
      throw err;
    } finally {
      conn.closeSync();
      instance.closeSync();
      await rm(this.staging, { force: true });
    }
    return final;
  }

  async abort(): Promise<void> {
    this.out.destroy();
    await rm(this.staging, { force: true });
  }
}

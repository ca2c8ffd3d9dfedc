/**
 * The staging side of a write: JSON-lines files beside the database, and the `read_json`
 * sources DuckDB reads them through.
 *
 * @module
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Largest staged line DuckDB's JSON reader is asked to accept. Its read buffers scale with
 * this, and they are not spillable, so it is kept well below the import's memory limit.
 */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;
/**
 * What DuckDB's JSON reader is told to accept when every staged line is short (nearly always):
 * its read buffers scale with `maximum_object_size`, so a smaller bound lowers the commit's
 * peak memory (measured: ~16 MB less than with 8 MiB). Longer lines get MAX_LINE_BYTES.
 */
export const SMALL_LINE_BYTES = 1024 * 1024;
/** Lines are buffered into writes of about this size. */
const WRITE_CHUNK = 1 << 20;

/** A staging file of JSON lines, written through a buffer; counts its lines. */
export class LineFile {
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
    if (this.stream.closed) return;
    await this.flush();
    this.stream.end();
    await once(this.stream, 'close');
  }
  destroy(): void {
    this.stream.destroy();
  }
}

/** A SQL string literal. */
export const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** A `read_json` `columns` struct from column → type. */
export const columnsSpec = (cols: Readonly<Record<string, string>>) =>
  '{' +
  Object.entries(cols)
    .map(([k, v]) => `${k}: '${v}'`)
    .join(', ') +
  '}';

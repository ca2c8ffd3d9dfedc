/**
 * The staging side of a write: CSV files beside the database, and the `read_csv` sources DuckDB
 * reads them through.
 *
 * Why CSV and not JSON lines: DuckDB's JSON reader allocates read buffers of twice its
 * `maximum_object_size`, which cannot be set below its 16 MiB default, so every batch insert
 * held ~50 MB for the reader alone and needed a memory limit of ~96MB to leave room for the
 * insert. The CSV reader works in buffers of the size it is given (1 MiB here, or the batch's
 * longest line), so the insert runs under a memory limit of 48MB (batch-insert.ts). Values
 * keep their exact text: strings are always quoted (`""` for a quote inside), an empty
 * unquoted field is NULL and `""` the empty string (`allow_quoted_nulls = false`), and line
 * breaks inside quotes are data.
 *
 * @module
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Longest staged line (bytes) DuckDB's CSV reader is asked to accept; a longer event is refused
 * (staged-write.ts). The reader's buffer must hold a whole line, and it is not spillable.
 */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;
/** The CSV reader's buffer when every line of a batch fits in it (nearly always). */
export const SMALL_LINE_BYTES = 1024 * 1024;
/** Lines are encoded into a buffer of this size, written out when full. */
const WRITE_CHUNK = 256 * 1024;

/**
 * A staging file of CSV lines. Each line is encoded into a byte buffer as soon as it is added,
 * so the JS strings it was built from die young instead of being held (and promoted by the
 * garbage collector) until a large text chunk is written. Counts its lines and knows its
 * longest line in bytes.
 */
export class LineFile {
  private readonly stream: WriteStream;
  private buffer = Buffer.allocUnsafe(WRITE_CHUNK);
  private used = 0;
  lines = 0;
  /** Longest line, in UTF-8 bytes without its terminator. */
  longest = 0;
  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
  }
  async add(line: string): Promise<void> {
    // A UTF-16 code unit takes at most 3 UTF-8 bytes.
    if (this.used + line.length * 3 + 1 > this.buffer.length) {
      await this.flush();
      if (line.length * 3 + 1 > this.buffer.length) {
        const bytes = Buffer.from(line + '\n');
        this.note(bytes.length - 1);
        await this.write(bytes);
        return;
      }
    }
    const n = this.buffer.write(line, this.used);
    this.buffer[this.used + n] = 0x0a;
    this.used += n + 1;
    this.note(n);
  }
  private note(bytes: number): void {
    this.lines++;
    if (bytes > this.longest) this.longest = bytes;
  }
  private async write(chunk: Buffer): Promise<void> {
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
  private async flush(): Promise<void> {
    if (this.used === 0) return;
    const chunk = this.buffer.subarray(0, this.used);
    // The stream keeps the chunk until written: encode the next lines into a new buffer.
    this.buffer = Buffer.allocUnsafe(WRITE_CHUNK);
    this.used = 0;
    await this.write(chunk);
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

/** A string as a CSV field: always quoted, so that it is never read as NULL. */
export const csvText = (s: string): string => '"' + (s.includes('"') ? s.replaceAll('"', '""') : s) + '"';

/** The CSV reader's buffer for a file whose longest line has `longest` bytes. */
export function csvBufferBytes(longest: number): number {
  let size = SMALL_LINE_BYTES;
  // Room for the terminator (and a CR DuckDB may look past).
  while (size < longest + 2) size *= 2;
  return size;
}

/**
 * A `read_csv` source over a staging file written with {@link csvText} fields, with the given
 * column → type map (in file order) and a buffer that holds its longest line.
 */
export function csvSource(path: string, columns: Readonly<Record<string, string>>, longest: number): string {
  const buffer = csvBufferBytes(longest);
  const spec = Object.entries(columns)
    .map(([k, v]) => `${sqlString(k)}: ${sqlString(v)}`)
    .join(', ');
  return (
    `read_csv(${sqlString(path)}, columns = {${spec}}, header = false, auto_detect = false, ` +
    `delim = ',', quote = '"', escape = '"', new_line = '\\n', allow_quoted_nulls = false, ` +
    `strict_mode = true, buffer_size = ${buffer}, max_line_size = ${buffer})`
  );
}

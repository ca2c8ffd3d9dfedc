/**
 * Byte-level output for the streaming `unicorn` path: {@link ByteFile} buffers bytes and writes
 * them to a temporary name in the output directory, renamed into place by `commit()` (as
 * {@link AtomicTextFile} does for text); {@link SpillFile} is a scratch file of binary records
 * that stays in memory while small and is written to disk past its buffer, so memory does not
 * grow with the number of rows.
 *
 * @module
 */
import { closeSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

const BUFFER = 256 << 10;

/** Bytes written to an open file descriptor through a buffer (see ByteFile). */
export class FdWriter {
  buf: Buffer = Buffer.allocUnsafe(BUFFER);
  pos = 0;

  constructor(protected fd: number) {}

  /** Makes room for `n` more bytes in `buf` (flushing), so the caller can write at `pos`. */
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
  }

  bytes(src: Uint8Array, s: number, e: number): void {
    const n = e - s;
    if (n > BUFFER >> 2) {
      this.flush();
      writeAll(this.fd, src.subarray(s, e));
      return;
    }
    this.reserve(n);
    this.buf.set(src.subarray(s, e), this.pos);
    this.pos += n;
  }

  string(text: string): void {
    const max = text.length * 3;
    if (max > BUFFER >> 2) {
      this.flush();
      writeAll(this.fd, Buffer.from(text, 'utf8'));
      return;
    }
    this.reserve(max);
    this.pos += this.buf.write(text, this.pos, 'utf8');
  }

  flush(): void {
    if (this.pos === 0) return;
    writeAll(this.fd, this.buf.subarray(0, this.pos));
    this.pos = 0;
  }
}

/** A file written through a byte buffer to a temporary name, renamed over `path` by commit(). */
export class ByteFile extends FdWriter {
  readonly tmp: string;
  private done = false;

  constructor(readonly path: string) {
    const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
    super(openSync(tmp, 'w'));
    this.tmp = tmp;
  }

  /**
   * Flushes and returns the file descriptor, for another thread to write the file's remaining
   * bytes through (file descriptors are shared by the process's threads); this object still
   * commits or aborts the file, once that thread is done.
   */
  handOff(): number {
    this.flush();
    return this.fd;
  }

  /**
   * Flushes, closes and renames into place. No fsync: the rename is what makes the file appear
   * whole or not at all to readers; the reports are regenerated from the evidence if a machine
   * crash loses them (forcing ~75 MB to disk only made the run wait).
   */
  commit(): void {
    this.flush();
    closeSync(this.fd);
    this.done = true;
    renameSync(this.tmp, this.path);
  }

  abort(): void {
    if (this.done) return;
    this.done = true;
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.tmp, { force: true });
  }
}

/**
 * Scratch records: appended with the writer methods, then read back in order with
 * {@link SpillFile.replay}. Kept in memory up to `limit` bytes, then written to `path`.
 */
export class SpillFile {
  buf: Buffer;
  pos = 0;
  private fd = -1;
  private written = 0;

  constructor(
    private readonly path: string,
    private readonly limit = 1 << 20,
  ) {
    this.buf = Buffer.allocUnsafe(limit);
  }

  /** Makes room for a record of at most `n` bytes at `pos`. */
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.fd < 0) this.fd = openSync(this.path, 'w+');
    writeAll(this.fd, this.buf.subarray(0, this.pos));
    this.written += this.pos;
    this.pos = 0;
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
  }

  /**
   * Reads the records back: `onChunk(buf, start, end)` gets whole records only, as delimited by
   * `recordEnd(buf, p, end)` (the end of the record at p, or -1 when it is not complete).
   */
  replay(
    recordEnd: (buf: Buffer, p: number, end: number) => number,
    onRecord: (buf: Buffer, p: number) => void,
  ): void {
    if (this.fd < 0) {
      for (let p = 0; p < this.pos;) {
        const e = recordEnd(this.buf, p, this.pos);
        onRecord(this.buf, p);
        p = e;
      }
      return;
    }
    if (this.pos > 0) {
      writeAll(this.fd, this.buf.subarray(0, this.pos));
      this.written += this.pos;
      this.pos = 0;
    }
    let buf = Buffer.allocUnsafe(this.buf.length);
    let len = 0;
    let offset = 0;
    while (offset < this.written || len > 0) {
      if (offset < this.written) {
        if (len === buf.length) {
          const bigger = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(bigger, 0, 0, len);
          buf = bigger;
        }
        const n = readSync(this.fd, buf, len, Math.min(buf.length - len, this.written - offset), offset);
        offset += n;
        len += n;
      }
      let p = 0;
      for (;;) {
        if (p >= len) break;
        const e = recordEnd(buf, p, len);
        if (e < 0) break;
        onRecord(buf, p);
        p = e;
      }
      if (p < len) buf.copy(buf, 0, p, len);
      len -= p;
      if (offset >= this.written && len > 0 && recordEnd(buf, 0, len) < 0)
        throw new Error('[unicorn] Truncated scratch file');
    }
  }

  /** Bytes held (in memory and on disk). */
  get size(): number {
    return this.written + this.pos;
  }

  dispose(): void {
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
      rmSync(this.path, { force: true });
    }
    this.buf = Buffer.alloc(0);
  }
}

function writeAll(fd: number, b: Uint8Array): void {
  for (let off = 0; off < b.length;) off += writeSync(fd, b, off, b.length - off);
}

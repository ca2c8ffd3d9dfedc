/**
 * Pre-serialized records in large Buffers. A million activities as JavaScript strings would
 * crowd the V8 heap; bytes in Buffers live outside it, and a response is then just the
 * concatenation of slices, with no `JSON.stringify` on the request path.
 *
 * @module
 */

const CHUNK_BYTES = 16 * 1024 * 1024;

/** Append-only byte store addressed by (chunk, offset, length). */
export class RecordArena {
  private readonly chunks: Buffer[] = [];
  private current: Buffer = Buffer.allocUnsafe(0);
  private used = 0;
  /** Total bytes stored, for the start-up summary. */
  bytes = 0;

  /** Stores the UTF-8 bytes of `text`; returns its address as [chunk, offset, length]. */
  append(text: string): [number, number, number] {
    const length = Buffer.byteLength(text);
    if (this.used + length > this.current.length) {
      this.current = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, length));
      this.chunks.push(this.current);
      this.used = 0;
    }
    this.current.write(text, this.used, 'utf8');
    const address: [number, number, number] = [this.chunks.length - 1, this.used, length];
    this.used += length;
    this.bytes += length;
    return address;
  }

  /** The bytes at an address, without copying. */
  slice(chunk: number, offset: number, length: number): Buffer {
    return (this.chunks[chunk] as Buffer).subarray(offset, offset + length);
  }
}

/**
 * Streaming SHA-256 of evidence files, and the copy that hashes while it writes, so a file is
 * read once whatever its size and the hash describes exactly the bytes that were stored.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface FileHash {
  readonly sha256: string;
  readonly size: number;
}

export async function hashFile(path: string, signal?: AbortSignal): Promise<FileHash> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path, signal ? { signal } : {})) {
    h.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), size };
}

/** Copies `src` to `dest` (created exclusively), hashing the bytes on the way, then fsyncs. */
export async function copyAndHash(src: string, dest: string, signal?: AbortSignal): Promise<FileHash> {
  const h = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      h.update(chunk);
      size += chunk.length;
      cb(null, chunk);
    },
  });
  await pipeline(
    createReadStream(src),
    tap,
    createWriteStream(dest, { flags: 'wx' }),
    signal ? { signal } : {},
  );
  const fh = await open(dest, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { sha256: h.digest('hex'), size };
}

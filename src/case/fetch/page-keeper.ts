/**
 * Keeping a response body as evidence: the gzip form is written to a temporary name and renamed
 * into place (never a half-written page), under a path relative to the acquisition directory,
 * and described by the SHA-256 of the file and of the body. Used by every retriever.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeFileAtomic } from '../atomic-write.js';
import { GZIP_LEVEL, type PageEvidence } from './page-digester.js';

/** A kept evidence file, as listed in acquisition summaries. */
export interface KeptFile {
  /** Path relative to the acquisition directory, with `/` separators. */
  readonly file: string;
  /** SHA-256 of the `.json.gz` file. */
  readonly sha256: string;
  /** SHA-256 of the response body it decompresses to. */
  readonly bodySha256: string;
}

/** Writes a body the page digester already compressed and hashed. */
export async function keepDigested(
  dir: string,
  file: string,
  evidence: Pick<PageEvidence, 'gz' | 'sha256' | 'bodySha256'>,
): Promise<KeptFile> {
  await mkdir(dirname(join(dir, file)), { recursive: true });
  await writeFileAtomic(join(dir, file), evidence.gz);
  return { file, sha256: evidence.sha256, bodySha256: evidence.bodySha256 };
}

/** Compresses, hashes and writes a small body (a query object) in this thread. */
export async function keepBody(dir: string, file: string, body: Buffer): Promise<KeptFile> {
  const gz = gzipSync(body, { level: GZIP_LEVEL });
  return keepDigested(dir, file, {
    gz,
    sha256: createHash('sha256').update(gz).digest('hex'),
    bodySha256: createHash('sha256').update(body).digest('hex'),
  });
}

/** A file-name-safe form of a mailbox or slice name. */
export function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9@._+-]/g, '_');
}

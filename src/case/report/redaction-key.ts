/**
 * Where `--redact` keeps its secret and its mapping: a JSON file, `redaction-map.json`, holding
 * the per-case HMAC key and every token issued with the original it stands for. For a case it
 * lives in the case directory (beside the manifest, never in a report); for `--input` reports,
 * which have no case, in `<out>/private/` — a folder to keep back when the report is shared.
 * The file is created with mode 0600 and rewritten atomically, the map merged with what it held.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from '../../errors.js';

export const REDACTION_FILE = 'redaction-map.json';
export const PRIVATE_DIR = 'private';

interface RedactionFile {
  readonly schema: 'mailtrail.redaction/1';
  readonly algorithm: 'HMAC-SHA256';
  /** Base64 key: 32 random bytes, made once per case. */
  readonly key: string;
  readonly createdAt: string;
  /** token → original value. */
  readonly map: Record<string, string>;
}

export interface RedactionKey {
  readonly path: string;
  readonly key: Uint8Array;
  /** Merges `map` into the file. */
  save(map: Readonly<Record<string, string>>): Promise<void>;
}

/** Opens (or creates, with a fresh key) the redaction file in `dir`. */
export async function openRedactionKey(dir: string): Promise<RedactionKey> {
  const path = join(dir, REDACTION_FILE);
  let file: RedactionFile;
  if (existsSync(path)) {
    try {
      file = JSON.parse(await readFile(path, 'utf8')) as RedactionFile;
    } catch (cause) {
      throw new StoreError(`[report] Cannot read the redaction key: ${path}`, { cause });
    }
    if (file.schema !== 'mailtrail.redaction/1' || typeof file.key !== 'string')
      throw new StoreError(`[report] Not a mailtrail redaction file: ${path}`);
  } else {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    file = {
      schema: 'mailtrail.redaction/1',
      algorithm: 'HMAC-SHA256',
      key: randomBytes(32).toString('base64'),
      createdAt: new Date().toISOString(),
      map: {},
    };
    await write(path, file);
  }
  const key = Buffer.from(file.key, 'base64');
  return {
    path,
    key,
    async save(map) {
      file = { ...file, map: { ...file.map, ...map } };
      await write(path, file);
    },
  };
}

/** Written to a temporary name created 0600, then renamed: the key is never world-readable. */
async function write(path: string, file: RedactionFile): Promise<void> {
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(JSON.stringify(file, null, 2) + '\n');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
}

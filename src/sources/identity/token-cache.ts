/**
 * MSAL's token cache in an encrypted file, for users who ask to keep a sign-in between runs
 * (`--token-cache FILE`). Tokens are bearer secrets, so the file is never plaintext: AES-256-GCM
 * with a key derived by scrypt from a passphrase (MAILTRAIL_CACHE_PASSPHRASE or a prompt) and a
 * random salt; the header is authenticated too, so a wrong passphrase or any change to the file
 * is detected. Writes go to a 0600 temporary file that is flushed and renamed over the cache.
 *
 * @module
 */
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { chmod, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FormatError, UsageError } from '../../errors.js';

const FORMAT = 'mailtrail-token-cache';
/** scrypt cost: 2^15 × 8 × 128 B = 32 MiB and about 0.1 s, once per run. */
const KDF = { name: 'scrypt', N: 32_768, r: 8, p: 1 } as const;

interface CacheFile {
  format: typeof FORMAT;
  version: 1;
  kdf: typeof KDF & { salt: string };
  cipher: 'aes-256-gcm';
  iv: string;
  tag: string;
  data: string;
}

function deriveKey(passphrase: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase, salt, 32, { N: KDF.N, r: KDF.r, p: KDF.p, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** The authenticated header: what was used to encrypt, bound to the ciphertext. */
const associated = (f: Pick<CacheFile, 'format' | 'version' | 'kdf' | 'cipher'>) =>
  Buffer.from(JSON.stringify([f.format, f.version, f.kdf, f.cipher]));

/** An encrypted MSAL cache file. Call {@link EncryptedTokenCache.open} before handing it to MSAL. */
export class EncryptedTokenCache implements ICachePlugin {
  #key: Buffer | null = null;
  #salt: Buffer | null = null;
  #plain: string | null = null;
  #writing: Promise<void> = Promise.resolve();

  /** `passphrase` is asked once, when the cache is opened. */
  constructor(
    readonly path: string,
    private readonly passphrase: () => Promise<string>,
  ) {}

  /** Reads and decrypts the file (if it exists); a wrong passphrase fails here, before sign-in. */
  async open(): Promise<void> {
    let text: string | null = null;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new UsageError(`[auth] cannot read the token cache ${this.path}: ${(err as Error).message}`);
    }
    const passphrase = await this.passphrase();
    if (passphrase === '') throw new UsageError('[auth] the token cache passphrase is empty');
    if (text === null) {
      this.#salt = randomBytes(16);
      this.#key = await deriveKey(passphrase, this.#salt);
      this.#plain = '';
      return;
    }
    let file: CacheFile;
    try {
      file = JSON.parse(text) as CacheFile;
      if (file.format !== FORMAT || file.version !== 1 || file.cipher !== 'aes-256-gcm')
        throw new Error('format');
      const fields = [file.kdf?.salt, file.iv, file.tag, file.data];
      if (!fields.every((f) => typeof f === 'string')) throw new Error('format');
    } catch {
      throw new FormatError(
        `[auth] ${this.path} is not a mailtrail token cache; name another file or delete it to start a new cache`,
      );
    }
    this.#salt = Buffer.from(file.kdf.salt, 'base64');
    this.#key = await deriveKey(passphrase, this.#salt);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(file.iv, 'base64'), {
        authTagLength: 16,
      });
      decipher.setAAD(associated(file));
      const tag = Buffer.from(file.tag, 'base64');
      // A shortened tag would make forging an altered file far easier: only the full 16 bytes count.
      if (tag.length !== 16) throw new Error('tag');
      decipher.setAuthTag(tag);
      this.#plain = Buffer.concat([
        decipher.update(Buffer.from(file.data, 'base64')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      this.#key = null;
      throw new UsageError(
        `[auth] cannot decrypt the token cache ${this.path}: wrong passphrase (MAILTRAIL_CACHE_PASSPHRASE) or the file was altered; delete it to sign in afresh`,
      );
    }
  }

  async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
    if (this.#key === null) await this.open();
    if (this.#plain) context.tokenCache.deserialize(this.#plain);
  }

  async afterCacheAccess(context: TokenCacheContext): Promise<void> {
    if (!context.cacheHasChanged) return;
    this.#plain = context.tokenCache.serialize();
    const plain = this.#plain;
    // A failed earlier write must not fail every later one: each write starts after the last settles.
    const next = this.#writing.catch(() => undefined).then(() => this.#write(plain));
    this.#writing = next;
    await next;
  }

  async #write(plain: string): Promise<void> {
    const iv = randomBytes(12);
    const head = {
      format: FORMAT,
      version: 1,
      kdf: { ...KDF, salt: this.#salt!.toString('base64') },
      cipher: 'aes-256-gcm',
    } as const;
    const cipher = createCipheriv('aes-256-gcm', this.#key!, iv);
    cipher.setAAD(associated(head));
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const file: CacheFile = {
      ...head,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
    const tmp = join(dirname(this.path), `.${basename(this.path)}.${randomBytes(4).toString('hex')}.tmp`);
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(`${JSON.stringify(file)}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await chmod(tmp, 0o600);
      await rename(tmp, this.path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw new UsageError(`[auth] cannot write the token cache ${this.path}: ${(err as Error).message}`);
    }
  }
}

/**
 * The Case API: create a case, open it, add evidence to it. A case is a directory holding the
 * store (`case.duckdb`), the manifest, the evidence (byte for byte, hashed) and the ledger; see
 * docs/case.md. Only one process writes a case at a time (the store's lock), and every manifest
 * write is atomic.
 *
 * @module
 */
import { mkdir, readdir, rename, rm, chmod, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { basename, resolve } from 'node:path';
import { EvidenceError, StoreError, UsageError } from '../errors.js';
import { redactArgv } from '../sources/_http/credentials.js';
import { openDuckDbStore, type EventStore, type RunRecord } from '../store/index.js';
import { ACQUISITIONS_DIR, CASE_DB, IMPORTS_DIR, MANIFEST, PARTIAL_PREFIX, inCase } from './case-layout.js';
import { copyAndHash, hashFile } from './hash-file.js';
import { appendLedger, type LedgerEntry } from './ledger.js';
import {
  newManifest,
  readManifest,
  writeManifest,
  type CaseManifest,
  type CaseMeta,
  type EvidenceEntry,
  type EvidenceKind,
} from './manifest.js';

export interface OpenCaseOptions {
  readonly readOnly?: boolean;
  /** Read-only, and the store refuses file access: for SQL typed by a user. */
  readonly sandbox?: boolean;
  /** The command line recorded with evidence and runs (credentials are redacted here). */
  readonly command?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** An added or registered evidence file; `alreadyPresent` when the same bytes were already listed. */
export type AddedEvidence = EvidenceEntry & { readonly alreadyPresent: boolean };

export interface Case {
  /** Absolute path of the case directory. */
  readonly dir: string;
  readonly store: EventStore;
  /** The manifest as last written (a snapshot; re-read after changes). */
  readonly manifest: CaseManifest;
  readonly readOnly: boolean;
  /** The redacted command line this handle records with evidence and runs. */
  readonly command: readonly string[];
  /** Copies a file into `evidence/imports/` (once per content hash), hashing it on the way. */
  addEvidenceFile(srcPath: string, opts?: { signal?: AbortSignal }): Promise<AddedEvidence>;
  /** Hashes and lists a file already inside the case (acquisition pages and metadata). */
  registerEvidence(relPath: string, kind: EvidenceKind): Promise<AddedEvidence>;
  /** {@link registerEvidence} for many files with one manifest write. */
  registerEvidenceFiles(files: readonly { path: string; kind: EvidenceKind }[]): Promise<AddedEvidence[]>;
  /** Appends a committed run to the manifest. */
  recordRun(run: RunRecord): Promise<void>;
  appendLedger(entry: LedgerEntry): Promise<void>;
  close(): Promise<void>;
}

/**
 * Creates a case in `dir`, which must not exist or be empty: a case is never created over
 * other files, and an existing case is never re-initialised.
 */
export async function initCase(dir: string, meta: CaseMeta = {}, opts: OpenCaseOptions = {}): Promise<Case> {
  const abs = resolve(dir);
  if (existsSync(abs)) {
    const entries = await readdir(abs);
    if (entries.length > 0) {
      throw new UsageError(
        existsSync(inCase(abs, MANIFEST))
          ? `[case] ${dir} is already a mailtrail case`
          : `[case] ${dir} exists and is not empty: choose a new or empty directory for the case`,
      );
    }
  }
  await mkdir(inCase(abs, IMPORTS_DIR), { recursive: true });
  await mkdir(inCase(abs, ACQUISITIONS_DIR), { recursive: true });
  const now = new Date().toISOString();
  await writeManifest(abs, newManifest(meta, now, basename(abs)));
  await appendLedger(abs, { action: 'case.init', ...actorOf(opts.command ?? []), meta });
  return openCase(abs, opts);
}

/** Opens an existing case. A writable open takes the case's single-writer lock. */
export async function openCase(dir: string, opts: OpenCaseOptions = {}): Promise<Case> {
  const abs = resolve(dir);
  if (!existsSync(inCase(abs, MANIFEST))) {
    throw new UsageError(
      `[case] ${dir} is not a mailtrail case (no ${MANIFEST}); create one with mailtrail case init`,
    );
  }
  const readOnly = opts.readOnly === true || opts.sandbox === true;
  const store = await openDuckDbStore(inCase(abs, CASE_DB), {
    readOnly,
    ...(opts.sandbox ? { sandbox: true } : {}),
    ...(opts.env ? { env: opts.env } : {}),
  });
  try {
    let manifest = await readManifest(abs);
    if (!readOnly) manifest = await recoverAfterCrash(abs, store, manifest);
    return new CaseHandle(abs, store, manifest, readOnly, redactArgv(opts.command ?? []));
  } catch (err) {
    store.close();
    throw err;
  }
}

/**
 * Repairs what a crash can leave: a half-copied evidence file (removed: it was never listed),
 * and a run committed to the store but not yet written to the manifest (restored).
 */
async function recoverAfterCrash(
  dir: string,
  store: EventStore,
  manifest: CaseManifest,
): Promise<CaseManifest> {
  const imports = inCase(dir, IMPORTS_DIR);
  if (existsSync(imports)) {
    for (const name of await readdir(imports)) {
      if (name.startsWith(PARTIAL_PREFIX)) await rm(inCase(imports, name), { force: true });
    }
  }
  const listed = new Set(manifest.runs.map((r) => r.id));
  const missing = (await store.runs()).filter((r) => !listed.has(r.id));
  if (missing.length === 0) return manifest;
  const repaired = { ...manifest, runs: [...manifest.runs, ...missing] };
  await writeManifest(dir, repaired);
  await appendLedger(dir, { action: 'manifest.recovered-runs', runs: missing.map((r) => r.id) });
  return repaired;
}

/** Who ran what; the command line is redacted here too, whatever the caller passed. */
function actorOf(command: readonly string[]) {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): fall back to the environment.
    user = process.env.USER ?? 'unknown';
  }
  return { command: redactArgv(command).join(' '), user, host: hostname() };
}

/** A file name safe inside the evidence folder: no separators or control characters. */
function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
  return name.replace(/[\u0000-\u001f/\\:*?"<>|]/g, '_').slice(0, 120) || 'evidence';
}

class CaseHandle implements Case {
  constructor(
    readonly dir: string,
    readonly store: EventStore,
    private current: CaseManifest,
    readonly readOnly: boolean,
    readonly command: readonly string[],
  ) {}

  get manifest(): CaseManifest {
    return this.current;
  }

  async addEvidenceFile(srcPath: string, opts: { signal?: AbortSignal } = {}): Promise<AddedEvidence> {
    this.assertWritable();
    const src = resolve(srcPath);
    const info = await stat(src).catch((err: unknown) => {
      throw new UsageError(`[case] Cannot read ${srcPath}: ${(err as Error).message}`, { cause: err });
    });
    if (!info.isFile()) throw new UsageError(`[case] ${srcPath} is not a file`);
    const tmp = inCase(this.dir, `${IMPORTS_DIR}/${PARTIAL_PREFIX}${randomBytes(6).toString('hex')}`);
    let hash;
    try {
      hash = await copyAndHash(src, tmp, opts.signal);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    const existing = this.current.evidence.find((e) => e.sha256 === hash.sha256 && e.kind === 'import');
    if (existing) {
      await rm(tmp, { force: true });
      return { ...existing, alreadyPresent: true };
    }
    const rel = `${IMPORTS_DIR}/${hash.sha256.slice(0, 12)}-${safeName(basename(src))}`;
    await rename(tmp, inCase(this.dir, rel));
    await chmod(inCase(this.dir, rel), 0o444);
    const entry: EvidenceEntry = {
      path: rel,
      sha256: hash.sha256,
      size: hash.size,
      addedAt: new Date().toISOString(),
      addedBy: actorOf(this.command),
      kind: 'import',
      originalPath: srcPath,
    };
    await this.saveEvidence([...this.current.evidence, entry]);
    await this.appendLedger({
      action: 'evidence.add',
      path: rel,
      sha256: hash.sha256,
      size: hash.size,
      originalPath: srcPath,
    });
    return { ...entry, alreadyPresent: false };
  }

  async registerEvidence(relPath: string, kind: EvidenceKind): Promise<AddedEvidence> {
    return (await this.registerEvidenceFiles([{ path: relPath, kind }]))[0]!;
  }

  async registerEvidenceFiles(
    files: readonly { path: string; kind: EvidenceKind }[],
  ): Promise<AddedEvidence[]> {
    this.assertWritable();
    const byPath = new Map(this.current.evidence.map((e) => [e.path, e]));
    const out: AddedEvidence[] = [];
    let changed = false;
    for (const f of files) {
      const hash = await hashFile(inCase(this.dir, f.path)).catch((err: unknown) => {
        throw new EvidenceError(`[case] Cannot read evidence ${f.path}: ${(err as Error).message}`, {
          cause: err,
        });
      });
      const listed = byPath.get(f.path);
      if (listed && listed.sha256 === hash.sha256) {
        out.push({ ...listed, alreadyPresent: true });
        continue;
      }
      if (listed && f.kind !== 'acquisition-meta') {
        throw new EvidenceError(
          `[case] Evidence ${f.path} changed since it was registered (sha256 ${listed.sha256} → ${hash.sha256}): ` +
            'run mailtrail case verify',
        );
      }
      // Acquisition metadata (checkpoint, ledger) legitimately grows while a retrieval resumes.
      const entry: EvidenceEntry = {
        path: f.path,
        sha256: hash.sha256,
        size: hash.size,
        addedAt: new Date().toISOString(),
        addedBy: actorOf(this.command),
        kind: f.kind,
      };
      byPath.set(f.path, entry);
      changed = true;
      out.push({ ...entry, alreadyPresent: false });
    }
    if (changed) {
      await this.saveEvidence([...byPath.values()]);
      await this.appendLedger({
        action: 'evidence.register',
        files: out.filter((e) => !e.alreadyPresent).map((e) => ({ path: e.path, sha256: e.sha256 })),
      });
    }
    return out;
  }

  async recordRun(run: RunRecord): Promise<void> {
    this.assertWritable();
    this.current = { ...this.current, runs: [...this.current.runs.filter((r) => r.id !== run.id), run] };
    await writeManifest(this.dir, this.current);
  }

  async appendLedger(entry: LedgerEntry): Promise<void> {
    this.assertWritable();
    await appendLedger(this.dir, entry);
  }

  async close(): Promise<void> {
    this.store.close();
  }

  private async saveEvidence(evidence: readonly EvidenceEntry[]): Promise<void> {
    this.current = { ...this.current, evidence };
    await writeManifest(this.dir, this.current);
    await this.store.syncEvidence(
      evidence.map((e) => ({
        path: e.path,
        sha256: e.sha256,
        size: e.size,
        kind: e.kind,
        addedAt: e.addedAt,
        ...(e.originalPath !== undefined ? { originalPath: e.originalPath } : {}),
      })),
    );
  }

  private assertWritable(): void {
    if (this.readOnly) throw new StoreError(`[case] ${this.dir} is open read-only`);
  }
}

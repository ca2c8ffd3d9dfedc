/**
 * `mailtrail case verify`: re-hashes every evidence file the manifest lists and looks for files
 * it does not list. What this proves: each listed file still has the bytes (SHA-256) it had
 * when it entered the case, and nothing was added to the evidence folder behind the
 * manifest's back. It does not prove the manifest itself is genuine: keep its hash (or the
 * whole case) somewhere the case's users cannot write.
 *
 * It reads only the manifest and the files, not the database, so it also works while another
 * process has the case open.
 *
 * @module
 */
import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EVIDENCE_DIR, inCase } from './case-layout.js';
import { hashFile } from './hash-file.js';
import { readManifest } from './manifest.js';

export interface VerifyReport {
  readonly dir: string;
  readonly checked: number;
  readonly verified: number;
  readonly missing: readonly string[];
  readonly changed: readonly { path: string; expected: string; actual: string; size: number }[];
  readonly unlisted: readonly string[];
  readonly ok: boolean;
}

export async function verifyCase(dir: string, onFile?: (path: string) => void): Promise<VerifyReport> {
  const manifest = await readManifest(dir);
  const missing: string[] = [];
  const changed: { path: string; expected: string; actual: string; size: number }[] = [];
  let verified = 0;
  for (const e of manifest.evidence) {
    onFile?.(e.path);
    const abs = inCase(dir, e.path);
    if (!existsSync(abs)) {
      missing.push(e.path);
      continue;
    }
    const h = await hashFile(abs);
    if (h.sha256 !== e.sha256 || h.size !== e.size)
      changed.push({ path: e.path, expected: e.sha256, actual: h.sha256, size: h.size });
    else verified++;
  }
  const listed = new Set(manifest.evidence.map((e) => e.path));
  const unlisted: string[] = [];
  const walk = async (rel: string) => {
    for (const d of await readdir(inCase(dir, rel), { withFileTypes: true })) {
      const child = `${rel}/${d.name}`;
      if (d.isDirectory()) await walk(child);
      else if (!listed.has(child)) unlisted.push(child);
    }
  };
  if (existsSync(join(dir, EVIDENCE_DIR))) await walk(EVIDENCE_DIR);
  unlisted.sort();
  return {
    dir,
    checked: manifest.evidence.length,
    verified,
    missing,
    changed,
    unlisted,
    ok: missing.length === 0 && changed.length === 0 && unlisted.length === 0,
  };
}

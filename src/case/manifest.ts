/**
 * The case manifest: who made the case and why, every evidence file with its SHA-256, and every
 * run. It is the human-readable record of the case; the database mirrors its evidence list and
 * holds the authoritative copy of committed runs (a run missing here after a crash is restored
 * from the database on the next writable open).
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { StoreError } from '../errors.js';
import type { RunRecord } from '../store/index.js';
import { VERSION } from '../version.js';
import { writeFileAtomic } from './atomic-write.js';
import { MANIFEST, inCase } from './case-layout.js';

export type EvidenceKind = 'import' | 'acquisition-page' | 'acquisition-meta';

export interface EvidenceEntry {
  /** Relative to the case directory, `/`-separated. */
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
  readonly addedAt: string;
  readonly addedBy: { readonly command: string; readonly user: string; readonly host: string };
  readonly kind: EvidenceKind;
  /** Where an imported file was copied from, as the user named it. */
  readonly originalPath?: string;
}

export interface CaseManifest {
  readonly format: 'mailtrail-case';
  readonly version: 1;
  readonly name: string;
  readonly examiner: string;
  readonly purpose: string;
  /** The examiner's time zone, informational: all stored data is UTC. */
  readonly timeZone: string;
  readonly createdAt: string;
  readonly tool: { readonly name: string; readonly version: string };
  readonly evidence: readonly EvidenceEntry[];
  readonly runs: readonly RunRecord[];
}

export interface CaseMeta {
  readonly name?: string;
  readonly examiner?: string;
  readonly purpose?: string;
  readonly timeZone?: string;
}

export function newManifest(meta: CaseMeta, createdAt: string, defaultName: string): CaseManifest {
  return {
    format: 'mailtrail-case',
    version: 1,
    name: meta.name ?? defaultName,
    examiner: meta.examiner ?? '',
    purpose: meta.purpose ?? '',
    timeZone: meta.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC',
    createdAt,
    tool: { name: 'mailtrail', version: VERSION },
    evidence: [],
    runs: [],
  };
}

export async function readManifest(dir: string): Promise<CaseManifest> {
  const path = inCase(dir, MANIFEST);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new StoreError(`[case] ${dir} is not a mailtrail case: cannot read ${MANIFEST}`, { cause: err });
  }
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (err) {
    throw new StoreError(`[case] ${path} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const o = m as Partial<CaseManifest> | null;
  if (!o || o.format !== 'mailtrail-case')
    throw new StoreError(`[case] ${path} is not a mailtrail case manifest`);
  if (o.version !== 1) {
    throw new StoreError(
      `[case] ${path} has manifest version ${String(o.version)}, this mailtrail reads version 1: upgrade mailtrail`,
    );
  }
  if (!Array.isArray(o.evidence) || !Array.isArray(o.runs)) {
    throw new StoreError(`[case] ${path} lacks its evidence or runs list`);
  }
  return o as CaseManifest;
}

/** Writes the manifest atomically: a reader sees the old or the new file, never a mix. */
export async function writeManifest(dir: string, manifest: CaseManifest): Promise<void> {
  await writeFileAtomic(inCase(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
}

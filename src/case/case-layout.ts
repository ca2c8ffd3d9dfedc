/**
 * Where things live inside a case directory (docs/case.md). Evidence paths in the manifest are
 * relative to the case directory and use `/`, so a case can be moved or copied whole.
 *
 * @module
 */
import { join, relative, sep } from 'node:path';

export const CASE_DB = 'case.duckdb';
export const MANIFEST = 'manifest.json';
export const LEDGER = 'ledger.jsonl';
export const EVIDENCE_DIR = 'evidence';
export const IMPORTS_DIR = 'evidence/imports';
export const ACQUISITIONS_DIR = 'evidence/acquisitions';
/** Prefix of an evidence copy still being written (removed on the next writable open). */
export const PARTIAL_PREFIX = '.partial-';

/** Absolute path of a case-relative posix path. */
export const inCase = (dir: string, rel: string) => join(dir, ...rel.split('/'));

/** Case-relative posix path of an absolute path inside the case. */
export const caseRelative = (dir: string, abs: string) => relative(dir, abs).split(sep).join('/');

/** True when `abs` is inside `dir` (not equal to it). */
export function isInside(dir: string, abs: string): boolean {
  const rel = relative(dir, abs);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel);
}

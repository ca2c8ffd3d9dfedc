/**
 * Reads a retriever acquisition directory's `acquisition.json` (docs/acquisition-format.md) and
 * checks the fields the importer relies on, naming the field that is wrong.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FormatError } from '../errors.js';

export interface AcquisitionPage {
  readonly file: string;
  readonly mailbox: string;
  readonly slice?: number;
  readonly page?: number;
  readonly request?: string;
  readonly records?: number;
  readonly sha256?: string;
}

export interface AcquisitionMailbox {
  readonly mailbox: string;
  readonly complete: boolean;
  readonly records?: number;
  readonly missingSlices?: readonly unknown[];
}

export interface AcquisitionManifest {
  readonly format: 'mailtrail-activities-acquisition';
  readonly version: 1;
  readonly id: string;
  readonly complete: boolean;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly mailboxes: readonly AcquisitionMailbox[];
  readonly pages: readonly AcquisitionPage[];
}

export async function readAcquisitionManifest(dir: string): Promise<AcquisitionManifest> {
  const path = join(dir, 'acquisition.json');
  let a: Record<string, unknown>;
  try {
    a = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new FormatError(`[import] Cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  const bad = (field: string, why: string) => new FormatError(`[import] ${path}: field ${field} ${why}`);
  if (a.format !== 'mailtrail-activities-acquisition')
    throw bad('format', 'is not "mailtrail-activities-acquisition"');
  if (a.version !== 1)
    throw bad('version', `is ${JSON.stringify(a.version)}; this mailtrail reads version 1`);
  if (typeof a.id !== 'string' || !/^[A-Za-z0-9._-]+$/.test(a.id))
    throw bad('id', 'is missing or not a plain name');
  if (typeof a.complete !== 'boolean') throw bad('complete', 'is not true or false');
  if (!Array.isArray(a.pages)) throw bad('pages', 'is not a list');
  a.pages.forEach((p: unknown, i) => {
    const o = p as Record<string, unknown> | null;
    if (!o || typeof o.file !== 'string' || o.file.includes('..') || o.file.startsWith('/'))
      throw bad(`pages[${i}].file`, 'is missing or leaves the acquisition directory');
    if (typeof o.mailbox !== 'string' || o.mailbox === '') throw bad(`pages[${i}].mailbox`, 'is missing');
  });
  if (!Array.isArray(a.mailboxes)) throw bad('mailboxes', 'is not a list');
  return a as unknown as AcquisitionManifest;
}

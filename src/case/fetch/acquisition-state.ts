/**
 * The on-disk state of an Activities acquisition (docs/acquisition-format.md): the checkpoint that
 * makes `--resume` possible after any interruption, including SIGKILL, and the final
 * `acquisition.json` summary. Only slices whose every page is safely on disk are marked done.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../errors.js';
import type { Slice } from '../../sources/activities-api/slices.js';
import { writeFileAtomic } from '../atomic-write.js';

export const ACQUISITION_FORMAT = 'mailtrail-activities-acquisition';
export const CHECKPOINT_FORMAT = 'mailtrail-activities-checkpoint';

/** What was asked. A resumed run must ask exactly the same. */
export interface AcquisitionParams {
  readonly baseUrl: string;
  readonly mailboxes: readonly string[];
  readonly start: string | null;
  readonly end: string | null;
  readonly types: readonly string[];
  readonly slicesPerMailbox: number;
}

export interface PageEntry {
  readonly file: string;
  readonly mailbox: string;
  readonly slice: number;
  readonly page: number;
  readonly request: string;
  readonly records: number;
  readonly sha256: string;
  readonly bodySha256: string;
}

export interface SliceDone {
  readonly pages: PageEntry[];
  readonly records: number;
}

export interface MailboxState {
  /** `undefined`: not probed yet; `null`: the mailbox holds no matching record. */
  range?: { firstMs: number; lastMs: number } | null;
  slices?: Slice[];
  done: Record<number, SliceDone>;
}

export interface Checkpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: 1;
  readonly id: string;
  readonly startedAt: string;
  readonly params: AcquisitionParams;
  readonly mailboxes: Record<string, MailboxState>;
}

export interface MailboxSummary {
  readonly mailbox: string;
  readonly complete: boolean;
  readonly records: number;
  readonly missingSlices: string[];
  readonly error?: string;
}

export interface AcquisitionSummary {
  readonly format: typeof ACQUISITION_FORMAT;
  readonly version: 1;
  readonly id: string;
  readonly tool: string;
  readonly baseUrl: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly complete: boolean;
  readonly query: { start: string | null; end: string | null; types: readonly string[] };
  readonly mailboxes: MailboxSummary[];
  readonly pages: PageEntry[];
  readonly requests: number;
  readonly retries: number;
}

export function newAcquisitionId(now: Date): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(2).toString('hex')}`;
}

export function newCheckpoint(id: string, params: AcquisitionParams, startedAt: string): Checkpoint {
  const mailboxes: Record<string, MailboxState> = {};
  for (const m of params.mailboxes) mailboxes[m] = { done: {} };
  return { format: CHECKPOINT_FORMAT, version: 1, id, startedAt, params, mailboxes };
}

export async function saveCheckpoint(dir: string, cp: Checkpoint): Promise<void> {
  await writeFileAtomic(join(dir, 'checkpoint.json'), JSON.stringify(cp, null, 1) + '\n');
}

export async function loadCheckpoint(dir: string): Promise<Checkpoint> {
  const path = join(dir, 'checkpoint.json');
  const cp = JSON.parse(await readFile(path, 'utf8')) as Checkpoint;
  if (cp.format !== CHECKPOINT_FORMAT || cp.version !== 1) {
    throw new UsageError(`[fetch] ${path} is not a mailtrail checkpoint this version can resume`);
  }
  return cp;
}

/** True when the directory holds a finished acquisition (its summary exists). */
export function isFinished(dir: string): boolean {
  return existsSync(join(dir, 'acquisition.json'));
}

/**
 * The most recent unfinished acquisition under a case's `evidence/acquisitions`, if any:
 * what `--resume` continues. `kind` picks the retriever's own checkpoints (by their `format`, and
 * `source` when given), so resuming one retriever never continues another's acquisition.
 */
export async function latestUnfinished(
  root: string,
  kind: { format: string; source?: string } = { format: CHECKPOINT_FORMAT },
): Promise<string | undefined> {
  if (!existsSync(root)) return undefined;
  const names = (await readdir(root)).sort().reverse();
  for (const n of names) {
    const dir = join(root, n);
    if (existsSync(join(dir, 'checkpoint.json'))) {
      const cp = JSON.parse(await readFile(join(dir, 'checkpoint.json'), 'utf8')) as {
        format?: unknown;
        source?: unknown;
      };
      if (cp.format !== kind.format || (kind.source !== undefined && cp.source !== kind.source)) continue;
      if (!isFinished(dir)) return dir;
      const summary = JSON.parse(await readFile(join(dir, 'acquisition.json'), 'utf8')) as AcquisitionSummary;
      if (!summary.complete) return dir;
    }
  }
  return undefined;
}

/** Explains how a resumed request differs from the checkpoint's, or `undefined` when they match. */
export function paramsMismatch(a: AcquisitionParams, b: AcquisitionParams): string | undefined {
  const show = (p: AcquisitionParams) =>
    JSON.stringify({
      baseUrl: p.baseUrl,
      mailboxes: p.mailboxes,
      start: p.start,
      end: p.end,
      types: p.types,
    });
  return show(a) === show(b) ? undefined : `checkpoint has ${show(b)}, this command asks ${show(a)}`;
}

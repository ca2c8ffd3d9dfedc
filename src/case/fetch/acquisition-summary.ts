/**
 * Closing and resuming an acquisition on disk: the `acquisition.json` summary (complete or with
 * every missing slice named), and the clean-up of pages left by slices that never finished.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describeSlice } from '../../sources/activities-api/slices.js';
import { VERSION } from '../../version.js';
import { writeFileAtomic } from '../atomic-write.js';
import {
  ACQUISITION_FORMAT,
  type AcquisitionSummary,
  type Checkpoint,
  type MailboxSummary,
  type PageEntry,
} from './acquisition-state.js';

export async function writeSummary(
  dir: string,
  cp: Checkpoint,
  failures: Map<string, string>,
  counters: { requests: number; retries: number },
): Promise<AcquisitionSummary> {
  const mailboxes: MailboxSummary[] = [];
  const pages: PageEntry[] = [];
  for (const mailbox of cp.params.mailboxes) {
    const state = cp.mailboxes[mailbox]!;
    const missing: string[] = [];
    let records = 0;
    if (!state.slices) missing.push('the whole period (the mailbox could not be probed)');
    for (const slice of state.slices ?? []) {
      const done = state.done[slice.index];
      if (!done) missing.push(describeSlice(slice));
      else {
        records += done.records;
        pages.push(...done.pages);
      }
    }
    const error = failures.get(mailbox);
    mailboxes.push({
      mailbox,
      complete: missing.length === 0,
      records,
      missingSlices: missing,
      ...(error ? { error } : {}),
    });
  }
  const summary: AcquisitionSummary = {
    format: ACQUISITION_FORMAT,
    version: 1,
    id: cp.id,
    tool: `mailtrail ${VERSION}`,
    baseUrl: cp.params.baseUrl,
    startedAt: cp.startedAt,
    finishedAt: new Date().toISOString(),
    complete: mailboxes.every((m) => m.complete),
    query: { start: cp.params.start, end: cp.params.end, types: cp.params.types },
    mailboxes,
    pages,
    requests: counters.requests,
    retries: counters.retries,
  };
  await writeFileAtomic(join(dir, 'acquisition.json'), JSON.stringify(summary, null, 1) + '\n');
  return summary;
}

/** Pages of slices that never finished, and half-written temporary files: removed before a resume. */
export async function removeUnlistedPages(dir: string, cp: Checkpoint): Promise<string[]> {
  const listed = new Set<string>();
  for (const state of Object.values(cp.mailboxes)) {
    for (const done of Object.values(state.done)) for (const p of done.pages) listed.add(p.file);
  }
  const removed: string[] = [];
  const root = join(dir, 'pages');
  if (!existsSync(root)) return removed;
  for (const mailboxDir of await readdir(root)) {
    for (const name of await readdir(join(root, mailboxDir))) {
      const rel = `pages/${mailboxDir}/${name}`;
      if (!listed.has(rel)) {
        await rm(join(dir, rel), { force: true });
        removed.push(rel);
      }
    }
  }
  return removed;
}

export function mailboxFinished(cp: Checkpoint, mailbox: string): boolean {
  const s = cp.mailboxes[mailbox];
  return !!s?.slices && s.slices.every((sl) => s.done[sl.index]);
}
